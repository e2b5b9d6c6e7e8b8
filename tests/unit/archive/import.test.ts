/**
 * Importing recordings into an event: real files of every format through real ffmpeg.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../../main/core/archive/archive';
import { addAttachment, importRecording, waveformOverview } from '../../../main/core/archive/files';
import { layout, safeFileName } from '../../../main/core/archive/layout';
import { RisalahError } from '../../../main/core/errors';
import { BAD_NAMES, GOOD_NAMES, mediaFixtures, type MediaFixtures } from '../../helpers/media-fixtures';
import { snapshotDir } from '../../helpers/snapshot';
import { tempDir } from '../../helpers/tmp';

let fx: MediaFixtures;
let tmp: ReturnType<typeof tempDir>;
let archive: Archive;

beforeAll(async () => {
  fx = await mediaFixtures();
  tmp = tempDir();
  archive = await Archive.open(tmp.dir);
}, 300_000);
afterAll(() => tmp.cleanup());

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function ffprobeDuration(file: string): number | null {
  const r = spawnSync(fx.tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const d = Number(r.stdout.trim());
  return Number.isFinite(d) && d > 0 ? d : null;
}

describe('importing recordings', () => {
  for (const name of GOOD_NAMES) {
    it(`imports ${name} with its duration within 0.1 s of ffprobe's, original untouched`, async () => {
      const event = await archive.createEvent({ title: `Impor ${name}`, date: '2025-07-01', type: 'penandatanganan' });
      const source = fx.good[name].path;
      const stages: string[] = [];
      const fractions: number[] = [];
      const r = await importRecording(archive, fx.tools, event.id, source, {
        onProgress: (stage, f) => {
          if (stages.at(-1) !== stage) stages.push(stage);
          if (f !== null) fractions.push(f);
        },
      });
      expect(r.duplicate).toBe(false);
      const rec = r.recording;
      const probed = ffprobeDuration(source);
      if (fx.good[name].durationInHeader) {
        expect(probed).not.toBeNull();
        expect(Math.abs(rec.durationSec - (probed as number))).toBeLessThanOrEqual(0.1);
      } else {
        // A MediaRecorder-style webm does not state its duration: the decoded length is the truth.
        expect(Math.abs(rec.durationSec - fx.speechDurationSec)).toBeLessThanOrEqual(0.1);
      }
      expect(stages).toEqual(['probe', 'hash', 'analyze', 'copy', 'done']);
      for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
      const stored = path.join(archive.store.pathOf(layout.eventDir(event.id)), rec.file);
      expect(rec.file).toMatch(/^media\/rec-[a-z2-9]{8}-/);
      expect(sha(stored)).toBe(sha(source));
      expect(rec.sha256).toBe(sha(source));
      expect(rec.sizeBytes).toBe(statSync(source).size);
      expect(rec.hasVideo).toBe(fx.good[name].video);
      expect(existsSync(archive.store.pathOf(layout.peaks(event.id, rec.id)))).toBe(true);
      const onDisk = JSON.parse(readFileSync(path.join(archive.store.pathOf(layout.eventDir(event.id)), 'event.json'), 'utf8'));
      expect(onDisk.recordings).toEqual([rec]);
    });
  }

  it('stores the same file once when it is imported twice', async () => {
    const event = await archive.createEvent({ title: 'Dua kali', date: '2025-07-02', type: 'rapat' });
    const first = await importRecording(archive, fx.tools, event.id, fx.good.mp3.path);
    const before = snapshotDir(archive.store.pathOf(layout.eventDir(event.id)));
    const second = await importRecording(archive, fx.tools, event.id, fx.good.mp3.path, { originalName: 'salinan.mp3' });
    expect(second.duplicate).toBe(true);
    expect(second.recording.id).toBe(first.recording.id);
    expect(snapshotDir(archive.store.pathOf(layout.eventDir(event.id)))).toEqual(before);
    expect(readdirSync(path.join(archive.store.pathOf(layout.eventDir(event.id)), 'media'))).toHaveLength(1);
  });

  for (const name of BAD_NAMES) {
    it(`refuses ${name} with a clear error naming the file, and changes nothing on disk`, async () => {
      const event = await archive.createEvent({ title: `Buruk ${name}`, date: '2025-07-03', type: 'rapat' });
      const before = snapshotDir(tmp.dir);
      const bad = fx.bad[name];
      const err = await importRecording(archive, fx.tools, event.id, bad.path, { originalName: `asli-${name}.mp3` }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RisalahError);
      expect((err as RisalahError).code).toBe(bad.code);
      expect((err as RisalahError).params.file).toBe(`asli-${name}.mp3`);
      expect(snapshotDir(tmp.dir)).toEqual(before);
    });
  }

  it('imports the decodable part of a truncated mp3, with a TRUNCATED warning', async () => {
    const event = await archive.createEvent({ title: 'Terpotong', date: '2025-07-04', type: 'upacara' });
    const r = await importRecording(archive, fx.tools, event.id, fx.truncated.mp3);
    const warning = r.recording.warnings.find((w) => w.code === 'TRUNCATED');
    expect(warning).toBeDefined();
    expect(r.recording.durationSec).toBeGreaterThan(1);
    expect(r.recording.durationSec).toBeLessThan(fx.speechDurationSec * 0.8);
    expect(warning?.decodedSec).toBeCloseTo(r.recording.durationSec, 1);
  });

  it('is cancelled cleanly: CANCELLED and nothing left on disk', async () => {
    const event = await archive.createEvent({ title: 'Batal', date: '2025-07-05', type: 'rapat' });
    const before = snapshotDir(tmp.dir);
    const controller = new AbortController();
    const err = await importRecording(archive, fx.tools, event.id, fx.good.flac.path, {
      signal: controller.signal,
      onProgress: (stage) => stage === 'analyze' && controller.abort(),
    }).catch((e: unknown) => e);
    expect((err as RisalahError).code).toBe('CANCELLED');
    expect(snapshotDir(tmp.dir)).toEqual(before);
  });

  it('draws a waveform overview and rebuilds the peaks cache when it is deleted', async () => {
    const event = await archive.createEvent({ title: 'Gelombang', date: '2025-07-06', type: 'rapat' });
    const { recording } = await importRecording(archive, fx.tools, event.id, fx.good.wav44kStereo.path);
    const w = await waveformOverview(archive, fx.tools, event.id, recording.id, 200);
    expect(w.min).toHaveLength(200);
    expect(w.max).toHaveLength(200);
    expect(Math.max(...w.max)).toBeGreaterThan(0.05); // speech is there
    for (let i = 0; i < 200; i++) expect(w.min[i]).toBeLessThanOrEqual(w.max[i] as number);
    rmSync(archive.store.pathOf(layout.peaks(event.id, recording.id)));
    const again = await waveformOverview(archive, fx.tools, event.id, recording.id, 200);
    expect(again).toEqual(w);
    expect(existsSync(archive.store.pathOf(layout.peaks(event.id, recording.id)))).toBe(true);
  });
});

describe('attachments', () => {
  it('adds a document once, with its hash and kind', async () => {
    const event = await archive.createEvent({ title: 'Lampiran', date: '2025-07-07', type: 'penandatanganan' });
    const pdf = path.join(tmp.dir, '..', `${path.basename(tmp.dir)}-mou.pdf`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(pdf, '%PDF-1.4\n% Nota Kesepahaman\n');
    try {
      const a = await addAttachment(archive, event.id, pdf, { originalName: 'MoU Ditjenpas.pdf' });
      expect(a.attachment).toMatchObject({ kind: 'document', mime: 'application/pdf', originalName: 'MoU Ditjenpas.pdf' });
      expect(a.attachment.file).toMatch(/^attachments\/att-[a-z2-9]{8}-MoU_Ditjenpas\.pdf$/);
      const again = await addAttachment(archive, event.id, pdf);
      expect(again.duplicate).toBe(true);
      expect((await archive.getEvent(event.id)).attachments).toHaveLength(1);
    } finally {
      rmSync(pdf, { force: true });
    }
  });

  it('refuses an empty file', async () => {
    const event = await archive.createEvent({ title: 'Kosong', date: '2025-07-08', type: 'rapat' });
    await expect(addAttachment(archive, event.id, fx.bad.empty.path, { originalName: 'foto.jpg' })).rejects.toMatchObject({ code: 'MEDIA_EMPTY', params: { file: 'foto.jpg' } });
  });
});

describe('file names in the archive', () => {
  it('are safe on FAT/exFAT/NTFS and keep the extension', () => {
    expect(safeFileName('Rekaman: Sambutan "Dirjen"?.M4A')).toBe('Rekaman_Sambutan_Dirjen.m4a');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('...')).toBe('berkas');
  });
});
