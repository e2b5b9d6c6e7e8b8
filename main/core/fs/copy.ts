/**
 * Copying a file in, and hashing, in one read.
 *
 * Owns: the one durable copy of an outside file into a folder of ours — a temporary
 * `.<name>.<hex>.part` beside the target, the bytes hashed (SHA-256) as they pass, fsync, rename,
 * fsync of the folder — and the streaming SHA-256 of a file. A full disk is DISK_FULL, a cancel is
 * CANCELLED, and a failed copy leaves nothing behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RisalahError } from '../errors';
import { asDiskFull, syncDir } from './atomic';

export interface CopyOptions {
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

/** Copy `source` to `target` (which must not exist) durably; the SHA-256 and size of what was written. */
export async function copyAndHash(source: string, target: string, options: CopyOptions = {}): Promise<{ sha256: string; bytes: number }> {
  const dir = path.dirname(target);
  const part = path.join(dir, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      options.onBytes?.(bytes);
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source, { highWaterMark: 1 << 20 }), tap, createWriteStream(part, { flags: 'wx' }), options.signal ? { signal: options.signal } : {});
    const handle = await fs.open(part, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.link(part, target).then(
      () => fs.rm(part),
      async (e: NodeJS.ErrnoException) => {
        if (e.code === 'EEXIST') throw e;
        await fs.rename(part, target); // no hard links here (FAT, exFAT): a rename (target checked absent above)
      },
    );
    await syncDir(dir);
  } catch (e) {
    await fs.rm(part, { force: true });
    if ((e as Error).name === 'AbortError') throw new RisalahError('CANCELLED', `cancelled: ${source}`, { file: path.basename(source) });
    throw asDiskFull(e, target) ?? e;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** SHA-256 of a file, streaming. */
export async function hashFile(file: string, onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = createReadStream(file, signal ? { signal, highWaterMark: 1 << 20 } : { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      onBytes?.(bytes);
    }
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw new RisalahError('CANCELLED', `cancelled: ${file}`, { file: path.basename(file) });
    throw e;
  }
  return hash.digest('hex');
}
