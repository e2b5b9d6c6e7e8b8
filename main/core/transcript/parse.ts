/**
 * Reading transcripts people bring: SRT, WebVTT, and plain text whose lines start with `Nama:`
 * (captions from a livestream, or typed by hand).
 *
 * Owns: parsing each format into timed segments with the speaker named in the text (an SRT/TXT
 * line `Mashudi: …`, a VTT voice tag `<v Mashudi>`), and clear INVALID_INPUT errors (naming the
 * file and the line) for files that are not what they claim. Plain text without times is spread
 * over the recording in proportion to its length; a line may carry its own time as `[00:01:02]`
 * (the format our TXT export writes). A file that is none of these is TRANSCRIPT_INVALID, naming
 * the file and what is wrong.
 */
import { RisalahError } from '../errors';

export type TranscriptFileFormat = 'srt' | 'vtt' | 'txt';

export interface ParsedSegment {
  start: number;
  end: number;
  text: string;
  /** The speaker as written in the file, when it names one. */
  speaker: string | null;
}

const TIME = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$/;

function parseTime(s: string): number | null {
  const m = TIME.exec(s.trim());
  if (!m) return null;
  const [, h, mm, ss, frac] = m;
  return Number(h ?? 0) * 3600 + Number(mm) * 60 + Number(ss) + Number((frac ?? '0').padEnd(3, '0')) / 1000;
}

/**
 * `Nama: teks` → speaker and text. The name is what comes before the first colon when it looks
 * like a name: 1–6 words of letters (dots, apostrophes and dashes allowed: "Dr. Anda Tuning",
 * "Karutan Kudus"), no digits, no sentence punctuation — so "Pukul 10:30" or a sentence with a
 * colon in its middle is not taken for a speaker.
 */
export function splitSpeaker(line: string): { speaker: string | null; text: string } {
  const m = /^\s*([^:]{1,60}?)\s*:\s+(\S.*)$/u.exec(line);
  if (m?.[1] && m[2]) {
    const name = m[1].trim();
    const words = name.split(/\s+/);
    if (words.length <= 6 && /^[\p{L}][\p{L}.'’\- ]*$/u.test(name)) return { speaker: name, text: m[2].trim() };
  }
  return { speaker: null, text: line.trim() };
}

function stripTags(text: string): string {
  return text.replace(/<\/?[a-z][^>]*>/gi, '').replace(/\{\\[^}]*\}/g, '');
}

function invalid(file: string, reason: string): RisalahError {
  return new RisalahError('TRANSCRIPT_INVALID', `${file}: ${reason}`, { file, reason });
}

export function parseSrt(text: string, file = 'transkrip.srt'): ParsedSegment[] {
  const blocks = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/);
  const out: ParsedSegment[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const timeLine = lines.findIndex((l) => l.includes('-->'));
    if (timeLine < 0 || timeLine > 1) throw invalid(file, `block without a time line: "${lines[0]?.slice(0, 60)}"`);
    const [a, b] = (lines[timeLine] as string).split('-->');
    const start = parseTime(a ?? '');
    const end = parseTime((b ?? '').trim().split(/\s+/)[0] ?? '');
    if (start === null || end === null) throw invalid(file, `bad time line "${lines[timeLine]}"`);
    const body = stripTags(lines.slice(timeLine + 1).join(' ')).trim();
    if (!body) continue;
    const { speaker, text: said } = splitSpeaker(body);
    out.push({ start, end: Math.max(end, start), text: said, speaker });
  }
  if (out.length === 0) throw invalid(file, 'no subtitles found');
  return out.sort((x, y) => x.start - y.start);
}

export function parseVtt(text: string, file = 'transkrip.vtt'): ParsedSegment[] {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^WEBVTT/.test(body)) throw invalid(file, 'not a WebVTT file (no WEBVTT header)');
  const out: ParsedSegment[] = [];
  for (const block of body.split(/\n\s*\n/).slice(1)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    const timeLine = lines.findIndex((l) => l.includes('-->'));
    if (timeLine < 0) continue; // NOTE, STYLE, REGION blocks
    const [a, b] = (lines[timeLine] as string).split('-->');
    const start = parseTime(a ?? '');
    const end = parseTime((b ?? '').trim().split(/\s+/)[0] ?? '');
    if (start === null || end === null) throw invalid(file, `bad time line "${lines[timeLine]}"`);
    const raw = lines.slice(timeLine + 1).join(' ');
    const voice = /<v(?:\.[^ >]*)?\s+([^>]+)>/.exec(raw);
    const cleaned = stripTags(raw).trim();
    if (!cleaned) continue;
    if (voice?.[1]) out.push({ start, end: Math.max(end, start), text: cleaned, speaker: voice[1].trim() });
    else {
      const { speaker, text: said } = splitSpeaker(cleaned);
      out.push({ start, end: Math.max(end, start), text: said, speaker });
    }
  }
  if (out.length === 0) throw invalid(file, 'no cues found');
  return out.sort((x, y) => x.start - y.start);
}

/**
 * Plain text: one utterance per line (a line without a `Nama:` prefix continues the previous
 * speaker). Lines may start with `[hh:mm:ss]`; where none do, times are spread over `durationSec`
 * in proportion to each line's length.
 */
export function parseText(text: string, durationSec: number, file = 'transkrip.txt'): ParsedSegment[] {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) throw invalid(file, 'the file is empty');
  const items: { at: number | null; speaker: string | null; text: string }[] = [];
  let current: string | null = null;
  for (const line of lines) {
    const stamp = /^\[(\d{1,2}:\d{2}(?::\d{2})?)\]\s*(.*)$/.exec(line);
    let at: number | null = null;
    let rest = line;
    if (stamp?.[1]) {
      const parts = stamp[1].split(':').map(Number);
      at = parts.length === 3 ? (parts[0] as number) * 3600 + (parts[1] as number) * 60 + (parts[2] as number) : (parts[0] as number) * 60 + (parts[1] as number);
      rest = stamp[2] ?? '';
    }
    const { speaker, text: said } = splitSpeaker(rest);
    if (speaker) current = speaker;
    if (said) items.push({ at, speaker: current, text: said });
  }
  const timed = items.some((i) => i.at !== null);
  const total = Math.max(1, durationSec);
  const chars = items.reduce((n, i) => n + i.text.length, 0) || 1;
  let cursor = 0;
  const out: ParsedSegment[] = items.map((item, k) => {
    let start: number;
    let end: number;
    if (timed) {
      start = item.at ?? cursor;
      const next = items.slice(k + 1).find((i) => i.at !== null)?.at;
      end = next !== undefined && next !== null ? Math.max(start, next) : Math.max(start, Math.min(total, start + item.text.length / 15));
    } else {
      start = cursor;
      end = cursor + (total * item.text.length) / chars;
    }
    cursor = end;
    return { start: round(start), end: round(end), text: item.text, speaker: item.speaker };
  });
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function detectFormat(name: string, text: string): TranscriptFileFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.srt')) return 'srt';
  if (lower.endsWith('.vtt') || /^\uFEFF?WEBVTT/.test(text)) return 'vtt';
  if (/^\uFEFF?\d+\r?\n\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->/.test(text)) return 'srt';
  return 'txt';
}

export function parseTranscriptFile(name: string, text: string, durationSec: number): { format: TranscriptFileFormat; segments: ParsedSegment[] } {
  const format = detectFormat(name, text);
  const segments = format === 'srt' ? parseSrt(text, name) : format === 'vtt' ? parseVtt(text, name) : parseText(text, durationSec, name);
  return { format, segments };
}
