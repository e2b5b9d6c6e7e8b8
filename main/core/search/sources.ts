/**
 * The archive files search reads, and their fingerprints.
 *
 * Owns: reading, without changing anything, what the index is built from — `archive.json`
 * (speaker directory, glossary), `events/<id>/event.json`, each recording's transcript (the
 * working `transcripts/<rec>.json` when there is one, else Whisper's `<rec>.machine.json`) and
 * `quotes.json` — and the fingerprints (size, mtime, inode) that tell a changed file from an
 * unchanged one. A file that is missing or does not parse is skipped (the archive reports damaged
 * files itself); it is never moved or repaired from here.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EventRecord, GlossaryEntry, Quote, Speaker, TranscriptLabel } from '../../api/schemas';

const ID = /^[a-z0-9](?:[a-z0-9-]{0,94}[a-z0-9])?$/;

export interface ArchiveFacts {
  speakers: Speaker[];
  glossary: GlossaryEntry[];
  fingerprint: string;
}

/** Fingerprint of a file, or null when it does not exist. */
export async function fingerprint(file: string): Promise<string | null> {
  try {
    const st = await fs.stat(file, { bigint: true });
    if (!st.isFile()) return null;
    return `${st.size}:${st.mtimeNs}:${st.ino}`;
  } catch {
    return null;
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Speakers and glossary of archive.json (empty when it is missing or damaged). */
export async function readArchiveFacts(archiveDir: string): Promise<ArchiveFacts> {
  const file = path.join(archiveDir, 'archive.json');
  const fp = (await fingerprint(file)) ?? 'missing';
  const doc = await readJson(file);
  const speakers = isObject(doc) && Array.isArray(doc.speakers) ? doc.speakers.filter(isObject) : [];
  const glossary = isObject(doc) && Array.isArray(doc.glossary) ? doc.glossary.filter(isObject) : [];
  return {
    speakers: speakers.map((s) => ({ id: str(s.id), name: str(s.name), title: str(s.title), org: str(s.org), notes: str(s.notes) })),
    glossary: glossary.map((g) => ({ term: str(g.term), expansion: str(g.expansion), kind: (str(g.kind) || 'term') as GlossaryEntry['kind'] })),
    fingerprint: fp,
  };
}

/** Ids of the event folders of the archive. */
export async function listEventIds(archiveDir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(path.join(archiveDir, 'events'), { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && ID.test(e.name)).map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * Fingerprints of every file of an event that the index reads: `event.json`, `quotes.json` and
 * `transcripts/*.json` (paths relative to the event folder). Null when the event has no
 * event.json (deleted, or not an event).
 */
export async function eventFingerprints(archiveDir: string, eventId: string): Promise<Map<string, string> | null> {
  const dir = path.join(archiveDir, 'events', eventId);
  const [eventFp, quotesFp, names] = await Promise.all([
    fingerprint(path.join(dir, 'event.json')),
    fingerprint(path.join(dir, 'quotes.json')),
    fs.readdir(path.join(dir, 'transcripts')).catch(() => [] as string[]),
  ]);
  if (eventFp === null) return null;
  const out = new Map<string, string>([['event.json', eventFp]]);
  if (quotesFp !== null) out.set('quotes.json', quotesFp);
  const transcripts = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  const fps = await Promise.all(transcripts.map((n) => fingerprint(path.join(dir, 'transcripts', n))));
  transcripts.forEach((n, i) => {
    const fp = fps[i];
    if (fp) out.set(`transcripts/${n}`, fp);
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
export async function readEvent(archiveDir: string, eventId: string, speakers: ReadonlyMap<string, string>): Promise<SourceEvent | null> {
  const fingerprints = await eventFingerprints(archiveDir, eventId);
  if (!fingerprints) return null;
  const dir = path.join(archiveDir, 'events', eventId);
  const raw = await readJson(path.join(dir, 'event.json'));
  if (!isObject(raw)) return null;
  const record = normaliseEvent(raw, eventId);
  const [transcripts, quotes] = await Promise.all([
    Promise.all(record.recordings.map((r) => readTranscript(dir, r.id, fingerprints, speakers))),
    fingerprints.has('quotes.json') ? readQuotes(path.join(dir, 'quotes.json'), eventId) : Promise.resolve([]),
  ]);
  return { record, transcripts: transcripts.filter((t): t is SourceTranscript => t !== null), quotes, fingerprints };
}

async function readTranscript(
  dir: string,
  recordingId: string,
  fingerprints: ReadonlyMap<string, string>,
  speakers: ReadonlyMap<string, string>,
): Promise<SourceTranscript | null> {
  if (!ID.test(recordingId)) return null;
  if (fingerprints.has(`transcripts/${recordingId}.json`)) {
    const doc = await readJson(path.join(dir, 'transcripts', `${recordingId}.json`));
    if (isObject(doc) && Array.isArray(doc.segments)) {
      const labels = new Map<string, TranscriptLabel>();
      for (const l of Array.isArray(doc.labels) ? doc.labels.filter(isObject) : []) {
        labels.set(str(l.id), { id: str(l.id), name: str(l.name), speakerId: typeof l.speakerId === 'string' ? l.speakerId : null });
      }
      const segments = doc.segments.filter(isObject).map((s): SourceSegment => {
        const label = typeof s.speaker === 'string' ? labels.get(s.speaker) : undefined;
        const linked = label?.speakerId ? speakers.get(label.speakerId) : undefined;
        return {
          id: str(s.id),
          start: num(s.start),
          end: num(s.end),
          text: str(s.text),
          speaker: linked ?? label?.name ?? '',
          speakerId: label?.speakerId ?? null,
        };
      });
      return { recordingId, kind: 'working', segments };
    }
  }
  if (fingerprints.has(`transcripts/${recordingId}.machine.json`)) {
    const doc = await readJson(path.join(dir, 'transcripts', `${recordingId}.machine.json`));
    if (isObject(doc) && Array.isArray(doc.segments)) {
      const segments = doc.segments.filter(isObject).map((s): SourceSegment => ({
        id: str(s.id),
        start: num(s.start),
        end: num(s.end),
        text: str(s.text),
        speaker: '',
        speakerId: null,
      }));
      return { recordingId, kind: 'machine', segments };
    }
  }
  return null;
}

async function readQuotes(file: string, eventId: string): Promise<Quote[]> {
  const doc = await readJson(file);
  const list = isObject(doc) && Array.isArray(doc.quotes) ? doc.quotes : Array.isArray(doc) ? doc : [];
  return list.filter(isObject).map((q) => ({
    id: str(q.id),
    eventId,
    recordingId: str(q.recordingId),
    start: num(q.start),
    end: num(q.end),
    text: str(q.text),
    speakerId: typeof q.speakerId === 'string' ? q.speakerId : null,
    speakerName: str(q.speakerName),
    speakerTitle: str(q.speakerTitle),
    tags: Array.isArray(q.tags) ? q.tags.filter((t): t is string => typeof t === 'string') : [],
    checked: q.checked === true,
    note: str(q.note),
    createdAt: str(q.createdAt),
    updatedAt: str(q.updatedAt),
  }));
}

function normaliseEvent(raw: Record<string, unknown>, id: string): EventRecord {
  const agreement = isObject(raw.agreement) ? raw.agreement : null;
  return {
    id,
    rev: num(raw.rev),
    title: str(raw.title) || id,
    date: /^\d{4}-\d{2}-\d{2}$/.test(str(raw.date)) ? str(raw.date) : '1900-01-01',
    time: str(raw.time),
    type: (str(raw.type) || 'lainnya') as EventRecord['type'],
    venue: str(raw.venue),
    platform: str(raw.platform),
    organiser: str(raw.organiser),
    description: str(raw.description),
    tags: Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : [],
    agreement: agreement
      ? {
          kind: (str(agreement.kind) || 'lainnya') as NonNullable<EventRecord['agreement']>['kind'],
          documentNumber: str(agreement.documentNumber),
          title: str(agreement.title),
          scope: str(agreement.scope),
          parties: (Array.isArray(agreement.parties) ? agreement.parties.filter(isObject) : []).map((p) => ({
            institution: str(p.institution),
            signatory: str(p.signatory),
            role: str(p.role),
          })),
        }
      : null,
    recordings: (Array.isArray(raw.recordings) ? raw.recordings.filter(isObject) : []).map((r) => ({
      ...(r as unknown as EventRecord['recordings'][number]),
      id: str(r.id),
      title: str(r.title),
      originalName: str(r.originalName),
    })),
    attachments: [],
    createdAt: str(raw.createdAt),
    updatedAt: str(raw.updatedAt),
  };
}
