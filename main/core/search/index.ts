/**
 * Full-text search over the whole archive.
 *
 * Owns: the search index of an archive — a SQLite (FTS5) cache at
 * `<archive>/.risalah/search.sqlite`, never the truth: opening it (building it when it is missing,
 * damaged, unfinished or of an older format), keeping it in step with the archive's files
 * (`refresh()` re-reads only the events whose files changed and drops deleted events;
 * `reindexEvent()` after the app changed one event), rebuilding it, and answering `search()`.
 *
 * Writes run one at a time, each event in its own transaction (a build commits in batches and
 * marks the index `ready` only at the end, so an interrupted build is found and redone). Reading
 * the archive is asynchronous and the database work is done event by event, so a build or a
 * refresh leaves the event loop free between events; `search()` is synchronous (a few ms) and
 * sees what has been committed. See docs/search.md.
 */
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { GlossaryEntry } from '../../api/schemas';
import { RisalahError } from '../errors';
import { glossaryMap, type GlossaryMap } from './query';
import { applyPragmas, FTS_TABLES, INDEX_FORMAT, inspectFile, isCorruption, PAGE_SIZE, readMeta, SCHEMA, writeMeta } from './schema';
import { Searcher, type SearchTuning } from './search';
import { layout } from '../archive/layout';
import { ArchiveStore } from '../archive/store';
import { eventFingerprints, listEventIds, readArchiveFacts, readEvent, type SourceEvent } from './sources';
import { clearStemCache } from './stemmer';
import type { IndexStatus, RefreshReport, SearchOptions, SearchResults } from './types';
import { IndexWriter, indexedEventIds, storedFingerprints } from './writer';

export type { EventField, IndexStatus, RefreshReport, SearchGroup, SearchHit, SearchHitKind, SearchOptions, SearchResults, SnippetPart } from './types';
export type { SearchTuning } from './search';
export { parseQuery } from './query';
export { stem } from './stemmer';

export interface SearchIndexOptions {
  /**
   * Glossary for acronym expansion. Default: the one in archive.json, read again at each
   * refresh. Given here (or with setGlossary), it is used instead.
   */
  glossary?: readonly GlossaryEntry[];
  /**
   * When the index must be built, return at once and build in the background (`ready` settles
   * when done; searches meanwhile see what is built so far and say `indexing: true`). Default:
   * open waits for the build.
   */
  background?: boolean;
  /** Called as a build or refresh goes, with events done and to do. */
  onProgress?: (done: number, total: number) => void;
  /** Ranking knobs (tests and the benchmark). */
  tuning?: Partial<SearchTuning>;
}

/** Segments + quotes per build transaction. */
const BATCH_ROWS = 20_000;
/** Events read ahead of the one being written. */
const READ_AHEAD = 4;
/** Another process building the index is presumed alive while its heartbeat is this recent. */
const HEARTBEAT_MS = 60_000;

export class SearchIndex {
  readonly archiveDir: string;
  readonly file: string;
  /** The archive's files, read through its store (containment, no links, schemas). */
  private readonly store: ArchiveStore;
  /** Settles when the build started by open() (if any) is done. */
  ready: Promise<void> = Promise.resolve();

  private db: DatabaseSync | null = null;
  private searcher: Searcher | null = null;
  private writerOf: IndexWriter | null = null;
  private readonly options: SearchIndexOptions;
  private glossary: GlossaryMap;
  private glossaryFixed: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private state: IndexStatus['state'] = 'ready';
  private progress = { done: 0, total: 0 };
  private closing = false;
  private rebuildScheduled = false;
  /** Another process is building this index. */
  private foreignBuild = false;

  private constructor(store: ArchiveStore, file: string, options: SearchIndexOptions) {
    this.store = store;
    this.archiveDir = store.root;
    this.file = file;
    this.options = options;
    this.glossaryFixed = options.glossary !== undefined;
    this.glossary = glossaryMap(options.glossary ?? []);
  }

