/**
 * The archive: a folder of plain files that outlives the app.
 *
 * Owns: opening an archive folder (creating it when new, migrating it when old), the archive
 * document (`archive.json`: speaker directory, glossary, settings) and the event documents
 * (`events/<id>/event.json`) — listing, filtering, creating and editing events, and every other
 * change to an event through `mutateEvent`. Every change is a read-modify-write under the
 * archive's lock, re-reading the file inside it (another process — the CLI, a second app — may
 * have changed it), and the in-memory copy changes only after the durable write succeeded.
 * Damaged, invalid or unsafe files found on the way are reported in `problems`; the rest of the
 * archive works. All file access goes through the store (store.ts), all paths come from layout.ts.
 * Files are the truth; nothing here is a cache that cannot be rebuilt from them.
 *
 * Layout: see docs/archive-format.md.
 */
import { promises as fs, type Stats } from 'node:fs';
import type {
  ArchiveProblem,
  EventCreateInput,
  EventList,
  EventListInput,
  EventPatch,
  EventRecord,
  EventSummary,
} from '../../api/schemas';
import { RisalahError } from '../errors';
import { DEFAULT_GLOSSARY, DEFAULT_SETTINGS } from './defaults';
import { StoredArchive, StoredArchiveVersion, StoredEvent, SIZE_CAPS } from './formats';
import { makeEventId } from './ids';
import { isId, layout } from './layout';
import { CURRENT_FORMAT_VERSION, migrateArchive } from './migrations';
import { ArchiveStore, type DocumentProblem } from './store';

export const ARCHIVE_FORMAT_VERSION = CURRENT_FORMAT_VERSION;

/** A temporary file untouched for this long belongs to a write that was killed. */
export const SWEEP_AGE_MS = 10 * 60 * 1000;

/** archive.json as the app uses it (validated and completed on load: see formats.ts). */
export type ArchiveDocument = StoredArchive;

interface CachedEvent {
  stamp: string;
  record: EventRecord;
}

const stampOf = (st: Stats) => `${st.ino}:${st.size}:${st.mtimeMs}`;

