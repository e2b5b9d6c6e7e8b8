/**
 * The one door to an archive folder's files.
 *
 * Owns: every file access inside an archive — resolving a layout path to a real one (it must stay
 * inside the archive, and no part of it may be a symbolic link or a Windows junction: refused with
 * ARCHIVE_UNSAFE_PATH on read, write and import alike), reading a document with its size cap and
 * its schema (a damaged file is set aside and its `.bak` restored, or reported), writing durably
 * and atomically (a full disk is DISK_FULL, and nothing in memory changes before the write
 * succeeded), holding a file's version aside while a change of several files is under way (so
 * a change whose last write fails can put it back), copying originals in, the archive's write
 * lock (lock.ts) around every read-modify-write, and the change events (changes.ts) that every write emits. Paths come from
 * layout.ts; schemas from formats.ts. Nothing else in the app opens a file of an archive by hand.
 *
 * Reads outside the lock are snapshots (another process may be writing); a change that depends on
 * what is there is made with `update`, which re-reads inside the lock.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { RisalahError } from '../errors';
import { copyAndHash } from '../fs/copy';
import { asDiskFull, syncDir, writeFileAtomic } from '../fs/atomic';
import { ChangeFeed, type ChangeListener } from './changes';
import { ArchiveLock } from './lock';
import { classify, isSafeRelative, isTempName, layout } from './layout';

export type ProblemCode = 'DAMAGED_JSON' | 'RESTORED_FROM_BACKUP' | 'INVALID' | 'TOO_LARGE' | 'UNSAFE_PATH' | 'UNREADABLE';

export interface DocumentProblem {
  /** Relative to the archive, `/` separators. */
  file: string;
  code: ProblemCode;
  /** What is wrong, in the schema's words (for the "Masalah arsip" list). */
  detail?: string;
}

export interface ReadOptions {
  maxBytes: number;
  /**
   * Set a file that does not parse or validate aside (`<file>.damaged-<time>`) and restore its
   * `.bak` when that one is good (default). Readers that must change nothing (search) pass false.
   */
  repair?: boolean;
  /** Applied to the parsed object before the schema (e.g. the id an event takes from its folder). */
  prepare?: (raw: Record<string, unknown>) => unknown;
}

/** What an `update` step decides: the value to write (none: write nothing), what to return, and what to do once it is written. */
export interface UpdateStep<R> {
  write?: unknown;
  result: R;
  after?: () => void | Promise<void>;
}

/** O_NOFOLLOW where the platform has it: the last part of a path is never followed either. */
const NOFOLLOW = (constants as { O_NOFOLLOW?: number }).O_NOFOLLOW ?? 0;

export class ArchiveStore {
  readonly changes: ChangeFeed;
  private readonly lock: ArchiveLock;
  private readonly problemListeners = new Set<(p: DocumentProblem) => void>();

  private constructor(readonly root: string) {
    this.changes = new ChangeFeed(path.join(root, ...layout.changeLog.split('/')));
    this.lock = new ArchiveLock(path.join(root, ...layout.lockFile.split('/')));
  }

  /** The store of the archive folder `dir` (its real path: the folder itself may be a link). */
  static async open(dir: string): Promise<ArchiveStore> {
    const root = await fs.realpath(path.resolve(dir));
    return new ArchiveStore(root);
  }

