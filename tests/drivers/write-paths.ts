/**
 * Test driver for the hostile suite's kill test (tests/hostile/kills.test.ts): runs every write
 * path of the archive in turn, as fast as it can, and prints one `ack <path> <what>` line for
 * each change the archive acknowledged (written and fsynced) — until it is killed with -9.
 * Diarization: a result (cluster centroids under voiceprints/, then the record), put onto the
 * transcript, and the voiceprint of a person with consent synced.
 *   node <bundle> ARCHIVE_DIR EVENT_ID RECORDING_ID MEDIA_FILE
 */
import { Archive } from '../../main/core/archive/archive';
import { readDiarization } from '../../main/core/archive/documents';
import { applyToTranscript, recordDiarizationResult } from '../../main/core/diarization/service';
import { enableVoiceprint, syncRecordingVoiceprints } from '../../main/core/diarization/voices';
import { importRecording } from '../../main/core/archive/files';
import { layout } from '../../main/core/archive/layout';
import { resolveFfmpeg } from '../../main/core/media';
import { addQuote } from '../../main/core/quotes';
import { addSpeaker } from '../../main/core/speakers';
import { loadWorking, saveWorking } from '../../main/core/transcript/working';
import { Journal } from '../../main/core/transcription/journal';

const [dir, eventId, recordingId, media] = process.argv.slice(2);
if (!dir || !eventId || !recordingId || !media) throw new Error('usage: write-paths ARCHIVE EVENT RECORDING MEDIA');
const archive = await Archive.open(dir);
const ff = await resolveFfmpeg();
const tag = `${process.pid}`;
const ack = (line: string) => process.stdout.write(`ack ${line}\n`);
const journalFile = await archive.store.resolve(layout.journal(eventId, recordingId));
const { journal, segments } = await Journal.open(journalFile, 'uji-kill');
let journaled = segments.length;
// a person with consent to a voiceprint, and a diarization result to write again and again
const person =
  archive.document.speakers.find((s) => s.name === 'Mashudi Uji') ?? (await addSpeaker(archive, { name: 'Mashudi Uji', title: 'Direktur Jenderal Pemasyarakatan', org: '', notes: '' }));
await enableVoiceprint(archive, person.id, 'setuju');
const unit = Array.from({ length: 192 }, (_, i) => (i === 0 ? 1 : 0));
const models = { segmentation: { id: null, file: 'uji-segmentasi.onnx', sha256: 'a'.repeat(64) }, embedding: { id: null, file: 'uji-suara.onnx', sha256: 'b'.repeat(64), dim: 192 } };
const result = {
  turns: [{ start: 0, end: 1, speaker: 0 }],
  clusters: [{ speaker: 0, speechSec: 1, turns: 1, centroid: unit, centroidSec: 1 }],
  durationSec: 1,
  speechSec: 1,
  stats: { wallSec: 0, rawClusters: 1, embeddings: 1, windowShiftRatio: 0.1 },
};
process.stdout.write('ready\n');

for (let n = 1; ; n++) {
  // event edit
  const ev = await archive.mutateEvent(eventId, (e) => ({ ...e, description: `edit ${tag}-${n}` }));
  ack(`event ${ev.rev}`);
  // speaker add
  const s = await addSpeaker(archive, { name: `Petugas ${tag}-${n}`, title: 'Staf Humas', org: 'Rutan', notes: '' });
  ack(`speaker ${s.id}`);
  // transcript save
  const w = await loadWorking(archive, eventId, recordingId);
  const saved = await saveWorking(archive, eventId, recordingId, w?.rev ?? 0, {
    labels: [],
    segments: [{ id: 's0001', start: 0, end: 1, text: `kalimat ${tag}-${n}`, words: [], speaker: null }],
  });
  ack(`transcript ${saved.rev}`);
  // quote add
  const q = await addQuote(archive, eventId, { recordingId, start: 0, end: 1, text: `kutipan ${tag}-${n}` });
  ack(`quote ${q.id}`);
  // journal append
  await journal.append({ id: `j${journaled}`, start: journaled, end: journaled + 1, text: `segmen ${journaled}`, words: [], noSpeechProb: 0, language: 'id' });
  journaled++;
  ack(`journal ${journaled}`);
  // diarization: a result, onto the transcript, the voiceprint of the person its cluster is named with
  const before = (await readDiarization(archive.store, eventId, recordingId)) ?? { formatVersion: 1 as const, recordingId, state: 'running' as const, startedAt: '', params: { numSpeakers: null }, result: null, applied: null, pending: null };
  const found = await recordDiarizationResult(archive, eventId, recordingId, before, result, models);
  ack(`diarization ${found.result!.createdAt}`);
  const applied = await applyToTranscript(archive, eventId, recordingId);
  ack(`applied ${applied!.applied!.rev}`);
  const named = await loadWorking(archive, eventId, recordingId);
  await saveWorking(archive, eventId, recordingId, named!.rev, {
    labels: named!.labels.map((l) => (l.id === applied!.applied!.clusterLabels[0] ? { ...l, speakerId: person.id } : l)),
    segments: named!.segments,
  });
  if ((await syncRecordingVoiceprints(archive, eventId, recordingId)).includes(person.id)) ack(`voiceprint ${person.id}`);
  // import (every third round: it is the slowest path)
  if (n % 3 === 1) {
    const ev2 = await archive.createEvent({ title: `Impor ${tag}-${n}`, date: '2025-07-02', type: 'rapat' });
    ack(`event-created ${ev2.id}`);
    const r = await importRecording(archive, ff, ev2.id, media);
    ack(`import ${ev2.id} ${r.recording.id}`);
  }
}
