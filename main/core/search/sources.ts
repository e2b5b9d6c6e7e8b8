/**
 * The archive files search reads, and their fingerprints.
 *
 * Owns: reading, without changing anything, what the index is built from — `archive.json`
 * (speaker directory, glossary), `events/<id>/event.json`, each recording's transcript (the
 * working `transcripts/<rec>.json` when there is one, else Whisper's `<rec>.machine.json`) and
 * `quotes.json` — and the fingerprints (size, mtime, inode) that tell a changed file from an
 * unchanged one. Everything is read through the archive's store (store.ts: containment, no links,
 * size caps) and validated with the archive's schemas (formats.ts; transcripts with a projection
 * that checks only what the index uses, so a 10-million-word archive is not validated word by
 * word). A file that is missing, damaged or invalid is skipped (the archive reports it itself);
 * it is never moved or repaired from here.
 */
import { z } from 'zod';
import type { EventRecord, GlossaryEntry, Quote, Speaker } from '../../api/schemas';
import { readQuotes } from '../archive/documents';
import { SIZE_CAPS, StoredArchive, StoredEvent } from '../archive/formats';
import { isId, layout } from '../archive/layout';
import type { ArchiveStore } from '../archive/store';

const NO_REPAIR = { repair: false } as const;

/** A layout path of an event's file, relative to the event folder (the index's key for it). */
const inEvent = (eventId: string, rel: string): string => rel.slice(layout.eventDir(eventId).length + 1);

export interface ArchiveFacts {
  speakers: Speaker[];
  glossary: GlossaryEntry[];
  fingerprint: string;
}

/** Speakers and glossary of archive.json (empty when it is missing or damaged). */
export async function readArchiveFacts(store: ArchiveStore): Promise<ArchiveFacts> {
  const fp = (await store.fingerprint(layout.archiveJson).catch(() => null)) ?? 'missing';
  const doc = await store.readJson(layout.archiveJson, StoredArchive, { maxBytes: SIZE_CAPS.archive, ...NO_REPAIR }).catch(() => null);
  return { speakers: doc?.speakers ?? [], glossary: doc?.glossary ?? [], fingerprint: fp };
}

/** Ids of the event folders of the archive. */
export async function listEventIds(store: ArchiveStore): Promise<string[]> {
  return (await store.list(layout.eventsDir, 'dirs').catch(() => [] as string[])).filter(isId);
}

/**
 * Fingerprints of every file of an event that the index reads: `event.json`, `quotes.json` and
 * `transcripts/*.json` (paths relative to the event folder). Null when the event has no
 * event.json (deleted, or not an event).
 */
export async function eventFingerprints(store: ArchiveStore, eventId: string): Promise<Map<string, string> | null> {
  const fp = (rel: string) => store.fingerprint(rel).catch(() => null);
  const [eventFp, quotesFp, names] = await Promise.all([
    fp(layout.eventJson(eventId)),
    fp(layout.quotes(eventId)),
    store.list(layout.transcriptsDir(eventId), 'files').catch(() => [] as string[]),
  ]);
  if (eventFp === null) return null;
  const out = new Map<string, string>([[inEvent(eventId, layout.eventJson(eventId)), eventFp]]);
  if (quotesFp !== null) out.set(inEvent(eventId, layout.quotes(eventId)), quotesFp);
  const transcripts = names
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .map((n) => `${layout.transcriptsDir(eventId)}/${n}`)
    .sort();
  const fps = await Promise.all(transcripts.map(fp));
  transcripts.forEach((rel, i) => {
    const f = fps[i];
    if (f) out.set(inEvent(eventId, rel), f);
  });
  return out;
}

export interface SourceSegment {
  id: string;
  start: number;
  end: number;
  text: string;
  /** The speaker's name (linked directory person, else the label's name), or ''. */
  speaker: string;
  /** The directory person, when the label is linked. */
  speakerId: string | null;
}

export interface SourceTranscript {
  recordingId: string;
  kind: 'working' | 'machine';
  segments: SourceSegment[];
}

export interface SourceEvent {
  record: EventRecord;
  transcripts: SourceTranscript[];
  quotes: Quote[];
  /** Taken before the files were read (a change while reading shows at the next refresh). */
  fingerprints: Map<string, string>;
}

/** Read one event and what belongs to it; null when it has no readable event.json. */
export async function readEvent(store: ArchiveStore, eventId: string, speakers: ReadonlyMap<string, string>): Promise<SourceEvent | null> {
  const fingerprints = await eventFingerprints(store, eventId);
  if (!fingerprints) return null;
  const record = await store.readJson(layout.eventJson(eventId), StoredEvent, {
    maxBytes: SIZE_CAPS.event,
    ...NO_REPAIR,
    prepare: (raw) => ({ ...raw, id: eventId }),
  });
  if (!record) return null;
  const [transcripts, quotes] = await Promise.all([
    Promise.all(record.recordings.map((r) => readTranscript(store, eventId, r.id, fingerprints, speakers))),
    fingerprints.has(inEvent(eventId, layout.quotes(eventId))) ? readQuotes(store, eventId, NO_REPAIR).catch(() => [] as Quote[]) : Promise.resolve([] as Quote[]),
  ]);
  return { record, transcripts: transcripts.filter((t): t is SourceTranscript => t !== null), quotes, fingerprints };
}

const Seconds = z.number().finite().min(0);
/** What the index uses of a transcript: segments' times, text and speaker; labels. Words are not read. */
const IndexedTranscript = z.object({
  labels: z.array(z.object({ id: z.string().max(10), name: z.string().max(500), speakerId: z.string().regex(/^[a-z0-9-]{1,96}$/).nullable().default(null) })).max(10_000).default([]),
  segments: z.array(z.object({ id: z.string().max(40), start: Seconds, end: Seconds, text: z.string().max(100_000), speaker: z.string().max(10).nullable().default(null) })).max(1_000_000),
});

async function readTranscript(
  store: ArchiveStore,
  eventId: string,
  recordingId: string,
  fingerprints: ReadonlyMap<string, string>,
  speakers: ReadonlyMap<string, string>,
): Promise<SourceTranscript | null> {
  if (!isId(recordingId)) return null;
  const read = (rel: string) => store.readJson(rel, IndexedTranscript, { maxBytes: SIZE_CAPS.transcript, ...NO_REPAIR }).catch(() => null);
  if (fingerprints.has(inEvent(eventId, layout.workingTranscript(eventId, recordingId)))) {
    const doc = await read(layout.workingTranscript(eventId, recordingId));
    if (doc) {
      const labels = new Map(doc.labels.map((l) => [l.id, l]));
      const segments = doc.segments.map((s): SourceSegment => {
        const label = s.speaker ? labels.get(s.speaker) : undefined;
        const linked = label?.speakerId ? speakers.get(label.speakerId) : undefined;
        return { id: s.id, start: s.start, end: s.end, text: s.text, speaker: linked ?? label?.name ?? '', speakerId: label?.speakerId ?? null };
      });
      return { recordingId, kind: 'working', segments };
    }
  }
  if (fingerprints.has(inEvent(eventId, layout.machineTranscript(eventId, recordingId)))) {
    const doc = await read(layout.machineTranscript(eventId, recordingId));
    if (doc) {
      const segments = doc.segments.map((s): SourceSegment => ({ id: s.id, start: s.start, end: s.end, text: s.text, speaker: '', speakerId: null }));
      return { recordingId, kind: 'machine', segments };
    }
  }
  return null;
}