  /**
   * Open the index of an archive, building it when it is missing, damaged, unfinished or of an
   * older format. Call refresh() afterwards to catch up with changes made while it was closed.
   */
  static async open(archiveDir: string, options: SearchIndexOptions = {}): Promise<SearchIndex> {
    const store = await ArchiveStore.open(archiveDir);
    // A `.risalah` that is a link (a hostile archive) is refused by resolve like any other path.
    const index = new SearchIndex(store, await store.resolve(layout.searchIndex), options);
    const build = index.openFile();
    if (!index.glossaryFixed) index.glossary = glossaryMap((await readArchiveFacts(index.store)).glossary);
    if (build) {
      index.state = 'building';
      index.ready = index.enqueue(() => index.buildAll()).then(() => undefined);
      if (!options.background) await index.ready;
      else index.ready.catch(() => undefined);
    }
    return index;
  }

  // ---- status ----------------------------------------------------------------------------

  get status(): IndexStatus {
    const counts = { events: 0, segments: 0, quotes: 0 };
    if (this.db) {
      try {
        const row = this.db.prepare("SELECT (SELECT count(*) FROM events), (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'segments'), (SELECT count(*) FROM quotes)");
        row.setReturnArrays(true);
        const [events, segments, quotes] = row.get() as unknown as [number, number | null, number];
        Object.assign(counts, { events, segments: segments ?? 0, quotes });
      } catch {
        // A damaged or half-created file: counts stay 0.
      }
    }
    return { state: this.closing ? 'closed' : this.state, ...this.progress, ...counts, file: this.file };
  }

  /** Use this glossary for acronym expansion from now on (instead of archive.json's). */
  setGlossary(glossary: readonly GlossaryEntry[]): void {
    this.glossary = glossaryMap(glossary);
    this.glossaryFixed = true;
  }

  // ---- search ----------------------------------------------------------------------------

  /**
   * Search the archive. Synchronous (milliseconds). Throws RisalahError INVALID_INPUT for bad
   * options; never for what the query says. See SearchOptions and docs/search.md.
   */
  search(query: string, options: SearchOptions = {}): SearchResults {
    if (!this.searcher || this.closing) throw new Error('the search index is closed');
    try {
      return { ...this.searcher.search(query, options, this.glossary), indexing: this.state !== 'ready' };
    } catch (e) {
      if (isCorruption(e)) {
        // The file is damaged: answer nothing now and rebuild it.
        this.scheduleRebuild();
      } else if (this.state === 'ready' || e instanceof RisalahError) {
        throw e;
      }
      // (While a build starts, the tables may not exist yet.)
      return {
        groups: [],
        total: { hits: 0, events: 0, exact: true },
        ranking: 'bm25',
        terms: [],
        ignored: [],
        more: false,
        indexing: true,
      };
    }
  }

  // ---- keeping up with the archive -------------------------------------------------------

  /**
   * Catch up with the archive: re-index the events whose files changed (event.json, a
   * transcript, quotes.json — by size, mtime and inode), index new ones, drop deleted ones,
   * and re-index the events that name a person renamed in the speaker directory.
   */
  refresh(): Promise<RefreshReport> {
    return this.enqueue(() => this.doRefresh());
  }

  /** Re-read one event (after the app changed it or its transcripts or quotes); drops it when it is gone. */
  reindexEvent(eventId: string): Promise<void> {
    return this.enqueue(async () => {
      if (!this.db || this.state === 'building') return;
      const facts = await readArchiveFacts(this.store);
      const src = /^[a-z0-9](?:[a-z0-9-]{0,94}[a-z0-9])?$/.test(eventId)
        ? await readEvent(this.store, eventId, speakerNames(facts.speakers))
        : null;
      this.transaction(() => {
        const w = this.writer;
        if (src) w.putEvent(src);
        else w.removeEvent(eventId);
      });
    });
  }

  /** Build the index again from nothing. */
  rebuild(): Promise<RefreshReport> {
    return this.enqueue(() => this.buildAll());
  }

