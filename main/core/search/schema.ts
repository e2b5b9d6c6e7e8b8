/**
 * The search index database: its file, schema and keys.
 *
 * Owns: where the index lives (`<archive>/.risalah/search.sqlite`, a cache), its schema and
 * format version, the pragmas it runs with, the row keys (an event's key sorts by date, and the
 * rowids of its segments and quotes are that key followed by a sequence number, so an event or a
 * date range is a rowid range that FTS5 can seek), and telling a sound index file from a missing,
 * damaged, truncated, unfinished or outdated one.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { STEMMER_VERSION } from './stemmer';

/** Bump when the schema or what is stored changes: older indexes are rebuilt. */
export const INDEX_FORMAT = `4.${STEMMER_VERSION}`;

// ---- keys ------------------------------------------------------------------------------------
// ekey  = day × 2^11 + slot         (day: days since 1900-01-01; slot: events of that day)
// rowid = ekey × 2^22 + sequence    (segments and quotes of the event; < 2^52, a safe JS integer)

export const SLOTS = 2 ** 11;
export const SEQ = 2 ** 22;
const SEQ_N = BigInt(SEQ);
export const MAX_DAY = 2 ** 19 - 1;
export const MAX_EKEY = (MAX_DAY + 1) * SLOTS - 1;
const DAY0 = Date.UTC(1900, 0, 1);

/** Days since 1900-01-01 of a `YYYY-MM-DD` date (clamped to the key space). */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return 0;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(t)) return 0;
  return Math.min(MAX_DAY, Math.max(0, Math.round((t - DAY0) / 86_400_000)));
}

export const ekeyOf = (rowid: number): number => Math.floor(rowid / SEQ);
export const rowidOf = (ekey: number, seq: number): number => ekey * SEQ + seq;
/**
 * Rowid bounds as BigInt. node:sqlite binds a JS number as a REAL, and FTS5 only seeks on
 * INTEGER rowid bounds: with numbers, a rowid range scans the whole doclist instead.
 */
export const firstRowid = (ekey: number): bigint => BigInt(ekey) * SEQ_N;
export const lastRowid = (ekey: number): bigint => BigInt(ekey) * SEQ_N + (SEQ_N - 1n);

// ---- schema ----------------------------------------------------------------------------------

/** Database page size (set when the file is created; 16 KB pages were measured no faster). */
export const PAGE_SIZE = 4096;

const FTS = `tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1`;

export const SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE events (
    ekey INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    type TEXT NOT NULL,
    fields TEXT NOT NULL,
    nseg INTEGER NOT NULL
  );
  CREATE INDEX events_type ON events (type, ekey);
  CREATE TABLE sources (event_id TEXT NOT NULL, path TEXT NOT NULL, fp TEXT NOT NULL, PRIMARY KEY (event_id, path)) WITHOUT ROWID;
  CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    recording_id TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    start_sec REAL NOT NULL,
    end_sec REAL NOT NULL,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    ntok INTEGER NOT NULL
  );
  -- Segments that contain each word (and each stem): IDF for ranking, prefix completion, and
  -- the words that share a stem (affix matching without stemming at search time).
  CREATE TABLE vocab (term TEXT PRIMARY KEY, df INTEGER NOT NULL, stem TEXT NOT NULL) WITHOUT ROWID;
  CREATE INDEX vocab_stem ON vocab (stem);
  CREATE TABLE stem_vocab (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    quote_id TEXT NOT NULL,
    recording_id TEXT NOT NULL,
    start_sec REAL NOT NULL,
    end_sec REAL NOT NULL,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE TABLE event_speakers (speaker_id TEXT NOT NULL, ekey INTEGER NOT NULL, PRIMARY KEY (speaker_id, ekey)) WITHOUT ROWID;
  CREATE TABLE speakers (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
  CREATE VIRTUAL TABLE seg_fts USING fts5 (text, stems, speaker, ${FTS});
  CREATE VIRTUAL TABLE quote_fts USING fts5 (text, stems, speaker, ${FTS});
  CREATE VIRTUAL TABLE event_fts USING fts5 (title, body, stems, title_stems, ${FTS});
`;

export const FTS_TABLES = ['seg_fts', 'quote_fts', 'event_fts'] as const;

/** Pragmas of every connection: WAL (readers and one writer, across processes), a modest cache. */
export function applyPragmas(db: DatabaseSync): void {
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    PRAGMA cache_size = -4000;
    PRAGMA temp_store = MEMORY;
    PRAGMA foreign_keys = OFF;
  `);
}

export function readMeta(db: DatabaseSync, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: DatabaseSync, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/**
 * A cheap look at the file before SQLite opens it: missing, or plainly not a whole SQLite file
 * (not the SQLite header — random bytes, an empty file — or shorter than its header says —
 * truncated). Damage deeper inside shows as SQLITE_CORRUPT on use and is handled there.
 */
export function inspectFile(file: string): 'missing' | 'sound' | 'damaged' {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return 'missing';
  }
  if (size < 512) return 'damaged';
  const header = Buffer.alloc(100);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (readSync(fd, header, 0, 100, 0) < 100) return 'damaged';
  } catch {
    return 'damaged';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') return 'damaged';
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return 'damaged';
  if (size % pageSize !== 0) return 'damaged';
  const pages = header.readUInt32BE(28);
  const changeCounter = header.readUInt32BE(24);
  const validFor = header.readUInt32BE(92);
  if (validFor === changeCounter && pages > 0 && size < pages * pageSize) return 'damaged';
  return 'sound';
}

/** An error that means the database file is damaged (rebuild it). */
export function isCorruption(e: unknown): boolean {
  const err = e as { errcode?: number; code?: string; message?: string };
  const primary = typeof err?.errcode === 'number' ? err.errcode & 0xff : -1;
  // SQLITE_CORRUPT (11), SQLITE_NOTADB (26); FTS5 reports damaged structures as SQLITE_CORRUPT_VTAB.
  if (primary === 11 || primary === 26) return true;
  return /malformed|not a database|corrupt/i.test(err?.message ?? '');
}
