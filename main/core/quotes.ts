/**
 * Quotes: the exact words of a person, with the span of the recording they come from.
 *
 * Owns: `events/<id>/quotes.json` — adding a quote from a span of a recording (its words taken
 * from the working transcript, its speaker from the segment's label unless given), changing it
 * (text, tags, the "checked against the audio" mark, note, speaker), removing it, and the quote
 * library across the archive with filters. A quote saved while its speaker was only a
 * placeholder ("Pembicara 2", e.g. from "Kenali pembicara") follows the transcript when that
 * speaker is named later (`followTranscriptSpeakers`); a name a person chose is never changed. Also the audio clip of a quote's span (MP3 through
 * ffmpeg, streamed) so a writer can listen before publishing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Quote, QuoteWithEvent, TranscriptLabel, WorkingTranscript } from '../api/schemas';
import type { Archive } from './archive/archive';
import { readQuotes, updateQuotes } from './archive/documents';
import { RisalahError } from './errors';
import type { FfmpegTools } from './media';
import { inputUrl } from './media/run';
import { isPlaceholderLabel } from './diarization/apply';
import { labelName, loadWorking } from './transcript/working';

function quoteId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let s = '';
  for (const b of randomBytes(8)) s += alphabet[b % alphabet.length];
  return `qt-${s}`;
}


export async function eventQuotes(archive: Archive, eventId: string): Promise<Quote[]> {
  await archive.getEvent(eventId);
  return [...(await readQuotes(archive.store, eventId))].sort((a, b) => a.recordingId.localeCompare(b.recordingId) || a.start - b.start);
}

async function change<T>(archive: Archive, eventId: string, fn: (quotes: Quote[]) => { quotes: Quote[]; value: T }): Promise<T> {
  await archive.getEvent(eventId);
  return updateQuotes(archive.store, eventId, fn);
}

export interface NewQuote {
  recordingId: string;
  start: number;
  end: number;
  /** The words; default: what the transcript says in the span. */
  text?: string;
  /** A directory person; default: the speaker of the transcript at the span. */
  speakerId?: string | null;
  tags?: string[];
  note?: string;
}