  /** Called for every problem found while reading (the archive lists them). */
  onProblem(listener: (p: DocumentProblem) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  private problem(p: DocumentProblem): void {
    for (const l of this.problemListeners) l(p);
  }

  subscribe(listener: ChangeListener): () => void {
    return this.changes.subscribe(listener);
  }

  // ---- paths ----------------------------------------------------------------------------------

  /**
   * The real path of `rel`, checked: a relative path of plain names, every existing part a real
   * folder (the last one any non-link), inside the archive. Parts that do not exist yet are fine
   * (they are about to be created, by this store only).
   */
  async resolve(rel: string): Promise<string> {
    if (rel === '') return this.root;
    if (!isSafeRelative(rel)) throw unsafe(rel, 'not a plain relative path');
    const parts = rel.split('/');
    let current = this.root;
    for (let i = 0; i < parts.length; i++) {
      current = path.join(current, parts[i] as string);
      let st: Stats;
      try {
        st = await fs.lstat(current);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return path.join(this.root, ...parts);
        throw e;
      }
      if (st.isSymbolicLink()) throw unsafe(rel, 'a symbolic link (or junction) on the way');
      if (i < parts.length - 1 && !st.isDirectory()) throw unsafe(rel, 'a file where a folder should be');
    }
    return current;
  }

  /** Absolute path without checks — for messages and for handing to a checked tool only. */
  pathOf(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  // ---- reading --------------------------------------------------------------------------------

  /** Stat of a file or folder (not following a link), or null when missing. */
  async stat(rel: string): Promise<Stats | null> {
    const file = await this.resolve(rel);
    return fs.lstat(file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
  }

  /** `size:mtimeNs:inode` of a regular file — what tells a changed file from an unchanged one — or null. */
  async fingerprint(rel: string): Promise<string | null> {
    const file = await this.resolve(rel);
    const st = await fs.lstat(file, { bigint: true }).catch(() => null);
    if (!st?.isFile()) return null;
    return `${st.size}:${st.mtimeNs}:${st.ino}`;
  }

  /** Names in a folder of the archive (empty when it does not exist). Links and temp files are left out. */
  async list(rel: string, kind: 'files' | 'dirs' | 'all' = 'all'): Promise<string[]> {
    let entries;
    try {
      entries = await fs.readdir(await this.resolve(rel), { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw e;
    }
    return entries
      .filter((e) => !e.isSymbolicLink())
      .filter((e) => (kind === 'files' ? e.isFile() : kind === 'dirs' ? e.isDirectory() : true))
      .map((e) => e.name)
      .sort();
  }

  /** A file's bytes, at most `maxBytes` (null when missing; TOO_LARGE as an error). */
  async readBytes(rel: string, maxBytes: number): Promise<Buffer | null> {
    const opened = await this.openRegular(rel);
    if (!opened) return null;
    try {
      if (opened.size > maxBytes) throw new RisalahError('FILE_TOO_LARGE', `${rel} is larger than ${maxBytes} bytes`, { file: rel, maxBytes });
      return await opened.handle.readFile();
    } finally {
      await opened.handle.close();
    }
  }

  /** Open a file of the archive for reading (media streaming), never through a link. */
  async openRead(rel: string): Promise<{ handle: fs.FileHandle; size: number }> {
    const opened = await this.openRegular(rel);
    if (!opened) throw new RisalahError('NOT_FOUND', `no file ${rel}`, { id: path.posix.basename(rel) });
    return opened;
  }

  /** Open a regular file without following a link at any part of its path; null when missing. */
  private async openRegular(rel: string): Promise<{ handle: fs.FileHandle; size: number } | null> {
    const file = await this.resolve(rel);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, constants.O_RDONLY | NOFOLLOW);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      if (code === 'ELOOP') throw unsafe(rel, 'a symbolic link');
      throw e;
    }
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      throw unsafe(rel, 'not a regular file');
    }
    return { handle, size: st.size };
  }

  /**
   * A checked path to give a tool that opens the file itself (ffmpeg, the whisper sidecar):
   * it exists, is a regular file, and no part of it is a link.
   */
  async fileForTool(rel: string): Promise<string> {
    const file = await this.resolve(rel);
    const st = await fs.lstat(file).catch(() => null);
    if (!st) throw new RisalahError('FILE_UNREADABLE', `missing ${rel}`, { file: path.posix.basename(rel) });
    if (!st.isFile()) throw unsafe(rel, 'not a regular file');
    return file;
  }

  /**
   * Read and validate a JSON document: the value, or null when the file is missing, or when it
   * is damaged or invalid and no good `.bak` exists (the problem is reported).
   */
  async readJson<S extends z.ZodType>(rel: string, schema: S, options: ReadOptions): Promise<z.output<S> | null> {
    let bytes: Buffer | null;
    try {
      bytes = await this.readBytes(rel, options.maxBytes);
    } catch (e) {
      if (e instanceof RisalahError && (e.code === 'FILE_TOO_LARGE' || e.code === 'ARCHIVE_UNSAFE_PATH')) {
        this.problem({ file: rel, code: e.code === 'FILE_TOO_LARGE' ? 'TOO_LARGE' : 'UNSAFE_PATH', detail: e.message });
        return null;
      }
      throw e;
    }
    if (bytes === null) return null;
    const parsed = parseWith(bytes, schema, options.prepare);
    if (parsed.ok) return parsed.value;
    if (options.repair === false) {
      this.problem({ file: rel, code: parsed.code, detail: parsed.detail });
      return null;
    }
    // Damaged or invalid: keep it for inspection, fall back to the last good copy.
    const file = await this.resolve(rel);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await fs.rename(file, `${file}.damaged-${stamp}`);
    const backup = await this.readBytes(`${rel}.bak`, options.maxBytes).catch(() => null);
    const restored = backup ? parseWith(backup, schema, options.prepare) : null;
    if (backup && restored?.ok) {
      await writeFileAtomic(file, backup, { backup: false }).catch((e: unknown) => {
        throw asDiskFull(e) ?? e;
      });
      this.problem({ file: rel, code: 'RESTORED_FROM_BACKUP', detail: parsed.detail });
      return restored.value;
    }
    this.problem({ file: rel, code: parsed.code, detail: parsed.detail });
    return null;
  }

  // ---- writing --------------------------------------------------------------------------------

  /** Create a folder of the archive and its parents (each checked), durably. */
  async mkdirs(relDir: string): Promise<void> {
    await this.mkdirsFor(`${relDir}/_`);
  }

  /**
   * Create the folders of `rel` (each checked: a link on the way is refused), durably. Returns the
   * folders it created, deepest last, so a write that then fails can take them away again.
   */
  private async mkdirsFor(rel: string): Promise<string[]> {
    if (!isSafeRelative(rel)) throw unsafe(rel, 'not a plain relative path');
    const parts = rel.split('/').slice(0, -1);
    const created: string[] = [];
    let current = this.root;
    for (const part of parts) {
      const parent = current;
      current = path.join(current, part);
      const st = await fs.lstat(current).catch(() => null);
      if (st?.isSymbolicLink()) throw unsafe(rel, 'a symbolic link (or junction) on the way');
      if (st?.isDirectory()) continue;
      if (st) throw unsafe(rel, 'a file where a folder should be');
      try {
        await fs.mkdir(current);
        created.push(current);
        await syncDir(parent);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
        await removeEmpty(created);
        throw asDiskFull(e) ?? e;
      }
    }
    return created;
  }

  /** Write a file atomically and durably (the previous version kept as `.bak` unless told not to). */
  async writeFile(rel: string, data: string | Uint8Array, options: { backup?: boolean; rev?: number } = {}): Promise<void> {
    const created = await this.mkdirsFor(rel);
    const file = await this.resolve(rel);
    try {
      await writeFileAtomic(file, data, options);
    } catch (e) {
      await removeEmpty(created); // a refused write leaves no trace, not even a folder
      throw asDiskFull(e) ?? e;
    }
    const change = classify(rel);
    if (change) await this.changes.record(change.kind === 'transcript' && options.rev !== undefined ? { ...change, rev: options.rev } : change);
  }

  async writeJson(rel: string, value: unknown, options: { backup?: boolean; indent?: number } = {}): Promise<void> {
    // A document's revision travels with its change event (an editor at an older one reloads).
    const rev = (value as { rev?: unknown } | null)?.rev;
    await this.writeFile(rel, `${JSON.stringify(value, null, options.indent ?? 2)}\n`, {
      ...(options.backup === undefined ? {} : { backup: options.backup }),
      ...(typeof rev === 'number' ? { rev } : {}),
    });
  }

  /**
   * Read-modify-write of one document under the archive lock: `change` gets the document as it
   * is on disk now (null when missing) and returns the new one, or `undefined` to write nothing.
   * The new value is written before it is returned; when the write fails nothing changed.
   */
  async update<S extends z.ZodType, R>(
    rel: string,
    schema: S,
    options: ReadOptions & { backup?: boolean; indent?: number },
    change: (current: z.output<S> | null) => Promise<UpdateStep<R>> | UpdateStep<R>,
  ): Promise<R> {
    return this.locked(async () => {
      const current = await this.readJson(rel, schema, options);
      const { write, result, after } = await change(current);
      if (write !== undefined) await this.writeJson(rel, write, options);
      await after?.();
      return result;
    });
  }

  /** Run `task` holding the archive's write lock (short tasks only). */
  locked<T>(task: () => Promise<T>): Promise<T> {
    return this.lock.run(task);
  }

  /**
   * Copy an outside file into the archive durably (temporary `.part` name, fsync, rename) and
   * return the SHA-256 of what was written. The target must not exist.
   */
  async copyIn(source: string, rel: string, options: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {}): Promise<{ sha256: string; bytes: number }> {
    const created = await this.mkdirsFor(rel);
    const target = await this.resolve(rel);
    try {
      return await copyAndHash(source, target, options);
    } catch (e) {
      await removeEmpty(created);
      throw e;
    }
  }

  /** Make a stored original read-only (originals are never modified). */
  async protect(rel: string): Promise<void> {
    await fs.chmod(await this.resolve(rel), 0o444).catch(() => undefined);
  }

  /** Remove a file (missing is fine); `pruneFolder`: also its folder, when that is left empty. */
  async remove(rel: string, options: { pruneFolder?: boolean } = {}): Promise<void> {
    const file = await this.resolve(rel);
    await fs.chmod(file, 0o644).catch(() => undefined);
    await fs.rm(file, { force: true });
    if (options.pruneFolder) await fs.rmdir(path.dirname(file)).catch(() => undefined);
    const change = classify(rel);
    if (change) await this.changes.record(change);
  }

  /**
   * Keep the current version of a file aside while a change of several files is under way — a
   * hard link under a temporary name (no space needed; a copy where the file system has no
   * links). `restore()` puts that version back exactly (or removes the file when there was
   * none): what a change whose last write failed (a full disk) does so that it changed nothing.
   * `release()` lets it go. A kill in between leaves only the temporary name, which the sweep
   * removes.
   */
  async hold(rel: string): Promise<{ restore(): Promise<void>; release(): Promise<void> }> {
    const file = await this.resolve(rel);
    const dir = path.dirname(file);
    const kept = path.join(dir, `.${path.basename(file)}.${process.pid}.${ArchiveStore.nonce()}.tmp`);
    let had = true;
    try {
      await fs.link(file, kept);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') had = false;
      else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'EOPNOTSUPP') await fs.copyFile(file, kept).catch((c: unknown) => Promise.reject(asDiskFull(c) ?? c));
      else throw e;
    }
    return {
      restore: async () => {
        if (had) {
          await fs.rename(kept, file);
          // (when the file was never replaced both names are the same file: rename does nothing)
          await fs.rm(kept, { force: true });
        } else await fs.rm(file, { force: true });
        await syncDir(dir).catch(() => undefined);
        const change = classify(rel);
        if (change) await this.changes.record(change);
      },
      release: async () => {
        if (had) await fs.rm(kept, { force: true });
      },
    };
  }

  /** Names of the app's own temporary files in a folder (leftovers of killed writes). */
  async tempFiles(rel: string): Promise<string[]> {
    return (await this.list(rel, 'files')).filter(isTempName);
  }

  /** A fresh random suffix for names (exported for tests of the sweep). */
  static nonce(): string {
    return randomBytes(4).toString('hex');
  }
}

/** Remove folders this store just created, deepest first, if they are (still) empty. */
async function removeEmpty(created: readonly string[]): Promise<void> {
  for (const dir of [...created].reverse()) await fs.rmdir(dir).catch(() => undefined);
}

function unsafe(rel: string, why: string): RisalahError {
  return new RisalahError('ARCHIVE_UNSAFE_PATH', `refused ${rel}: ${why}`, { file: rel.slice(0, 300) });
}

type Parsed<T> = { ok: true; value: T } | { ok: false; code: 'DAMAGED_JSON' | 'INVALID'; detail: string };

function parseWith<S extends z.ZodType>(bytes: Buffer, schema: S, prepare?: (raw: Record<string, unknown>) => unknown): Parsed<z.output<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return { ok: false, code: 'DAMAGED_JSON', detail: (e as Error).message.slice(0, 200) };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, code: 'DAMAGED_JSON', detail: 'not a JSON object' };
  const result = schema.safeParse(prepare ? prepare(raw as Record<string, unknown>) : raw);
  if (result.success) return { ok: true, value: result.data };
  const detail = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`)
    .join('; ');
  return { ok: false, code: 'INVALID', detail };
}
