/**
 * The archive: a folder of plain files that outlives the app.
 *
 * Owns: opening an archive folder (creating it when new, migrating it when old), the archive
 * document (`archive.json`: speaker directory, glossary, settings) and the event documents
 * (`events/<id>/event.json`) — listing, filtering, creating and editing events, and every other
 * change to an event through `mutateEvent`, which serialises the changes of one event and writes
 * each atomically and durably before it resolves. Damaged files found on the way are reported in
 * `problems`. Files are the truth; nothing here is a cache that cannot be rebuilt from them.
 *
 * Layout: see docs/archive-format.md.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import type {
  ArchiveProblem,
  EventCreateInput,
  EventList,
  EventListInput,
  EventPatch,
  EventRecord,
  EventSummary,
  GlossaryEntry,
  Replacement,
  Speaker,
} from '../../api/schemas';
import { RisalahError } from '../errors';
import { mkdirDurable } from '../fs/atomic';
import { KeyedQueue } from '../fs/queue';
import { DEFAULT_GLOSSARY, DEFAULT_SETTINGS, type ArchiveSettings } from './defaults';
import { makeEventId } from './ids';
import { DurableJsonFile, type JsonFileProblem } from './json-file';
import { CURRENT_FORMAT_VERSION, migrateArchive } from './migrations';

export const ARCHIVE_FORMAT_VERSION = CURRENT_FORMAT_VERSION;

export interface ArchiveDocument {
  app: 'risalah';
  formatVersion: number;
  createdAt: string;
  speakers: Speaker[];
  glossary: GlossaryEntry[];
  /** Applied to Whisper's text after transcription (see migration 3). */
  replacements: Replacement[];
  settings: ArchiveSettings;
}

interface CachedEvent {
  mtimeMs: number;
  size: number;
  record: EventRecord;
}

