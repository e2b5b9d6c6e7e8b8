/**
 * A full disk on every write path: a small real file system (tmpfs), filled until 0, 4 KB or
 * 16 KB are left, then each write is tried. It either fits, or answers DISK_FULL; either way the
 * archive is clean afterwards — it opens with no problem, no temporary file is left, what the app
 * holds in memory is what is on disk, and a refused write changed nothing (a change of several
 * files — a diarization result, its application to the transcript — included).
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../main/core/archive/archive';
import { readQuotes, readWorking } from '../../main/core/archive/documents';
import { updateArchiveSettings } from '../../main/core/archive/edits';
import { addAttachment, importRecording } from '../../main/core/archive/files';
import { layout } from '../../main/core/archive/layout';
import { RisalahError } from '../../main/core/errors';
import { resolveFfmpeg, type FfmpegTools } from '../../main/core/media';
import { addQuote } from '../../main/core/quotes';
import { addSpeaker } from '../../main/core/speakers';
import { loadWorking, saveWorking } from '../../main/core/transcript/working';
import { applyToTranscript, recordDiarizationResult } from '../../main/core/diarization/service';
import { enableVoiceprint, syncRecordingVoiceprints } from '../../main/core/diarization/voices';
import type { StoredDiarization } from '../../main/core/archive/formats';
import { Journal } from '../../main/core/transcription/journal';
import { mediaFixtures } from '../helpers/media-fixtures';
import { snapshotDir } from '../helpers/snapshot';
import { fillDisk, mountSmallDisk } from '../helpers/tmpfs';
import { LONG, record } from './figures';

let ff: FfmpegTools;
let media: string;
let pdf: string;
beforeAll(async () => {
  const fx = await mediaFixtures();
  ff = await resolveFfmpeg();
  media = fx.good.mp3.path;
  pdf = path.join(fx.dir, 'MoU.pdf');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(pdf, `%PDF-1.4\n${'isi perjanjian '.repeat(4000)}\n`);
}, 300_000);

interface Ctx {
  archive: Archive;
  eventId: string;
  recordingId: string;
  /** A person (made by a path's preparation). */
  speakerId?: string;
}

// a diarization result as the engine gives it (one speaker, a unit centroid)
const RESULT = {
  turns: [{ start: 0, end: 1, speaker: 0 }],
  clusters: [{ speaker: 0, speechSec: 1, turns: 1, centroid: Array.from({ length: 192 }, (_, i) => (i === 0 ? 1 : 0)), centroidSec: 1 }],
  durationSec: 1,
  speechSec: 1,
  stats: { wallSec: 0, rawClusters: 1, embeddings: 1, windowShiftRatio: 0.1 },
};
const MODELS = { segmentation: { id: null, file: 'uji-segmentasi.onnx', sha256: 'a'.repeat(64) }, embedding: { id: null, file: 'uji-suara.onnx', sha256: 'b'.repeat(64), dim: 192 } };
const RUNNING = (recordingId: string): StoredDiarization => ({ formatVersion: 1, recordingId, state: 'running', startedAt: '', params: { numSpeakers: null }, result: null, applied: null, pending: null });
const oneSegment = (c: Ctx) => saveWorking(c.archive, c.eventId, c.recordingId, 0, { labels: [], segments: [{ id: 's0001', start: 0, end: 1, text: `kalimat ${big(3000)}`, words: [], speaker: null }] });
/** What "Kenali pembicara" does before its result: the folders of its files (made at job start). */
async function diarizationFolders(c: Ctx): Promise<void> {
  await c.archive.store.mkdirs(layout.transcriptsDir(c.eventId));
  await c.archive.store.mkdirs(layout.eventVoicesDir(c.eventId));
}