  /** Wait for running work, then close the database. */
  async close(): Promise<void> {
    this.closing = true;
    await this.queue.catch(() => undefined);
    this.detach();
    this.state = 'closed';
  }

  // ---- internals -------------------------------------------------------------------------

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(() => {
      if (this.closing && !this.db) throw new Error('the search index is closed');
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private scheduleRebuild(): void {
    if (this.rebuildScheduled || this.closing) return;
    this.rebuildScheduled = true;
    this.state = 'building';
    this.enqueue(() => this.buildAll()).catch(() => undefined);
  }

  private attach(db: DatabaseSync): void {
    this.db = db;
    this.searcher = new Searcher(db, this.options.tuning);
    this.writerOf = null;
  }

  /** The writer of the open database (made on first use: it needs the schema). */
  private get writer(): IndexWriter {
    if (!this.db) throw new Error('the search index is closed');
    this.writerOf ??= new IndexWriter(this.db);
    return this.writerOf;
  }

  private detach(): void {
    try {
      this.db?.close();
    } catch {
      // Already closed.
    }
    this.db = null;
    this.searcher = null;
    this.writerOf = null;
  }

  /** Open the file as it is; true when it must be built. */
  private openFile(): boolean {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
    } catch (e) {
      throw new RisalahError('ARCHIVE_UNAVAILABLE', `cannot create ${path.dirname(this.file)}: ${(e as Error).message}`, { dir: this.archiveDir });
    }
    if (inspectFile(this.file) === 'damaged') this.removeFiles();
    try {
      const db = new DatabaseSync(this.file, { timeout: 5000 });
      this.attach(db);
      applyPragmas(db);
      const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
      if (!hasMeta) return true;
      const format = readMeta(db, 'format');
      const state = readMeta(db, 'state');
      if (format === INDEX_FORMAT && state === 'ready') {
        // A cheap touch of every table: a schema that does not match fails here.
        db.prepare('SELECT count(*) FROM events').get();
        for (const t of FTS_TABLES) db.prepare(`SELECT rowid FROM ${t} WHERE ${t} MATCH '"x"' LIMIT 1`).all();
        return false;
      }
      if (format === INDEX_FORMAT && state === 'building' && this.otherBuilderAlive(db)) {
        this.foreignBuild = true;
        this.state = 'building';
        return false;
      }
      return true;
    } catch {
      // Not a database, or damaged beyond what the header shows.
      this.detach();
      this.removeFiles();
      try {
        const db = new DatabaseSync(this.file, { timeout: 5000 });
        this.attach(db);
        applyPragmas(db);
      } catch (e) {
        throw new RisalahError('ARCHIVE_UNAVAILABLE', `cannot create the search index ${this.file}: ${(e as Error).message}`, { dir: this.archiveDir });
      }
      return true;
    }
  }

  /** Is another process (alive) building this index? */
  private otherBuilderAlive(db: DatabaseSync): boolean {
    const builder = readMeta(db, 'builder');
    const beat = Number(readMeta(db, 'heartbeat') ?? 0);
    if (!builder || builder === builderId()) return false;
    if (Date.now() - beat >= HEARTBEAT_MS) return false;
    const at = builder.indexOf('@');
    const pid = Number(builder.slice(0, at));
    if (builder.slice(at + 1) !== os.hostname() || !Number.isInteger(pid)) return true;
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  /**
   * Delete the index file and its companions (the database must be closed). Where the file
   * cannot be deleted (Windows, while another process has it open) its tables are dropped instead.
   */
  private removeFiles(): void {
    try {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${this.file}${suffix}`, { force: true });
    } catch (e) {
      try {
        const db = new DatabaseSync(this.file, { timeout: 5000 });
        try {
          const tables = ['event_fts', 'quote_fts', 'seg_fts', 'meta', 'events', 'sources', 'segments', 'quotes', 'event_speakers', 'speakers'];
          db.exec(tables.map((t) => `DROP TABLE IF EXISTS ${t};`).join(' '));
        } finally {
          db.close();
        }
      } catch {
        throw new RisalahError('ARCHIVE_UNAVAILABLE', `cannot replace the search index ${this.file}: ${(e as Error).message}`, { dir: this.archiveDir });
      }
    }
  }

  private transaction(work: () => void): void {
    const db = this.db as DatabaseSync;
    db.exec('BEGIN IMMEDIATE');
    try {
      work();
      db.exec('COMMIT');
      this.searcher?.invalidate();
    } catch (e) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // The transaction is already gone.
      }
      throw e;
    }
  }

  private report(done: number, total: number): void {
    this.progress = { done, total };
    this.options.onProgress?.(done, total);
  }

  /** Build from nothing into a new file. */
  private async buildAll(): Promise<RefreshReport> {
    const t0 = performance.now();
    this.state = 'building';
    this.foreignBuild = false;
    this.detach();
    this.removeFiles();
    const db = new DatabaseSync(this.file, { timeout: 5000 });
    this.attach(db);
    db.exec(`PRAGMA page_size = ${PAGE_SIZE}; PRAGMA auto_vacuum = INCREMENTAL;`);
    applyPragmas(db);
    db.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -32000;');
    db.exec(`BEGIN; ${SCHEMA}; COMMIT;`);
    // No merging while loading (one 'optimize' at the end does it once).
    for (const t of FTS_TABLES) db.exec(`INSERT INTO ${t} (${t}, rank) VALUES ('automerge', 0)`);
    writeMeta(db, 'format', INDEX_FORMAT);
    writeMeta(db, 'state', 'building');
    writeMeta(db, 'segments', '0');
    writeMeta(db, 'tokens', '0');
    writeMeta(db, 'builder', builderId());
    writeMeta(db, 'heartbeat', String(Date.now()));

    const facts = await readArchiveFacts(this.store);
    if (!this.glossaryFixed) this.glossary = glossaryMap(facts.glossary);
    this.saveSpeakers(facts.speakers);
    const names = speakerNames(facts.speakers);
    const ids = await listEventIds(this.store);
    const indexed: string[] = [];
    const writer = this.writer;
    const loads: (Promise<SourceEvent | null> | undefined)[] = [];
    const load = (i: number) => {
      loads[i] = readEvent(this.store, ids[i] as string, names).catch(() => null);
    };
    for (let i = 0; i < Math.min(READ_AHEAD, ids.length); i++) load(i);
    let rows = 0;
    db.exec('BEGIN');
    try {
      for (let i = 0; i < ids.length; i++) {
        const src = await (loads[i] as Promise<SourceEvent | null>);
        loads[i] = undefined;
        if (i + READ_AHEAD < ids.length) load(i + READ_AHEAD);
        if (this.closing) throw new Error('closed during a build');
        if (src) {
          try {
            const n = writer.putEvent(src, true);
            rows += n.segments + n.quotes;
            indexed.push(src.record.id);
          } catch (e) {
            if (isCorruption(e)) throw e;
            // One event that cannot be indexed (e.g. a day with thousands of events) is skipped.
          }
        }
        if (rows >= BATCH_ROWS) {
          writeMeta(db, 'heartbeat', String(Date.now()));
          db.exec('COMMIT; BEGIN');
          this.searcher?.invalidate();
          rows = 0;
        }
        this.report(i + 1, ids.length);
      }
      writer.flush();
      writeMeta(db, 'archive', facts.fingerprint);
      db.exec('COMMIT');
    } catch (e) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // Nothing open.
      }
      this.state = 'ready';
      throw e;
    }
    for (const t of FTS_TABLES) db.exec(`INSERT INTO ${t} (${t}) VALUES ('optimize'); INSERT INTO ${t} (${t}, rank) VALUES ('automerge', 4);`);
    writeMeta(db, 'state', 'ready');
    this.searcher?.invalidate();
    db.exec('PRAGMA incremental_vacuum; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -4000; PRAGMA wal_checkpoint(TRUNCATE);');
    clearStemCache();
    this.state = 'ready';
    this.rebuildScheduled = false;
    return { indexed, removed: [], unchanged: 0, rebuilt: true, ms: Math.round(performance.now() - t0) };
  }

  private saveSpeakers(speakers: readonly { id: string; name: string }[]): void {
    const db = this.db as DatabaseSync;
    db.exec('DELETE FROM speakers');
    const ins = db.prepare('INSERT OR REPLACE INTO speakers (id, name) VALUES (?, ?)');
    for (const s of speakers) if (s.id) ins.run(s.id, s.name);
  }

  private async doRefresh(): Promise<RefreshReport> {
    const t0 = performance.now();
    if (!this.db) throw new Error('the search index is closed');
    if (this.foreignBuild) {
      // Another process was building: use its index once it is done, else build it here.
      const state = readMeta(this.db, 'state');
      if (state === 'building' && this.otherBuilderAlive(this.db)) return { indexed: [], removed: [], unchanged: 0, rebuilt: false, ms: 0 };
      this.foreignBuild = false;
      if (state !== 'ready') return this.buildAll();
      this.attach(this.db);
      this.state = 'ready';
    }
    if (this.state === 'building' || readMeta(this.db, 'state') !== 'ready') return this.buildAll();
    this.state = 'refreshing';
    try {
      const db = this.db;
      const facts = await readArchiveFacts(this.store);
      if (!this.glossaryFixed) this.glossary = glossaryMap(facts.glossary);

      // Speakers renamed (or removed) in the directory: the events that name them.
      const before = new Map((db.prepare('SELECT id, name FROM speakers').all() as { id: string; name: string }[]).map((r) => [r.id, r.name]));
      const after = speakerNames(facts.speakers);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id) !== after.get(id));
      const bySpeaker = new Set<string>();
      if (changed.length) {
        const q = db.prepare('SELECT DISTINCT e.id AS id FROM event_speakers s JOIN events e ON e.ekey = s.ekey WHERE s.speaker_id IN (SELECT value FROM json_each(?))');
        for (const r of q.all(JSON.stringify(changed)) as { id: string }[]) bySpeaker.add(r.id);
      }

      const ids = await listEventIds(this.store);
      const stored = storedFingerprints(db);
      const present = new Set(ids);
      const fps = await mapLimit(ids, 16, (id) => eventFingerprints(this.store, id));
      const todo: string[] = [];
      const gone = indexedEventIds(db).filter((id) => !present.has(id));
      let unchanged = 0;
      ids.forEach((id, i) => {
        const now = fps[i] ?? null;
        const was = stored.get(id);
        if (now === null) {
          if (was) gone.push(id);
          return;
        }
        if (!was || !sameFingerprints(now, was) || bySpeaker.has(id)) todo.push(id);
        else unchanged++;
      });

      const writer = this.writer;
      if (gone.length) this.transaction(() => gone.forEach((id) => writer.removeEvent(id)));
      const indexed: string[] = [];
      const total = todo.length;
      for (let i = 0; i < todo.length; i++) {
        if (this.closing) break;
        const id = todo[i] as string;
        const src = await readEvent(this.store, id, after).catch(() => null);
        this.transaction(() => {
          if (src) writer.putEvent(src);
          else writer.removeEvent(id);
        });
        if (src) indexed.push(id);
        else gone.push(id);
        this.report(i + 1, total);
      }
      this.transaction(() => {
        this.saveSpeakers(facts.speakers);
        writeMeta(db, 'archive', facts.fingerprint);
      });
      return { indexed, removed: [...new Set(gone)], unchanged, rebuilt: false, ms: Math.round(performance.now() - t0) };
    } catch (e) {
      if (isCorruption(e)) return this.buildAll();
      throw e;
    } finally {
      if (this.state === 'refreshing') this.state = 'ready';
    }
  }
}

function speakerNames(speakers: readonly { id: string; name: string }[]): Map<string, string> {
  return new Map(speakers.filter((s) => s.id).map((s) => [s.id, s.name]));
}

function sameFingerprints(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function builderId(): string {
  return `${process.pid}@${os.hostname()}`;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