/** Case- and accent-folded text for matching typed filters. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export class Archive {
  readonly dir: string;
  readonly problems: ArchiveProblem[] = [];
  private readonly eventCache = new Map<string, CachedEvent>();
  /** Edits of one event (or of archive.json) one at a time. */
  private readonly queues = new KeyedQueue();
  private doc!: Low<ArchiveDocument>;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Open (or create) the archive in `dir`, migrating an older format first. */
  static async open(dir: string): Promise<Archive> {
    const archive = new Archive(path.resolve(dir));
    await archive.init();
    return archive;
  }

  private report(file: string, problem: JsonFileProblem, eventId?: string): void {
    if (this.problems.some((p) => p.file === file && p.code === problem)) return;
    this.problems.push({ file, code: problem, ...(eventId ? { eventId } : {}) });
  }

  private async init(): Promise<void> {
    const file = path.join(this.dir, 'archive.json');
    try {
      const entries = await fs.readdir(this.dir).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw e;
      });
      const isNew = entries === null || entries.filter((n) => !n.startsWith('.')).length === 0;
      if (!isNew && !entries.includes('archive.json') && !entries.includes('events')) {
        throw new RisalahError(
          'ARCHIVE_UNAVAILABLE',
          `${this.dir} is not a Risalah archive (no archive.json) and is not empty`,
          { dir: this.dir },
        );
      }
      await mkdirDurable(path.join(this.dir, 'events'));
      const adapter = new DurableJsonFile<ArchiveDocument>(file, (p) => this.report('archive.json', p));
      let data = await adapter.read();
      if (data === null) {
        data = {
          app: 'risalah',
          formatVersion: ARCHIVE_FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          speakers: [],
          glossary: DEFAULT_GLOSSARY,
          replacements: [],
          settings: DEFAULT_SETTINGS,
        };
        await adapter.write(data);
      } else if (data.formatVersion > ARCHIVE_FORMAT_VERSION) {
        throw new RisalahError(
          'ARCHIVE_TOO_NEW',
          `archive format ${data.formatVersion} is newer than this app understands (${ARCHIVE_FORMAT_VERSION})`,
          { dir: this.dir, version: data.formatVersion },
        );
      } else if (data.formatVersion < ARCHIVE_FORMAT_VERSION) {
        await migrateArchive(this.dir, data.formatVersion);
        data = (await adapter.read()) as ArchiveDocument;
      }
      this.doc = new Low(adapter, data);
      this.doc.data = { ...data, settings: { ...DEFAULT_SETTINGS, ...data.settings } };
    } catch (e) {
      if (e instanceof RisalahError) throw e;
      const err = e as NodeJS.ErrnoException;
      throw new RisalahError('ARCHIVE_UNAVAILABLE', `cannot open archive ${this.dir}: ${err.message}`, {
        dir: this.dir,
      });
    }
  }

  // ---- archive document ---------------------------------------------------------------------

  get document(): Readonly<ArchiveDocument> {
    return this.doc.data;
  }

  /** Change archive.json (serialised with other changes to it; atomic and durable). */
  async updateDocument(change: (doc: ArchiveDocument) => ArchiveDocument | void): Promise<ArchiveDocument> {
    return this.queues.run('archive.json', async () => {
      const current = structuredClone(this.doc.data);
      const next = change(current) ?? current;
      this.doc.data = next;
      await this.doc.write();
      return next;
    });
  }

  // ---- events -------------------------------------------------------------------------------

  eventDir(id: string): string {
    return path.join(this.dir, 'events', id);
  }

  private eventFile(id: string): string {
    return path.join(this.eventDir(id), 'event.json');
  }

  /** Resolve a path stored in an event (e.g. `media/x.m4a`) inside that event's folder only. */
  resolveEventPath(id: string, relative: string): string {
    const base = this.eventDir(id);
    const full = path.resolve(base, relative);
    if (!full.startsWith(base + path.sep)) {
      throw new RisalahError('INVALID_INPUT', `path ${relative} leaves the event folder`, { id });
    }
    return full;
  }

  /** Events matching the filters, sorted; plus the facts the filter controls need. */
  async listEvents(input: Partial<EventListInput> = {}): Promise<EventList> {
    const all = await this.allEventRecords();
    const words = input.q ? foldText(input.q).split(/\s+/).filter(Boolean) : [];
    const years = [...new Set(all.map((e) => Number(e.date.slice(0, 4))))].sort((a, b) => b - a);
    const filtered = all.filter((e) => {
      if (input.type && e.type !== input.type) return false;
      if (input.year && !e.date.startsWith(`${input.year}-`)) return false;
      if (words.length) {
        const hay = foldText(
          [e.title, e.venue, e.organiser, e.platform, e.description, ...e.tags, ...(e.agreement?.parties ?? []).flatMap((p) => [p.institution, p.signatory]), e.agreement?.documentNumber ?? '', e.agreement?.title ?? ''].join(' \u0001 '),
        );
        if (!words.every((w) => hay.includes(w))) return false;
      }
      return true;
    });
    const sort = input.sort ?? 'date-desc';
    const byDate = (a: EventRecord, b: EventRecord) => a.date.localeCompare(b.date) || a.time.localeCompare(b.time);
    filtered.sort((a, b) => {
      switch (sort) {
        case 'date-asc':
          return byDate(a, b) || a.title.localeCompare(b.title, 'id');
        case 'title':
          return a.title.localeCompare(b.title, 'id') || byDate(b, a);
        case 'updated':
          return b.updatedAt.localeCompare(a.updatedAt);
        case 'date-desc':
          return byDate(b, a) || b.updatedAt.localeCompare(a.updatedAt);
      }
    });
    return { events: filtered.map(summarise), total: all.length, years };
  }

  async getEvent(id: string): Promise<EventRecord> {
    const record = await this.loadEvent(id);
    if (!record) throw new RisalahError('NOT_FOUND', `no event ${id}`, { id });
    return record;
  }

  async createEvent(input: Required<Pick<EventCreateInput, 'title' | 'date' | 'type'>> & EventPatch): Promise<EventRecord> {
    const now = new Date().toISOString();
    const id = makeEventId(input.date, input.title);
    const record: EventRecord = {
      id,
      rev: 1,
      title: input.title,
      date: input.date,
      time: input.time ?? '',
      type: input.type,
      venue: input.venue ?? '',
      platform: input.platform ?? '',
      organiser: input.organiser ?? '',
      description: input.description ?? '',
      tags: input.tags ?? [],
      agreement: (input.agreement ?? null) as EventRecord['agreement'],
      recordings: [],
      attachments: [],
      createdAt: now,
      updatedAt: now,
    };
    await mkdirDurable(this.eventDir(id));
    await this.queues.run(id, () => this.writeEvent(record));
    return record;
  }

  /**
   * Edit an event's fields. `baseRev` is the revision the editor started from: when the event
   * changed since (another window, the CLI), the edit is refused with CONFLICT instead of
   * silently overwriting.
   */
  async updateEvent(id: string, baseRev: number, patch: EventPatch): Promise<EventRecord> {
    return this.mutateEvent(id, (event) => {
      if (event.rev !== baseRev) {
        throw new RisalahError('CONFLICT', `event ${id} is at revision ${event.rev}, not ${baseRev}`, { id });
      }
      return { ...event, ...(patch as Partial<EventRecord>) };
    });
  }

  /**
   * The one way to change an event: `change` gets the current record (fresh from disk) and
   * returns the new one; the revision and `updatedAt` are bumped and the file is written
   * atomically and durably. Changes to one event run one at a time.
   */
  async mutateEvent(id: string, change: (event: EventRecord) => EventRecord | Promise<EventRecord>): Promise<EventRecord> {
    return this.queues.run(id, async () => {
      const current = await this.loadEvent(id);
      if (!current) throw new RisalahError('NOT_FOUND', `no event ${id}`, { id });
      const changed = await change(structuredClone(current));
      const next: EventRecord = { ...changed, id, rev: current.rev + 1, updatedAt: new Date().toISOString() };
      await this.writeEvent(next);
      return next;
    });
  }

  /** Every event record of the archive (unordered). */
  async allEventRecords(): Promise<EventRecord[]> {
    const ids = await this.eventIds();
    const records = await Promise.all(ids.map((id) => this.loadEvent(id)));
    return records.filter((r): r is EventRecord => r !== null);
  }

  private async eventIds(): Promise<string[]> {
    const entries = await fs.readdir(path.join(this.dir, 'events'), { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  }

  /** Load an event document, reusing the cached copy while the file is unchanged. */
  private async loadEvent(id: string): Promise<EventRecord | null> {
    const file = this.eventFile(id);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) {
      this.eventCache.delete(id);
      return null;
    }
    const cached = this.eventCache.get(id);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.record;
    const adapter = new DurableJsonFile<EventRecord>(file, (p) => this.report(`events/${id}/event.json`, p, id));
    const raw = await adapter.read();
    if (!raw) return null;
    const record = normaliseEvent(raw, id);
    const fresh = await fs.stat(file).catch(() => stat);
    this.eventCache.set(id, { mtimeMs: fresh.mtimeMs, size: fresh.size, record });
    return record;
  }

  private async writeEvent(record: EventRecord): Promise<void> {
    const file = this.eventFile(record.id);
    await new DurableJsonFile<EventRecord>(file).write(record);
    const stat = await fs.stat(file);
    this.eventCache.set(record.id, { mtimeMs: stat.mtimeMs, size: stat.size, record });
  }

}