/** Case- and accent-folded text for matching typed filters. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const EVENT_READ = (id: string) => ({
  maxBytes: SIZE_CAPS.event,
  prepare: (raw: Record<string, unknown>) => ({ ...raw, id }),
});
const ARCHIVE_READ = { maxBytes: SIZE_CAPS.archive };

export class Archive {
  readonly dir: string;
  readonly store: ArchiveStore;
  readonly problems: ArchiveProblem[] = [];
  private readonly eventCache = new Map<string, CachedEvent>();
  private doc!: ArchiveDocument;
  private docStamp = '';

  private constructor(store: ArchiveStore) {
    this.store = store;
    this.dir = store.root;
    store.onProblem((p) => this.report(p));
  }

  /** Open (or create) the archive in `dir`, migrating an older format first. */
  static async open(dir: string): Promise<Archive> {
    let store: ArchiveStore;
    try {
      await fs.mkdir(dir, { recursive: true });
      store = await ArchiveStore.open(dir);
    } catch (e) {
      throw new RisalahError('ARCHIVE_UNAVAILABLE', `cannot open archive ${dir}: ${(e as Error).message}`, { dir });
    }
    const archive = new Archive(store);
    await archive.init();
    return archive;
  }

  private report(p: DocumentProblem): void {
    if (this.problems.some((x) => x.file === p.file && x.code === p.code)) return;
    const m = /^events\/([^/]+)\//.exec(p.file);
    const eventId = m && isId(m[1] as string) ? (m[1] as string) : undefined;
    this.problems.push({ file: p.file, code: p.code, ...(eventId ? { eventId } : {}), ...(p.detail ? { detail: p.detail } : {}) });
  }

  private async init(): Promise<void> {
    try {
      const names = await this.store.list('');
      const isNew = names.filter((n) => !n.startsWith('.')).length === 0;
      if (!isNew && !names.includes(layout.archiveJson) && !names.includes(layout.eventsDir)) {
        throw new RisalahError('ARCHIVE_UNAVAILABLE', `${this.dir} is not a Risalah archive (no archive.json) and is not empty`, { dir: this.dir });
      }
      const version = await this.store.readJson(layout.archiveJson, StoredArchiveVersion, ARCHIVE_READ);
      if (version === null) {
        if (await this.store.stat(layout.archiveJson)) {
          throw new RisalahError('ARCHIVE_UNAVAILABLE', `${this.dir}: archive.json is damaged and has no good backup`, { dir: this.dir });
        }
        const fresh: ArchiveDocument = {
          app: 'risalah',
          formatVersion: ARCHIVE_FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          speakers: [],
          glossary: DEFAULT_GLOSSARY,
          replacements: [],
          settings: DEFAULT_SETTINGS,
        };
        await this.store.locked(async () => {
          if (!(await this.store.stat(layout.archiveJson))) await this.store.writeJson(layout.archiveJson, fresh);
        });
      } else if (version.formatVersion > ARCHIVE_FORMAT_VERSION) {
        throw new RisalahError(
          'ARCHIVE_TOO_NEW',
          `archive format ${version.formatVersion} is newer than this app understands (${ARCHIVE_FORMAT_VERSION})`,
          { dir: this.dir, version: version.formatVersion },
        );
      } else if (version.formatVersion < ARCHIVE_FORMAT_VERSION) {
        await this.store.locked(() => migrateArchive(this.store));
      }
      await this.store.mkdirs(layout.eventsDir);
      if (!(await this.reloadDocument(true))) {
        throw new RisalahError('ARCHIVE_UNAVAILABLE', `${this.dir}: archive.json does not match the archive format`, { dir: this.dir });
      }
    } catch (e) {
      if (e instanceof RisalahError) throw e;
      const err = e as NodeJS.ErrnoException;
      throw new RisalahError('ARCHIVE_UNAVAILABLE', `cannot open archive ${this.dir}: ${err.message}`, { dir: this.dir });
    }
  }

  /** Re-read archive.json when it changed on disk; false when it cannot be read. */
  private async reloadDocument(force = false): Promise<boolean> {
    const st = await this.store.stat(layout.archiveJson);
    if (!st) return false;
    const stamp = stampOf(st);
    if (!force && stamp === this.docStamp) return true;
    const doc = await this.store.readJson(layout.archiveJson, StoredArchive, ARCHIVE_READ);
    if (!doc) return false;
    this.doc = doc;
    this.docStamp = stamp;
    return true;
  }

  /**
   * Catch up with changes other processes made to archive.json (cheap: one stat). The hosts call
   * it before every call; a change made here is already in memory.
   */
  async refresh(): Promise<void> {
    await this.reloadDocument().catch(() => undefined);
  }

  // ---- archive document ---------------------------------------------------------------------

  get document(): Readonly<ArchiveDocument> {
    return this.doc;
  }

  /**
   * Change archive.json: `change` gets the document as it is on disk now (another process may
   * have changed it) and edits it or returns a new one. Serialised under the archive lock, written
   * atomically and durably; the in-memory copy changes only after the write succeeded.
   */
  async updateDocument(change: (doc: ArchiveDocument) => ArchiveDocument | void): Promise<ArchiveDocument> {
    return this.store.update(layout.archiveJson, StoredArchive, ARCHIVE_READ, async (current) => {
      if (!current) throw new RisalahError('ARCHIVE_UNAVAILABLE', `${this.dir}: archive.json cannot be read`, { dir: this.dir });
      const next = change(current) ?? current;
      return {
        write: next,
        result: next,
        after: async () => {
          this.doc = next;
          const st = await this.store.stat(layout.archiveJson);
          if (st) this.docStamp = stampOf(st);
        },
      };
    });
  }

  // ---- events -------------------------------------------------------------------------------

  /** The layout path of a file an event record names (`recording.file`, `attachment.file`). */
  eventFile(eventId: string, relative: string): string {
    try {
      return layout.eventFile(eventId, relative);
    } catch {
      throw new RisalahError('ARCHIVE_UNSAFE_PATH', `path ${relative} leaves the event folder`, { file: relative.slice(0, 300) });
    }
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
    const record = isId(id) ? await this.loadEvent(id) : null;
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
    await this.store.update(layout.eventJson(id), StoredEvent, EVENT_READ(id), (current) => {
      if (current) throw new RisalahError('CONFLICT', `event ${id} exists`, { id });
      return { write: record, result: undefined, after: () => this.remember(record) };
    });
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
   * The one way to change an event: `change` gets the current record (fresh from disk, inside
   * the archive lock) and returns the new one; the revision and `updatedAt` are bumped and the
   * file is written atomically and durably.
   */
  async mutateEvent(id: string, change: (event: EventRecord) => EventRecord | Promise<EventRecord>): Promise<EventRecord> {
    if (!isId(id)) throw new RisalahError('NOT_FOUND', `no event ${id}`, { id });
    return this.store.update(layout.eventJson(id), StoredEvent, EVENT_READ(id), async (current) => {
      if (!current) throw new RisalahError('NOT_FOUND', `no event ${id}`, { id });
      const changed = await change(structuredClone(current));
      const next: EventRecord = { ...changed, id, rev: current.rev + 1, updatedAt: new Date().toISOString() };
      return { write: next, result: next, after: () => this.remember(next) };
    });
  }

  /** Every event record of the archive (unordered). */
  async allEventRecords(): Promise<EventRecord[]> {
    const ids = await this.eventIds();
    const records = await Promise.all(ids.map((id) => this.loadEvent(id)));
    return records.filter((r): r is EventRecord => r !== null);
  }

  /** Ids of the event folders (names that are not ids, links and files are left out). */
  async eventIds(): Promise<string[]> {
    return (await this.store.list(layout.eventsDir, 'dirs')).filter(isId);
  }

  /** Load an event document, reusing the cached copy while the file is unchanged. */
  private async loadEvent(id: string): Promise<EventRecord | null> {
    const rel = layout.eventJson(id);
    let st: Stats | null;
    try {
      st = await this.store.stat(rel);
    } catch (e) {
      if (e instanceof RisalahError && e.code === 'ARCHIVE_UNSAFE_PATH') {
        this.report({ file: rel, code: 'UNSAFE_PATH', detail: e.message });
        return null;
      }
      throw e;
    }
    if (!st) {
      this.eventCache.delete(id);
      return null;
    }
    const cached = this.eventCache.get(id);
    if (cached && cached.stamp === stampOf(st)) return cached.record;
    const record = await this.store.readJson(rel, StoredEvent, EVENT_READ(id));
    if (!record) {
      this.eventCache.delete(id);
      return null;
    }
    const fresh = await this.store.stat(rel).catch(() => st);
    this.eventCache.set(id, { stamp: fresh ? stampOf(fresh) : '', record });
    return record;
  }

  private async remember(record: EventRecord): Promise<void> {
    const st = await this.store.stat(layout.eventJson(record.id));
    if (st) this.eventCache.set(record.id, { stamp: stampOf(st), record });
  }

  /**
   * Remove what killed writes left behind: the app's own temporary files (`.…tmp` of a JSON
   * write, `.…part` of a copy — nothing else is ever touched) older than SWEEP_AGE_MS, in the
   * archive folder, each event folder and its subfolders, and the voiceprint folders. Runs under the archive lock, so no JSON
   * write of another process is in flight; a copy in flight keeps touching its file. Returns the
   * layout paths removed.
   */
  async sweep(now = Date.now()): Promise<string[]> {
    const removed: string[] = [];
    const sweepDir = async (rel: string) => {
      for (const name of await this.store.tempFiles(rel)) {
        const file = rel ? `${rel}/${name}` : name;
        const st = await this.store.stat(file).catch(() => null);
        if (!st || now - st.mtimeMs < SWEEP_AGE_MS) continue;
        await this.store.remove(file).catch(() => undefined);
        removed.push(file);
      }
    };
    await this.store.locked(async () => {
      await sweepDir('');
      for (const id of await this.eventIds()) {
        const dir = layout.eventDir(id);
        await sweepDir(dir);
        for (const sub of await this.store.list(dir, 'dirs')) await sweepDir(`${dir}/${sub}`);
      }
      await sweepDir(layout.voiceprintPeopleDir);
      for (const id of (await this.store.list(layout.voiceprintEventsDir, 'dirs')).filter(isId)) await sweepDir(layout.eventVoicesDir(id));
    });
    return removed;
  }

  /** Stop following other processes' changes. */
  close(): void {
    this.store.changes.close();
  }
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
