/**
 * Uploads: files the UI sends before an import (the browser of `risalah serve`, and the desktop
 * window too — drag-and-drop and the file picker give File objects, not paths).
 *
 * Owns: streaming an upload to a temporary folder outside the archive (so a refused file leaves
 * the archive untouched), handing out upload ids, and deleting the files once used or when the
 * host closes.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, promises as fs, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { RisalahError } from '../core/errors';

export interface Upload {
  id: string;
  name: string;
  path: string;
  sizeBytes: number;
}

/** 16 GiB: a 3-hour video from a camera fits; a runaway request does not fill the disk. */
export const MAX_UPLOAD_BYTES = 16 * 1024 ** 3;

/** Upload folders are `risalah-uploads-<pid>-<random>` in the system's temporary folder. */
const PREFIX = 'risalah-uploads-';

/** Remove upload folders left by hosts that were killed (their process no longer runs). */
export function sweepUploadFolders(tmp = os.tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(tmp)) {
    const pid = Number(/^risalah-uploads-(\d+)-/.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || processRuns(pid)) continue;
    rmSync(path.join(tmp, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class UploadStore {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
  private readonly uploads = new Map<string, Upload>();

  async receive(name: string, body: ReadableStream<Uint8Array>, declaredSize?: number): Promise<Upload> {
    if (declaredSize !== undefined && declaredSize > MAX_UPLOAD_BYTES) {
      throw new RisalahError('INVALID_INPUT', `upload too large: ${declaredSize}`, { file: name }, ['(payload): file too large']);
    }
    const id = `up-${randomBytes(8).toString('hex')}`;
    const file = path.join(this.dir, id);
    let size = 0;
    const counter = async function* (source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > MAX_UPLOAD_BYTES) throw new RisalahError('INVALID_INPUT', 'upload too large', { file: name }, ['(payload): file too large']);
        yield chunk;
      }
    };
    try {
      await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), counter, createWriteStream(file, { flags: 'wx' }));
    } catch (e) {
      await fs.rm(file, { force: true });
      throw e;
    }
    const upload: Upload = { id, name: path.basename(name) || 'berkas', path: file, sizeBytes: size };
    this.uploads.set(id, upload);
    return upload;
  }

  take(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new RisalahError('NOT_FOUND', `no upload ${id}`, { id });
    this.uploads.delete(id);
    return upload;
  }

  async discard(upload: Upload): Promise<void> {
    await fs.rm(upload.path, { force: true });
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
