/**
 * Editing transcripts, the speaker directory, quotes and exports, on a real archive with a real
 * recording (espeak-ng speech through ffmpeg).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAttribution } from '../../../main/api/attribution';
import type { EventRecord, RecordingRecord } from '../../../main/api/schemas';
import { Archive } from '../../../main/core/archive/archive';
import { importRecording } from '../../../main/core/archive/files';
import { RisalahError } from '../../../main/core/errors';
import { exportQuoteSheet, exportRecordingTranscript } from '../../../main/core/export/event-exports';
import { resolveFfmpeg, type FfmpegTools } from '../../../main/core/media';
import { addQuote, listQuotes, quoteClip, removeQuote, updateQuote } from '../../../main/core/quotes';
import { addSpeaker, removeSpeaker, updateSpeaker } from '../../../main/core/speakers';
import { importTranscript, loadWorking, saveWorking, speakingTime } from '../../../main/core/transcript/working';
import { speechWithSilence } from '../../helpers/speech';
import { snapshotDir } from '../../helpers/snapshot';
import { tempDir } from '../../helpers/tmp';
import { isWellFormedXml, readZip } from '../../helpers/zip';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { layout } from '../../../main/core/archive/layout';

let tmp: ReturnType<typeof tempDir>;
let archive: Archive;
let ff: FfmpegTools;
let event: EventRecord;
let rec: RecordingRecord;

const SRT = `1
00:00:01,000 --> 00:00:04,500
Mashudi: Kolaborasi ini untuk pembinaan warga binaan yang lebih baik.

2
00:00:04,600 --> 00:00:06,000
Terima kasih kepada sembilan mitra.

3
00:00:21,000 --> 00:00:24,000
Anda Tuning: Rutan Kelas IIB Kudus siap mendukung.
`;

beforeAll(async () => {
  tmp = tempDir();
  ff = await resolveFfmpeg();
  archive = await Archive.open(tmp.dir);
  event = await archive.createEvent({ title: 'Penandatanganan MoU Ditjenpas', date: '2025-07-01', type: 'penandatanganan' });
  const speech = await speechWithSilence(15);
  rec = (await importRecording(archive, ff, event.id, speech.path, { originalName: 'sambutan.wav' })).recording;
}, 120_000);
afterAll(() => tmp.cleanup());

describe('speakers, imported transcripts and quotes', () => {
  it('imports an SRT: prefixes become labels linked to the directory; the attribution uses the jabatan', async () => {
    const mashudi = await addSpeaker(archive, { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan', org: 'Ditjenpas', notes: '' });
    const working = await importTranscript(archive, event.id, rec.id, 'siaran.srt', SRT);
    expect(working.source).toBe('import');
    expect(working.rev).toBe(1);
    expect(working.labels).toEqual([
      { id: 'p1', name: 'Mashudi', speakerId: mashudi.id },
      { id: 'p2', name: 'Anda Tuning', speakerId: null },
    ]);
    expect(working.segments.map((s) => s.speaker)).toEqual(['p1', null, 'p2']);

    const quote = await addQuote(archive, event.id, { recordingId: rec.id, start: 1, end: 4.5 });
    expect(quote).toMatchObject({ text: 'Kolaborasi ini untuk pembinaan warga binaan yang lebih baik.', speakerId: mashudi.id, speakerName: 'Mashudi', speakerTitle: 'Direktur Jenderal Pemasyarakatan', checked: false });
    expect(formatAttribution(quote, archive.document.settings.attributionVerb, archive.document.settings.attributionStyle)).toBe(
      '“Kolaborasi ini untuk pembinaan warga binaan yang lebih baik,” ujar Mashudi, Direktur Jenderal Pemasyarakatan.',
    );
    const onDisk = JSON.parse(readFileSync(path.join(archive.store.pathOf(layout.eventDir(event.id)), 'quotes.json'), 'utf8'));
    expect(onDisk.quotes).toHaveLength(1);
  });

  it('names a placeholder once and every segment follows; counts who spoke for how long', async () => {
    const w = (await loadWorking(archive, event.id, rec.id))!;
    const anda = await addSpeaker(archive, { name: 'Anda Tuning', title: 'Kepala Rutan Kelas IIB Kudus', org: 'Rutan Kudus', notes: '' });
    const saved = await saveWorking(archive, event.id, rec.id, w.rev, {
      labels: w.labels.map((l) => (l.id === 'p2' ? { ...l, speakerId: anda.id } : l)),
      segments: w.segments.map((s, i) => (i === 1 ? { ...s, speaker: 'p1' } : s)),
    });
    expect(saved.rev).toBe(2);
    const times = speakingTime([saved], archive.document.speakers);
    expect(times.map((t) => [t.name, t.seconds, t.segments])).toEqual([
      ['Mashudi', 4.9, 2],
      ['Anda Tuning', 3, 1],
    ]);
    // Renaming the person renames every occurrence at once.
    await updateSpeaker(archive, anda.id, { title: 'Karutan Kudus' });
    expect(speakingTime([saved], archive.document.speakers)[1]?.title).toBe('Karutan Kudus');
    // A person still used cannot be removed.
    await expect(removeSpeaker(archive, anda.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a stale or invalid save and changes nothing', async () => {
    const w = (await loadWorking(archive, event.id, rec.id))!;
    const before = snapshotDir(tmp.dir);
    await expect(saveWorking(archive, event.id, rec.id, w.rev - 1, w)).rejects.toMatchObject({ code: 'CONFLICT' });
    const err = await saveWorking(archive, event.id, rec.id, w.rev, {
      labels: w.labels,
      segments: [{ ...(w.segments[0] as (typeof w.segments)[number]), end: 999, speaker: 'p9' }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RisalahError);
    expect((err as RisalahError).issues?.join('\n')).toMatch(/after the end of the recording[\s\S]*no such label p9/);
    expect(snapshotDir(tmp.dir)).toEqual(before);
  });

  it('marks a quote checked, filters the library, and removes it', async () => {
    const [q] = await listQuotes(archive, { speaker: 'mashudi' });
    expect(q?.eventTitle).toBe('Penandatanganan MoU Ditjenpas');
    const checked = await updateQuote(archive, event.id, q!.id, { checked: true, tags: ['rilis'] });
    expect(checked.checked).toBe(true);
    expect(checked.checkedAt).toBeDefined();
    expect(await listQuotes(archive, { tag: 'RILIS' })).toHaveLength(1);
    expect(await listQuotes(archive, { speaker: 'tuning' })).toHaveLength(0);
    expect(await listQuotes(archive, { from: '2025-08-01' })).toHaveLength(0);
    const second = await addQuote(archive, event.id, { recordingId: rec.id, start: 21, end: 24 });
    expect(second.speakerName).toBe('Anda Tuning');
    await removeQuote(archive, event.id, second.id);
    expect(await listQuotes(archive, {})).toHaveLength(1);
  });

  it('cuts the audio clip of a quote as MP3 of the span', async () => {
    const [q] = await listQuotes(archive, {});
    const out = path.join(tmp.dir, '..', `${path.basename(tmp.dir)}-klip.mp3`);
    await pipeline(await quoteClip(archive, ff, q!), createWriteStream(out));
    const probe = spawnSync(ff.ffprobe, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', out], { encoding: 'utf8' });
    const info = JSON.parse(probe.stdout);
    expect(info.streams[0].codec_name).toBe('mp3');
    expect(Number(info.format.duration)).toBeCloseTo(q!.end - q!.start + 0.5, 0);
  });

  it('exports the transcript as SRT, TXT and valid DOCX with the speakers, and the quote sheet', async () => {
    const srt = (await exportRecordingTranscript(archive, event.id, rec.id, 'srt', 'id')).data.toString('utf8');
    expect(srt).toContain('Mashudi: Kolaborasi ini');
    const txt = (await exportRecordingTranscript(archive, event.id, rec.id, 'txt', 'id')).data.toString('utf8');
    expect(txt).toMatch(/^\[00:00:01\] Mashudi: Kolaborasi/);
    const docx = await exportRecordingTranscript(archive, event.id, rec.id, 'docx', 'id');
    expect(docx.fileName).toMatch(/\.docx$/);
    const parts = readZip(docx.data);
    expect(parts.get('[Content_Types].xml')?.toString()).toContain('wordprocessingml.document.main+xml');
    const xml = parts.get('word/document.xml')?.toString('utf8') ?? '';
    expect(isWellFormedXml(xml)).toBe(true);
    expect(xml).toContain('Mashudi: ');
    expect(xml).toContain('Anda Tuning: ');
    expect(xml).toContain('Kolaborasi ini untuk pembinaan warga binaan yang lebih baik.');
    const sheet = readZip((await exportQuoteSheet(archive, event.id, 'id')).data);
    const sheetXml = sheet.get('word/document.xml')?.toString('utf8') ?? '';
    expect(isWellFormedXml(sheetXml)).toBe(true);
    expect(sheetXml).toContain('ujar Mashudi, Direktur Jenderal Pemasyarakatan.');
    expect(existsSync(path.join(archive.store.pathOf(layout.eventDir(event.id)), 'transcripts', `${rec.id}.json`))).toBe(true);
  });
});