/** Fill what a hand-edited or older file lacks, so the rest of the app can rely on the shape. */
function normaliseEvent(raw: Partial<EventRecord>, id: string): EventRecord {
  return {
    ...raw,
    id,
    rev: typeof raw.rev === 'number' ? raw.rev : 1,
    title: String(raw.title ?? id),
    date: String(raw.date ?? '1970-01-01'),
    time: raw.time ?? '',
    type: raw.type ?? 'lainnya',
    venue: raw.venue ?? '',
    platform: raw.platform ?? '',
    organiser: raw.organiser ?? '',
    description: raw.description ?? '',
    tags: Array.isArray(raw.tags) ? raw.tags : [],
    agreement: raw.agreement ?? null,
    recordings: Array.isArray(raw.recordings) ? raw.recordings : [],
    attachments: Array.isArray(raw.attachments) ? raw.attachments : [],
    createdAt: raw.createdAt ?? '',
    updatedAt: raw.updatedAt ?? '',
  };
}

function summarise(e: EventRecord): EventSummary {
  return {
    id: e.id,
    title: e.title,
    date: e.date,
    time: e.time,
    type: e.type,
    venue: e.venue,
    tags: e.tags,
    recordingCount: e.recordings.length,
    totalDurationSec: e.recordings.reduce((s, r) => s + (r.durationSec || 0), 0),
    partyCount: e.agreement?.parties.length ?? 0,
    updatedAt: e.updatedAt,
  };
}
