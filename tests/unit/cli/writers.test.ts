/**
 * The writers' commands end to end (the built CLI): transcript import/export, speakers, quotes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { speechWithSilence } from '../../helpers/speech';
import { tempDir } from '../../helpers/tmp';
import { isWellFormedXml, readZip } from '../../helpers/zip';

let tmp: ReturnType<typeof tempDir>;
let archive: string;
let recordingId: string;

function risalah(args: string[]) {
  return runCli([...args, '--archive', archive], { RISALAH_CONFIG_DIR: path.join(tmp.dir, 'config') });
}

beforeAll(async () => {
  tmp = tempDir();
  archive = path.join(tmp.dir, 'arsip');
  const speech = await speechWithSilence(15);
  const event = JSON.parse(risalah(['event', 'create', '--title', 'Penandatanganan MoU Ditjenpas', '--date', '2025-07-01', '--type', 'penandatanganan', '--json']).stdout);
  const imported = risalah(['import', speech.path, '--event', event.id, '--json']);
  recordingId = JSON.parse(imported.stdout)[0].id;
}, 120_000);
afterAll(() => tmp.cleanup());

describe('writers on the command line', () => {
  it('from an imported SRT with Mashudi: prefixes, copying his quote gives the news attribution with his jabatan', () => {
    const added = risalah(['speakers', 'add', '--name', 'Mashudi', '--title', 'Direktur Jenderal Pemasyarakatan', '--org', 'Ditjenpas', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const srt = path.join(tmp.dir, 'siaran.srt');
    writeFileSync(
      srt,
      '1\n00:00:01,000 --> 00:00:04,500\nMashudi: Kolaborasi ini untuk pembinaan warga binaan yang lebih baik.\n\n2\n00:00:21,000 --> 00:00:24,000\nAnda Tuning: Rutan Kelas IIB Kudus siap mendukung.\n',
    );
    const imported = risalah(['transcript', 'import', recordingId, srt]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Mashudi, Anda Tuning');

    const quote = JSON.parse(risalah(['quotes', 'add', '--recording', recordingId, '--start', '1', '--end', '4.5', '--json']).stdout);
    expect(quote.speakerName).toBe('Mashudi');
    const copied = risalah(['quotes', 'copy', quote.id]);
    expect(copied.code).toBe(0);
    expect(copied.stdout).toBe('“Kolaborasi ini untuk pembinaan warga binaan yang lebih baik,” ujar Mashudi, Direktur Jenderal Pemasyarakatan.\n');
    const plain = risalah(['quotes', 'copy', quote.id, '--plain']);
    expect(plain.stdout).toContain('— Mashudi, Direktur Jenderal Pemasyarakatan; Penandatanganan MoU Ditjenpas, Selasa, 1 Juli 2025 (0:01–0:04)');

    const listed = JSON.parse(risalah(['quotes', 'list', '--speaker', 'mashudi', '--json']).stdout);
    expect(listed.map((q: { id: string }) => q.id)).toEqual([quote.id]);
    expect(JSON.parse(risalah(['quotes', 'list', '--speaker', 'tuning', '--json']).stdout)).toEqual([]);
  });

  it('exports the transcript as valid DOCX with the speaker names and the text, and as SRT', () => {
    const out = path.join(tmp.dir, 'transkrip.docx');
    const r = risalah(['transcript', 'export', recordingId, '--format', 'docx', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const xml = readZip(readFileSync(out)).get('word/document.xml')?.toString('utf8') ?? '';
    expect(isWellFormedXml(xml)).toBe(true);
    expect(xml).toContain('Mashudi: ');
    expect(xml).toContain('Anda Tuning: ');
    expect(xml).toContain('Rutan Kelas IIB Kudus siap mendukung.');
    const srtOut = path.join(tmp.dir, 'keluar.srt');
    expect(risalah(['transcript', 'export', recordingId, '--format', 'srt', '--out', srtOut]).code).toBe(0);
    expect(readFileSync(srtOut, 'utf8')).toContain('00:00:01,000 --> 00:00:04,500\nMashudi: Kolaborasi');
  });

  it('refuses a file that is not a transcript, naming it, and changes nothing', () => {
    const bad = path.join(tmp.dir, 'catatan.srt');
    writeFileSync(bad, 'ini bukan subtitle');
    const before = readFileSync(path.join(archive, 'events', readdirFirst(path.join(archive, 'events')), 'transcripts', `${recordingId}.json`), 'utf8');
    const r = risalah(['transcript', 'import', recordingId, bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Berkas “catatan\.srt” bukan transkrip SRT/);
    expect(readFileSync(path.join(archive, 'events', readdirFirst(path.join(archive, 'events')), 'transcripts', `${recordingId}.json`), 'utf8')).toBe(before);
  });
});

function readdirFirst(dir: string): string {
  return readdirSync(dir)[0] as string;
}
