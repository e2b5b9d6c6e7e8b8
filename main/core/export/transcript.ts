/**
 * Transcript exporters: pure functions from segments to text formats.
 *
 * Owns: SRT, WebVTT, plain text (with timestamps, and the speaker when known) and JSON. No I/O:
 * callers write the result (atomically) where they like. Times are seconds from the start of the
 * recording.
 */
import type { TranscriptSegment } from '../../api/schemas';

export const EXPORT_FORMATS = ['srt', 'vtt', 'txt', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportSegment extends Pick<TranscriptSegment, 'start' | 'end' | 'text'> {
  /** The speaker's name, when one is assigned. */
  speaker?: string;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `HH:MM:SS,mmm` (SRT) or `HH:MM:SS.mmm` (VTT). */
export function timestamp(sec: number, separator: ',' | '.'): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

/** Cue times that never go backwards and never have end ≤ start (players reject those). */
function cues(segments: readonly ExportSegment[]): { start: number; end: number; text: string; speaker?: string }[] {
  const out: { start: number; end: number; text: string; speaker?: string }[] = [];
  let lastEnd = 0;
  for (const s of [...segments].sort((a, b) => a.start - b.start)) {
    const text = s.text.trim();
    if (!text) continue;
    const start = Math.max(s.start, lastEnd);
    const end = Math.max(s.end, start + 0.001);
    out.push({ start, end, text, ...(s.speaker ? { speaker: s.speaker } : {}) });
    lastEnd = end;
  }
  return out;
}

export function toSrt(segments: readonly ExportSegment[]): string {
  return cues(segments)
    .map((c, i) => `${i + 1}\n${timestamp(c.start, ',')} --> ${timestamp(c.end, ',')}\n${c.speaker ? `${c.speaker}: ` : ''}${c.text}\n`)
    .join('\n');
}

export function toVtt(segments: readonly ExportSegment[]): string {
  const body = cues(segments)
    .map((c) => `${timestamp(c.start, '.')} --> ${timestamp(c.end, '.')}\n${c.speaker ? `<v ${c.speaker.replace(/>/g, '')}>` : ''}${c.text}\n`)
    .join('\n');
  return `WEBVTT\n\n${body}`;
}

/** Readable text: `[00:01:02] Nama: kalimat…`, a new paragraph when the speaker changes. */
export function toText(segments: readonly ExportSegment[]): string {
  const lines: string[] = [];
  let speaker: string | undefined;
  for (const c of cues(segments)) {
    const t = timestamp(c.start, ',').slice(0, 8);
    if (c.speaker && c.speaker !== speaker) {
      if (lines.length) lines.push('');
      lines.push(`[${t}] ${c.speaker}: ${c.text}`);
    } else {
      lines.push(`[${t}] ${c.text}`);
    }
    speaker = c.speaker;
  }
  return `${lines.join('\n')}\n`;
}

export function toJson(segments: readonly ExportSegment[], meta: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...meta, segments: cues(segments) }, null, 2)}\n`;
}

export function exportTranscript(format: ExportFormat, segments: readonly ExportSegment[], meta: Record<string, unknown> = {}): string {
  switch (format) {
    case 'srt':
      return toSrt(segments);
    case 'vtt':
      return toVtt(segments);
    case 'txt':
      return toText(segments);
    case 'json':
      return toJson(segments, meta);
  }
}
