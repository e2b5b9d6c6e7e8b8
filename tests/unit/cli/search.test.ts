/**
 * `risalah search` end to end (the built CLI) on an archive with an imported transcript.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { speechWithSilence } from '../../helpers/speech';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
let archive: string;
let eventId: string;
let recordingId: string;

function risalah(args: string[]) {
  return runCli([...args, '--archive', archive], { RISALAH_CONFIG_DIR: path.join(tmp.dir, 'config') });
}

interface Hit {
  eventId: string;
  recordingId: string | null;
  startSec: number | null;
  endSec: number | null;
  speaker: string | null;
  snippet: string;
  kind: string;
}
const search = (args: string[]) => {
  const r = risalah(['search', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { total: { hits: number }; hits: Hit[] };
};

beforeAll(async () => {
  tmp = tempDir();
  archive = path.join(tmp.dir, 'arsip');
  const speech = await speechWithSilence(15);
  eventId = JSON.parse(risalah(['event', 'create', '--title', 'Penandatanganan MoU Ditjenpas', '--date', '2025-07-01', '--type', 'penandatanganan', '--json']).stdout).id;
  recordingId = JSON.parse(risalah(['import', speech.path, '--event', eventId, '--json']).stdout)[0].id;
  risalah(['speakers', 'add', '--name', 'Mashudi', '--title', 'Direktur Jenderal Pemasyarakatan']);
  const srt = path.join(tmp.dir, 'siaran.srt');
  writeFileSync(
    srt,
    '1\n00:00:01,000 --> 00:00:04,500\nMashudi: Kolaborasi ini untuk pembinaan warga binaan yang lebih baik.\n\n' +
      '2\n00:00:21,000 --> 00:00:24,000\nAnda Tuning: Rutan Kelas IIB Kudus siap membina kemandirian.\n',
  );
  expect(risalah(['transcript', 'import', recordingId, srt]).code).toBe(0);
}, 120_000);
afterAll(() => tmp.cleanup());

describe('risalah search', () => {
  it('finds a fragment of what a speaker said: event, recording, speaker and a time inside the segment', () => {
    const { hits } = search(['warga binaan yang lebih']);
    const hit = hits.find((h) => h.kind === 'segment');
    expect(hit).toMatchObject({ eventId, recordingId, speaker: 'Mashudi' });
    expect(hit?.startSec).toBeGreaterThanOrEqual(1);
    expect(hit?.startSec).toBeLessThanOrEqual(4.5);
    expect(hit?.snippet).toContain('warga binaan');
  });

  it('rebuilds a deleted index and returns the same hits', () => {
    const before = search(['kolaborasi']).hits;
    const dir = path.join(archive, '.risalah');
    expect(existsSync(path.join(dir, 'search.sqlite'))).toBe(true);
    for (const f of readdirSync(dir)) rmSync(path.join(dir, f), { force: true });
    const after = search(['kolaborasi']).hits;
    expect(after).toEqual(before);
    expect(existsSync(path.join(dir, 'search.sqlite'))).toBe(true);
  });

  it('matches Indonesian affixes only when asked, and filters by speaker and type', () => {
    expect(search(['pembinaan']).hits.filter((h) => h.speaker === 'Anda Tuning')).toEqual([]);
    expect(search(['pembinaan', '--affixes']).hits.some((h) => h.speaker === 'Anda Tuning')).toBe(true);
    expect(search(['kudus', '--speaker', 'mashudi']).hits).toEqual([]);
    expect(search(['kudus', '--speaker', 'anda']).hits.length).toBeGreaterThan(0);
    expect(search(['kolaborasi', '--type', 'rapat']).hits).toEqual([]);
    expect(search(['kolaborasi', '--from', '2025-07-02']).hits).toEqual([]);
  });

  it('sees a transcript edited after the index was built', () => {
    const srt = path.join(tmp.dir, 'revisi.srt');
    writeFileSync(srt, '1\n00:00:01,000 --> 00:00:04,500\nMashudi: Sinergi antarlembaga memperkuat layanan.\n');
    expect(risalah(['transcript', 'import', recordingId, srt]).code).toBe(0);
    expect(search(['sinergi']).hits.length).toBeGreaterThan(0);
    expect(search(['kolaborasi']).hits.filter((h) => h.kind === 'segment')).toEqual([]);
  });

  it('prints readable results, and a clear line when nothing matches', () => {
    const r = risalah(['search', 'sinergi']);
    expect(r.stdout).toContain('Selasa, 1 Juli 2025 — Penandatanganan MoU Ditjenpas');
    expect(r.stdout).toMatch(/0:01 Mashudi: «Sinergi»/);
    expect(risalah(['search', 'zzzzqqq']).stdout).toContain('Tidak ada hasil untuk “zzzzqqq”.');
  });
});
