/**
 * The archive's write lock, across processes.
 *
 * Owns: mutual exclusion of every read-modify-write of the archive's documents between all the
 * processes that open one archive folder — the desktop app, `risalah serve`, a CLI command run
 * beside them — and between the tasks of one process. The lock is a file, `.risalah/lock`,
 * created with O_EXCL and holding `{ pid, host, token, since }`; its holder touches it every
 * couple of seconds while it holds it (a heartbeat). A lock whose holder is gone — a process of
 * this computer that no longer runs, or a heartbeat older than STALE_MS (another computer's
 * process on a shared or USB drive, a frozen laptop) — is broken, by renaming it away (only one
 * breaker wins the rename), and taken. Waiting longer than the timeout is ARCHIVE_BUSY.
 * Holds are short (one document's read, change and durable write), never a whole import.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RisalahError } from '../errors';
import { asDiskFull } from '../fs/atomic';

/** A lock not touched for this long is abandoned. */
export const STALE_MS = 15_000;
const HEARTBEAT_MS = 2_000;
const DEFAULT_TIMEOUT_MS = 20_000;

interface LockInfo {
  pid: number;
  host: string;
  token: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ArchiveLock {
  /** Tasks of this process, one at a time (the file lock is not re-entrant). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** Run `task` holding the lock. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.catch(() => undefined).then(() => this.holding(task));
    this.tail = next;
    return next;
  }

  private async holding<T>(task: () => Promise<T>): Promise<T> {
    const token = await this.acquire();
    const beat = setInterval(() => {
      const now = new Date();
      void fs.utimes(this.file, now, now).catch(() => undefined);
    }, HEARTBEAT_MS);
    beat.unref();
    try {
      return await task();
    } finally {
      clearInterval(beat);
      await this.release(token);
    }
  }

  private async acquire(): Promise<string> {
    const token = randomBytes(8).toString('hex');
    const info: LockInfo = { pid: process.pid, host: os.hostname(), token, since: new Date().toISOString() };
    const deadline = Date.now() + this.timeoutMs;
    let wait = 2;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    for (;;) {
      try {
        const handle = await fs.open(this.file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
        try {
          await handle.writeFile(JSON.stringify(info));
        } catch (e) {
          await handle.close();
          await fs.rm(this.file, { force: true }); // an empty lock would look half-written, then stale
          throw asDiskFull(e, this.file) ?? e;
        }
        await handle.close();
        return token;
      } catch (e) {
        if (e instanceof RisalahError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          await fs.mkdir(path.dirname(this.file), { recursive: true });
          continue;
        }
        if (code !== 'EEXIST') throw asDiskFull(e, this.file) ?? e;
      }
      if (await this.breakIfStale()) continue;
      if (Date.now() > deadline) {
        throw new RisalahError('ARCHIVE_BUSY', `the archive is locked by another process (${this.file})`, { file: path.basename(this.file) });
      }
      await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
      wait = Math.min(50, wait * 2);
    }
  }

  /** Break the lock when its holder is gone; true when it was broken (or vanished meanwhile). */
  private async breakIfStale(): Promise<boolean> {
    let text: string;
    let mtimeMs: number;
    try {
      const st = await fs.stat(this.file);
      mtimeMs = st.mtimeMs;
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw e;
    }
    let holder: Partial<LockInfo> = {};
    try {
      holder = JSON.parse(text) as Partial<LockInfo>;
    } catch {
      // Half-written by a holder killed between create and write: judged by its age alone.
    }
    const sameHost = holder.host === os.hostname();
    const gone = sameHost && typeof holder.pid === 'number' && holder.pid !== process.pid && !alive(holder.pid);
    const old = Date.now() - mtimeMs > STALE_MS;
    if (!gone && !old) return false;
    const aside = `${this.file}.stale-${randomBytes(4).toString('hex')}`;
    try {
      await fs.rename(this.file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true; // someone else broke it
      throw e;
    }
    // Between our read and our rename, the holder may have changed: if what we moved is a newer
    // lock than the one we judged, put it back (rename does not replace an existing lock on a
    // link-capable file system; at worst the new holder's lock is restored a moment later).
    const moved = await fs.readFile(aside, 'utf8').catch(() => '');
    if (moved !== text) {
      await fs.link(aside, this.file).catch(() => undefined);
    }
    await fs.rm(aside, { force: true });
    return true;
  }

  private async release(token: string): Promise<void> {
    try {
      const text = await fs.readFile(this.file, 'utf8');
      if ((JSON.parse(text) as LockInfo).token !== token) return; // broken and taken by another: not ours to remove
      await fs.rm(this.file, { force: true });
    } catch {
      // Already gone.
    }
  }
}
