import { describe, expect, it } from 'vitest';
import { formatAttribution, formatPlainQuote, quoteBody } from '../../../main/api/attribution';
import { parseSrt, parseText, parseTranscriptFile, parseVtt, splitSpeaker } from '../../../main/core/transcript/parse';
import { RisalahError } from '../../../main/core/errors';

const SRT = `1
00:00:01,000 --> 00:00:04,500
Mashudi: Kolaborasi ini untuk pembinaan warga binaan yang lebih baik.

2
00:00:04,600 --> 00:00:07,250
Terima kasih kepada sembilan mitra.

3
00:00:08,000 --> 00:00:10,000
Anda Tuning: Rutan Kelas IIB Kudus siap <i>mendukung</i>.
`;

describe('reading transcripts people bring', () => {
  it('reads SRT with speaker prefixes and tags', () => {
    const segs = parseSrt(SRT);
    expect(segs).toEqual([
      { start: 1, end: 4.5, text: 'Kolaborasi ini untuk pembinaan warga binaan yang lebih baik.', speaker: 'Mashudi' },
      { start: 4.6, end: 7.25, text: 'Terima kasih kepada sembilan mitra.', speaker: null },
      { start: 8, end: 10, text: 'Rutan Kelas IIB Kudus siap mendukung.', speaker: 'Anda Tuning' },
    ]);
  });

  it('reads WebVTT with voice tags, and hour-less times', () => {
    const segs = parseVtt('WEBVTT\n\nNOTE dari siaran langsung\n\n00:01.000 --> 00:03.000\n<v Mashudi>Selamat pagi.</v>\n\n01:00:00.500 --> 01:00:02.000\nDirjen Mashudi: Terima kasih.\n');
    expect(segs).toEqual([
      { start: 1, end: 3, text: 'Selamat pagi.', speaker: 'Mashudi' },
      { start: 3600.5, end: 3602, text: 'Terima kasih.', speaker: 'Dirjen Mashudi' },
    ]);
  });

  it('reads "Nama: …" text, spreading untimed lines over the recording, and continuing speakers', () => {
    const segs = parseText('Mashudi: Selamat pagi semua.\nKita mulai acara ini.\n\nAnda Tuning: Terima kasih, Pak.', 60);
    expect(segs.map((s) => s.speaker)).toEqual(['Mashudi', 'Mashudi', 'Anda Tuning']);
    expect(segs[0]?.start).toBe(0);
    expect(segs.at(-1)?.end).toBeCloseTo(60, 3);
    for (let i = 1; i < segs.length; i++) expect(segs[i]?.start).toBeCloseTo(segs[i - 1]?.end as number, 3);
  });

  it('reads text with [hh:mm:ss] times (our own TXT export)', () => {
    const segs = parseText('[00:00:05] Mashudi: Satu.\n[00:00:12] Dua.\n[00:01:00] Anda Tuning: Tiga.', 90);
    expect(segs.map((s) => [s.start, s.speaker])).toEqual([[5, 'Mashudi'], [12, 'Mashudi'], [60, 'Anda Tuning']]);
    expect(segs[0]?.end).toBe(12);
  });

  it('does not take a time or a sentence for a speaker', () => {
    expect(splitSpeaker('Pukul 10: acara dimulai').speaker).toBeNull();
    expect(splitSpeaker('Hal ini penting, karena: kita semua').speaker).toBeNull();
    expect(splitSpeaker('Dr. Anda Tuning: baik').speaker).toBe('Dr. Anda Tuning');
  });

  it('refuses files that are not what they claim, naming the file', () => {
    for (const [name, text] of [
      ['a.srt', 'bukan subtitle sama sekali'],
      ['b.vtt', '1\n00:00:01,000 --> 00:00:02,000\nteks'],
      ['c.srt', '1\n00:00:01 --> nanti\nteks'],
      ['d.txt', '   \n\n'],
    ] as const) {
      const err = (() => {
        try {
          parseTranscriptFile(name, text, 30);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err, name).toBeInstanceOf(RisalahError);
      expect((err as RisalahError).code).toBe('TRANSCRIPT_INVALID');
      expect((err as RisalahError).params.file).toBe(name);
    }
  });
});

describe('news attribution', () => {
  const q = { text: 'Kolaborasi ini untuk pembinaan warga binaan yang lebih baik.', speakerName: 'Mashudi', speakerTitle: 'Direktur Jenderal Pemasyarakatan' };
  it('puts the comma inside the closing quotation mark and names the jabatan after the name', () => {
    expect(formatAttribution(q)).toBe('“Kolaborasi ini untuk pembinaan warga binaan yang lebih baik,” ujar Mashudi, Direktur Jenderal Pemasyarakatan.');
  });
  it('follows the verb and style settings', () => {
    expect(formatAttribution(q, 'ungkap', 'name')).toBe('“Kolaborasi ini untuk pembinaan warga binaan yang lebih baik,” ungkap Mashudi.');
    expect(formatAttribution(q, 'tegas', 'title-name')).toBe('“Kolaborasi ini untuk pembinaan warga binaan yang lebih baik,” tegas Direktur Jenderal Pemasyarakatan Mashudi.');
    expect(formatAttribution({ ...q, speakerTitle: '' })).toBe('“Kolaborasi ini untuk pembinaan warga binaan yang lebih baik,” ujar Mashudi.');
  });
  it('keeps a question or exclamation mark and adds no comma', () => {
    expect(formatAttribution({ ...q, text: 'Apakah kita siap?' }, 'tanya', 'name')).toBe('“Apakah kita siap?” tanya Mashudi.');
  });
  it('tidies quotes, spaces and the final period', () => {
    expect(quoteBody('  "Kami   siap."  ')).toBe('Kami siap');
  });
  it('writes the plain form with a source line', () => {
    expect(formatPlainQuote(q, { eventTitle: 'Penandatanganan MoU', date: 'Selasa, 1 Juli 2025', from: '1:02', to: '1:09' })).toBe(
      'Kolaborasi ini untuk pembinaan warga binaan yang lebih baik\n— Mashudi, Direktur Jenderal Pemasyarakatan; Penandatanganan MoU, Selasa, 1 Juli 2025 (1:02–1:09)',
    );
  });
});
