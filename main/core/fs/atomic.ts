/**
 * Durable, atomic file writes.
 *
 * Owns: the one way the archive writes a file — into a temporary file beside the target, fsync,
 * keep the previous version as `<name>.bak` (a hard link where the file system has them, a copy
 * where it does not, e.g. FAT/exFAT USB drives), rename over the target, fsync the folder. A
 * reader therefore sees the old file or the new one, never half of one, and a write acknowledged
 * to the caller survives a power cut.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { RisalahError } from '../errors';

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** The translated DISK_FULL error for an errno that means the disk (or the quota) is full; else null. */
export function asDiskFull(e: unknown, file?: string): RisalahError | null {
  if (!DISK_FULL_CODES.has((e as NodeJS.ErrnoException)?.code ?? '')) return null;
  return new RisalahError('DISK_FULL', `the disk is full${file ? ` (writing ${path.basename(file)})` : ''}`, file ? { file: path.basename(file) } : {});
}

export interface AtomicWriteOptions {
  /** Keep the previous content as `<file>.bak` (default true). */
  backup?: boolean;
}

export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    if (options.backup !== false) await keepBackup(file);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

/** `<file>.bak` becomes the current content of `file` (if it exists), before it is replaced. */
async function keepBackup(file: string): Promise<void> {
  const bak = `${file}.bak`;
  try {
    await fs.rm(bak, { force: true });
    await fs.link(file, bak);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return; // first write: nothing to keep
    // No hard links here (FAT/exFAT, some network shares): copy instead.
    await fs.copyFile(file, `${bak}.tmp`);
    await fs.rename(`${bak}.tmp`, bak);
  }
}

/** fsync a directory so a rename in it is durable. Not supported on Windows: ignored there. */
export async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw e;
  } finally {
    await handle?.close();
  }
}

/** Create a directory (and parents) and make its creation durable. */
export async function mkdirDurable(dir: string): Promise<void> {
  const created = await fs.mkdir(dir, { recursive: true });
  if (created) await syncDir(path.dirname(dir));
}