/** The label of the speaker who says most of [start, end] in a transcript. */
function labelAtSpan(working: WorkingTranscript, start: number, end: number): TranscriptLabel | undefined {
  const weight = new Map<string, number>();
  for (const s of working.segments) {
    if (!s.speaker || s.end <= start || s.start >= end) continue;
    weight.set(s.speaker, (weight.get(s.speaker) ?? 0) + Math.min(end, s.end) - Math.max(start, s.start));
  }
  const top = [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return working.labels.find((l) => l.id === top);
}

/**
 * Quotes of a recording whose speaker is a placeholder ("Pembicara 2", no directory person) take
 * the speaker the transcript now has at their span, once that one is named (linked to a person,
 * or renamed). Returns how many changed; writes nothing when none did.
 */
export async function followTranscriptSpeakers(archive: Archive, eventId: string, recordingId: string): Promise<number> {
  const placeholder = (q: Quote) => q.recordingId === recordingId && q.speakerId === null && isPlaceholderLabel({ id: 'p0', name: q.speakerName, speakerId: null });
  const quotes = await readQuotes(archive.store, eventId, { repair: false });
  if (!quotes.some(placeholder)) return 0;
  const working = await loadWorking(archive, eventId, recordingId);
  if (!working) return 0;
  const directory = archive.document.speakers;
  const named = (q: Quote) => {
    if (!placeholder(q)) return null;
    const label = labelAtSpan(working, q.start, q.end);
    return label && !isPlaceholderLabel(label) ? labelName(label, directory) : null;
  };
  if (!quotes.some(named)) return 0;
  return change(archive, eventId, (all) => {
    let changed = 0;
    const now = new Date().toISOString();
    const next = all.map((q) => {
      const who = named(q);
      if (!who) return q;
      changed++;
      return { ...q, speakerId: who.speakerId, speakerName: who.name, speakerTitle: who.title, updatedAt: now };
    });
    return { quotes: next, value: changed };
  });
}

/** The transcript's words in [start, end] and the speaker who says most of them. */
async function fromTranscript(archive: Archive, eventId: string, recordingId: string, start: number, end: number) {
  const working = await loadWorking(archive, eventId, recordingId);
  if (!working) return { text: '', label: undefined as TranscriptLabel | undefined };
  const words: string[] = [];
  const weight = new Map<string, number>();
  for (const s of working.segments) {
    if (s.end <= start || s.start >= end) continue;
    const overlap = Math.min(end, s.end) - Math.max(start, s.start);
    if (s.speaker) weight.set(s.speaker, (weight.get(s.speaker) ?? 0) + overlap);
    if (s.words.length > 0) {
      for (const w of s.words) if ((w.start + w.end) / 2 >= start && (w.start + w.end) / 2 <= end) words.push(w.text);
    } else {
      words.push(s.text);
    }
  }
  const top = [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { text: words.join(' ').replace(/\s+([,.;:!?])/g, '$1'), label: working.labels.find((l) => l.id === top) };
}

export async function addQuote(archive: Archive, eventId: string, input: NewQuote): Promise<Quote> {
  const event = await archive.getEvent(eventId);
  const recording = event.recordings.find((r) => r.id === input.recordingId);
  if (!recording) throw new RisalahError('NOT_FOUND', `no recording ${input.recordingId}`, { id: input.recordingId });
  if (!(input.end > input.start) || input.start < 0 || input.end > recording.durationSec + 0.5) {
    throw new RisalahError('INVALID_INPUT', `quote span ${input.start}–${input.end} is not inside the recording`, {}, ['end: must be after start and inside the recording']);
  }
  const found = await fromTranscript(archive, eventId, recording.id, input.start, input.end);
  const text = (input.text ?? found.text).trim();
  if (!text) throw new RisalahError('INVALID_INPUT', 'a quote needs words', {}, ['text: must not be empty']);
  const directory = archive.document.speakers;
  let who: { name: string; title: string; speakerId: string | null } | null;
  if (input.speakerId !== undefined && input.speakerId !== null) {
    const person = directory.find((s) => s.id === input.speakerId);
    if (!person) throw new RisalahError('NOT_FOUND', `no speaker ${input.speakerId}`, { id: input.speakerId });
    who = { name: person.name, title: person.title, speakerId: person.id };
  } else {
    who = input.speakerId === null ? null : labelName(found.label, directory);
  }
  const now = new Date().toISOString();
  const quote: Quote = {
    id: quoteId(),
    eventId,
    recordingId: recording.id,
    start: Math.round(input.start * 1000) / 1000,
    end: Math.round(input.end * 1000) / 1000,
    text,
    speakerId: who?.speakerId ?? null,
    speakerName: who?.name ?? '',
    speakerTitle: who?.title ?? '',
    tags: input.tags ?? [],
    checked: false,
    note: input.note ?? '',
    createdAt: now,
    updatedAt: now,
  };
  return change(archive, eventId, (quotes) => ({ quotes: [...quotes, quote], value: quote }));
}

export interface QuotePatch {
  text?: string;
  tags?: string[];
  checked?: boolean;
  note?: string;
  speakerId?: string | null;
  start?: number;
  end?: number;
}

export async function updateQuote(archive: Archive, eventId: string, id: string, patch: QuotePatch): Promise<Quote> {
  const directory = archive.document.speakers;
  return change(archive, eventId, (quotes) => {
    const q = quotes.find((x) => x.id === id);
    if (!q) throw new RisalahError('NOT_FOUND', `no quote ${id}`, { id });
    if (patch.text !== undefined) {
      if (!patch.text.trim()) throw new RisalahError('INVALID_INPUT', 'a quote needs words', {}, ['text: must not be empty']);
      q.text = patch.text.trim();
    }
    if (patch.tags !== undefined) q.tags = patch.tags;
    if (patch.note !== undefined) q.note = patch.note;
    if (patch.start !== undefined) q.start = patch.start;
    if (patch.end !== undefined) q.end = patch.end;
    if (!(q.end > q.start)) throw new RisalahError('INVALID_INPUT', 'end before start', {}, ['end: must be after start']);
    if (patch.checked !== undefined) {
      q.checked = patch.checked;
      if (patch.checked) q.checkedAt = new Date().toISOString();
      else delete q.checkedAt;
    }
    if (patch.speakerId !== undefined) {
      if (patch.speakerId === null) {
        q.speakerId = null;
      } else {
        const person = directory.find((s) => s.id === patch.speakerId);
        if (!person) throw new RisalahError('NOT_FOUND', `no speaker ${patch.speakerId}`, { id: patch.speakerId });
        q.speakerId = person.id;
        q.speakerName = person.name;
        q.speakerTitle = person.title;
      }
    }
    q.updatedAt = new Date().toISOString();
    return { quotes, value: { ...q } };
  });
}

export async function removeQuote(archive: Archive, eventId: string, id: string): Promise<void> {
  await change(archive, eventId, (quotes) => {
    if (!quotes.some((q) => q.id === id)) throw new RisalahError('NOT_FOUND', `no quote ${id}`, { id });
    return { quotes: quotes.filter((q) => q.id !== id), value: undefined };
  });
}

export interface QuoteFilter {
  eventId?: string;
  /** Name of the speaker (case-insensitive, part of the name). */
  speaker?: string;
  speakerId?: string;
  tag?: string;
  from?: string;
  to?: string;
  checked?: boolean;
}

/** The quote library: quotes of the whole archive (or one event), newest event first. */
export async function listQuotes(archive: Archive, filter: QuoteFilter = {}): Promise<QuoteWithEvent[]> {
  const events = filter.eventId ? [await archive.getEvent(filter.eventId)] : await archive.allEventRecords();
  const out: QuoteWithEvent[] = [];
  const speaker = filter.speaker?.toLowerCase().trim();
  for (const event of events) {
    if (filter.from && event.date < filter.from) continue;
    if (filter.to && event.date > filter.to) continue;
    for (const q of await eventQuotes(archive, event.id)) {
      if (speaker && !q.speakerName.toLowerCase().includes(speaker)) continue;
      if (filter.speakerId && q.speakerId !== filter.speakerId) continue;
      if (filter.tag && !q.tags.some((t) => t.toLowerCase() === filter.tag?.toLowerCase())) continue;
      if (filter.checked !== undefined && q.checked !== filter.checked) continue;
      out.push({ ...q, eventTitle: event.title, eventDate: event.date });
    }
  }
  return out.sort((a, b) => b.eventDate.localeCompare(a.eventDate) || a.start - b.start);
}

export async function findQuote(archive: Archive, id: string): Promise<QuoteWithEvent> {
  const found = (await listQuotes(archive)).find((q) => q.id === id);
  if (!found) throw new RisalahError('NOT_FOUND', `no quote ${id}`, { id });
  return found;
}

/** Margin of audio kept around a quote's span, so the first and last syllables are whole. */
export const CLIP_PAD_SEC = 0.25;

/** The quote's span of its recording as MP3, streamed from ffmpeg (nothing is written to the archive). */
export async function quoteClip(archive: Archive, ff: Pick<FfmpegTools, 'ffmpeg'>, quote: Quote, signal?: AbortSignal): Promise<Readable> {
  const event = await archive.getEvent(quote.eventId);
  const recording = event.recordings.find((r) => r.id === quote.recordingId);
  if (!recording) throw new RisalahError('NOT_FOUND', `no recording ${quote.recordingId}`, { id: quote.recordingId });
  const source = await archive.store.fileForTool(archive.eventFile(event.id, recording.file));
  const start = Math.max(0, quote.start - CLIP_PAD_SEC);
  const duration = quote.end - quote.start + 2 * CLIP_PAD_SEC;
  const child = spawn(
    ff.ffmpeg,
    ['-nostdin', '-hide_banner', '-v', 'error', '-ss', start.toFixed(3), '-t', duration.toFixed(3), '-i', inputUrl(source), '-vn', '-ac', '1', '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3', 'pipe:1'],
    { stdio: ['ignore', 'pipe', 'ignore'], ...(signal ? { signal } : {}) },
  );
  child.on('error', () => undefined);
  const out = child.stdout as Readable;
  out.on('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return out;
}
