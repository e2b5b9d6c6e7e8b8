/**
 * The archive: a folder of plain files that outlives the app.
 *
 * Owns: opening an archive folder (creating it when new), the event documents
 * (`events/<id>/event.json`), listing and creating events, and reporting damaged files found on
 * the way. Files are the truth; nothing here is a cache that cannot be rebuilt from them.
 *
 * Layout (see docs/archive-format.md):
 *   archive.json              format version and archive-wide data
 *   events/<id>/event.json    one event; each event its own file, so an edit never rewrites others
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import type { EventCreateInput } from '../../api/schemas';
import type { ArchiveProblem, EventRecord, EventSummary } from '../../api/schemas';
import { RisalahError } from '../errors';
import { mkdirDurable } from '../fs/atomic';
import { makeEventId } from './ids';
import { DurableJsonFile } from './json-file';

export const ARCHIVE_FORMAT_VERSION = 1;

export interface ArchiveDocument {
  app: 'risalah';
  formatVersion: number;
  createdAt: string;
}

interface CachedEvent {
  mtimeMs: number;
  record: EventRecord;
}

export class Archive {
  readonly dir: string;
  readonly problems: ArchiveProblem[] = [];
  private readonly eventCache = new Map<string, CachedEvent>();
  private readonly writeQueues = new Map<string, Promise<unknown>>();

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Open (or create) the archive in `dir`. */
  static async open(dir: string): Promise<Archive> {
    const archive = new Archive(path.resolve(dir));
    await archive.init();
    return archive;
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
      const db = new Low<ArchiveDocument | null>(
        new DurableJsonFile(file, (problem) => this.problems.push({ file: 'archive.json', code: problem === 'DAMAGED_JSON' ? 'DAMAGED_JSON' : 'RESTORED_FROM_BACKUP' })),
        null,
      );
      await db.read();
      if (db.data === null) {
        db.data = { app: 'risalah', formatVersion: ARCHIVE_FORMAT_VERSION, createdAt: new Date().toISOString() };
        await db.write();
      } else if (db.data.formatVersion > ARCHIVE_FORMAT_VERSION) {
        throw new RisalahError(
          'ARCHIVE_TOO_NEW',
          `archive format ${db.data.formatVersion} is newer than this app understands (${ARCHIVE_FORMAT_VERSION})`,
          { dir: this.dir, version: db.data.formatVersion },
        );
      }
    } catch (e) {
      if (e instanceof RisalahError) throw e;
      const err = e as NodeJS.ErrnoException;
      throw new RisalahError('ARCHIVE_UNAVAILABLE', `cannot open archive ${this.dir}: ${err.message}`, {
        dir: this.dir,
      });
    }
  }

  private eventFile(id: string): string {
    return path.join(this.dir, 'events', id, 'event.json');
  }

  /** All events, newest date first (then newest change first). */
  async listEvents(): Promise<EventSummary[]> {
    const ids = await this.eventIds();
    const records = await Promise.all(ids.map((id) => this.loadEvent(id)));
    return records
      .filter((r): r is EventRecord => r !== null)
      .map(({ id, title, date, type, updatedAt }) => ({ id, title, date, type, updatedAt }))
      .sort((a, b) => b.date.localeCompare(a.date) || b.updatedAt.localeCompare(a.updatedAt));
  }

  async getEvent(id: string): Promise<EventRecord> {
    const record = await this.loadEvent(id);
    if (!record) throw new RisalahError('NOT_FOUND', `no event ${id}`, { id });
    return record;
  }

  async createEvent(input: Required<Pick<EventCreateInput, 'title' | 'date' | 'type'>>): Promise<EventRecord> {
    const now = new Date().toISOString();
    const id = makeEventId(input.date, input.title);
    const record: EventRecord = { id, title: input.title, date: input.date, type: input.type, createdAt: now, updatedAt: now };
    await mkdirDurable(path.join(this.dir, 'events', id));
    await this.writeEvent(record);
    return record;
  }

  private async eventIds(): Promise<string[]> {
    const entries = await fs.readdir(path.join(this.dir, 'events'), { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  }

  /** Load an event document, reusing the cached copy while the file is unchanged. */
  private async loadEvent(id: string): Promise<EventRecord | null> {
    const file = this.eventFile(id);
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      return null;
    }
    const cached = this.eventCache.get(id);
    if (cached && cached.mtimeMs === stat.mtimeMs) return cached.record;
    const adapter = new DurableJsonFile<EventRecord>(file, (problem) => {
      this.problems.push({ file: `events/${id}/event.json`, code: problem, eventId: id });
    });
    const record = await adapter.read();
    if (!record) return null;
    const fresh = await fs.stat(file).catch(() => stat);
    this.eventCache.set(id, { mtimeMs: fresh.mtimeMs, record });
    return record;
  }

  /** Writes of one event are serialised; each is atomic and durable before it resolves. */
  private async writeEvent(record: EventRecord): Promise<void> {
    const id = record.id;
    const previous = this.writeQueues.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const file = this.eventFile(id);
      await new DurableJsonFile<EventRecord>(file).write(record);
      const stat = await fs.stat(file);
      this.eventCache.set(id, { mtimeMs: stat.mtimeMs, record });
    });
    this.writeQueues.set(id, next);
    try {
      await next;
    } finally {
      if (this.writeQueues.get(id) === next) this.writeQueues.delete(id);
    }
  }
}