/** What some paths need first, made before the disk fills. */
const PREPARE: Record<string, (c: Ctx) => Promise<unknown>> = {
  'diarization result': diarizationFolders,
  'diarization applied': async (c) => {
    await oneSegment(c);
    await diarizationFolders(c);
    await recordDiarizationResult(c.archive, c.eventId, c.recordingId, RUNNING(c.recordingId), RESULT, MODELS);
  },
  'voiceprint consent': async (c) => {
    c.speakerId = (await addSpeaker(c.archive, { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan', org: '', notes: '' })).id;
  },
  'voiceprint sync': async (c) => {
    c.speakerId = (await addSpeaker(c.archive, { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan', org: '', notes: '' })).id;
    await enableVoiceprint(c.archive, c.speakerId, 'setuju');
    await oneSegment(c);
    await diarizationFolders(c);
    await recordDiarizationResult(c.archive, c.eventId, c.recordingId, RUNNING(c.recordingId), RESULT, MODELS);
    const applied = await applyToTranscript(c.archive, c.eventId, c.recordingId);
    const w = (await loadWorking(c.archive, c.eventId, c.recordingId))!;
    await saveWorking(c.archive, c.eventId, c.recordingId, w.rev, { labels: w.labels.map((l) => (l.id === applied!.applied!.clusterLabels[0] ? { ...l, speakerId: c.speakerId! } : l)), segments: w.segments });
  },
};

const big = (n: number) => 'x'.repeat(n);

/** Every write path, as the app makes it. */
const PATHS: Record<string, (c: Ctx) => Promise<unknown>> = {
  'event create': (c) => c.archive.createEvent({ title: `Rapat ${big(3000)}`.slice(0, 300), date: '2025-07-02', type: 'rapat', description: big(6000) }),
  'event edit': (c) => c.archive.mutateEvent(c.eventId, (e) => ({ ...e, description: big(9000) })),
  'speaker add': (c) => addSpeaker(c.archive, { name: 'Anda Tuning', title: 'Kepala Rutan', org: 'Rutan Kelas IIB Kudus', notes: big(6000) }),
  'archive settings': (c) => updateArchiveSettings(c.archive, { replacements: Array.from({ length: 200 }, (_, i) => ({ from: `salah ${i}`, to: `benar ${i}` })) }),
  'recording import': (c) => importRecording(c.archive, ff, c.eventId, media),
  'attachment add': (c) => addAttachment(c.archive, c.eventId, pdf),
  'transcript save': (c) =>
    saveWorking(c.archive, c.eventId, c.recordingId, 0, {
      labels: [],
      segments: Array.from({ length: 60 }, (_, i) => ({ id: `s${String(i + 1).padStart(4, '0')}`, start: i * 0.05, end: i * 0.05 + 0.05, text: `kalimat panjang ${big(150)}`, words: [], speaker: null })),
    }),
  'quote add': (c) => addQuote(c.archive, c.eventId, { recordingId: c.recordingId, start: 0, end: 1, text: `“${big(8000)}”` }),
  'diarization result': (c) => recordDiarizationResult(c.archive, c.eventId, c.recordingId, RUNNING(c.recordingId), RESULT, MODELS),
  'diarization applied': (c) => applyToTranscript(c.archive, c.eventId, c.recordingId),
  'voiceprint consent': (c) => enableVoiceprint(c.archive, c.speakerId!, `setuju ${big(4000)}`.slice(0, 2000)),
  'voiceprint sync': (c) => syncRecordingVoiceprints(c.archive, c.eventId, c.recordingId),
  'journal append': async (c) => {
    const { journal } = await Journal.open(await c.archive.store.resolve(layout.journal(c.eventId, c.recordingId)), 'uji-penuh');
    try {
      for (let i = 0; i < 20; i++) await journal.append({ id: `j${i}`, start: i, end: i + 1, text: big(900), words: [], noSpeechProb: 0, language: 'id' });
    } finally {
      await journal.close();
    }
  },
};

const LEVELS = LONG ? [0, 1024, 4096, 16384, 65536] : [0, 4096];

describe('a full disk on every write path', () => {
  it('each write fits or answers DISK_FULL, and the archive is clean afterwards', async () => {
    let cases = 0;
    let clean = 0;
    let refusedFull = 0;
    const dirty: string[] = [];
    for (const [name, write] of Object.entries(PATHS)) {
      for (const free of LEVELS) {
        cases++;
        const disk = mountSmallDisk(6144);
        try {
          const dir = path.join(disk.dir, 'arsip');
          const archive = await Archive.open(dir);
          const event = await archive.createEvent({ title: 'Penandatanganan MoU', date: '2025-07-01', type: 'penandatanganan' });
          const { recording } = await importRecording(archive, ff, event.id, media);
          const c: Ctx = { archive, eventId: event.id, recordingId: recording.id };
          await PREPARE[name]?.(c);
          copyFileSync(media, path.join(disk.dir, 'cadangan.mp3')); // keep the disk's own copy small but real
          fillDisk(disk.dir, free);
          const before = snapshotDir(dir, { ignore: ['.risalah'] });
          const err = await write(c).then(
            () => null,
            (e: unknown) => e,
          );
          const problems: string[] = [];
          if (err && !(err instanceof RisalahError && err.code === 'DISK_FULL')) problems.push(`answered ${String(err)}`);
          if (err) refusedFull++;
          // Nothing half-written: no temporary file anywhere in the archive.
          for (const rel of ['', layout.eventDir(event.id), layout.mediaDir(event.id), layout.attachmentsDir(event.id), layout.transcriptsDir(event.id), `${layout.eventDir(event.id)}/derived`, layout.voiceprintPeopleDir, layout.eventVoicesDir(event.id)]) {
            const temps = await archive.store.tempFiles(rel);
            if (temps.length) problems.push(`left ${temps.join(', ')} in ${rel || '.'}`);
          }
          // A refused write changed nothing (a journal keeps the lines it acknowledged: only appends).
          if (err && name !== 'journal append') {
            const after = snapshotDir(dir, { ignore: ['.risalah'] });
            const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
            if (changed.length) problems.push(`changed ${changed.join(', ')}`);
          }
          // What the app holds is what is on disk; the archive opens with no problem.
          const reopened = await Archive.open(dir);
          if (reopened.problems.length) problems.push(`problems ${JSON.stringify(reopened.problems)}`);
          if (JSON.stringify(reopened.document) !== JSON.stringify(archive.document)) problems.push('archive.json differs from memory');
          if (JSON.stringify(await reopened.getEvent(event.id)) !== JSON.stringify(await archive.getEvent(event.id))) problems.push('event.json differs from memory');
          await readWorking(reopened.store, event.id, recording.id);
          await readQuotes(reopened.store, event.id);
          reopened.close();
          archive.close();
          if (problems.length === 0) clean++;
          else dirty.push(`${name} (${free} B free): ${problems.join('; ')}`);
        } finally {
          disk.unmount();
        }
      }
    }
    record({ diskFull: cases, clean });
    expect(dirty).toEqual([]);
    // The 0-byte level really is full for every path.
    expect(refusedFull).toBeGreaterThanOrEqual(Object.keys(PATHS).length);
  }, 600_000);
});
