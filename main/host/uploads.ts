/**
 * Uploads: files the UI sends before an import (the browser of `risalah serve`, and the desktop
 * window too — drag-and-drop and the file picker give File objects, not paths).
 *
 * Owns: streaming an upload to a temporary folder outside the archive (so a refused file leaves
 * the archive untouched), handing out upload ids, and deleting the files once used, when unused
 * for UPLOAD_TTL_MS, or when the host closes. An upload is capped (MAX_UPLOAD_BYTES) and so are
 * all the uploads waiting together (MAX_TOTAL_UPLOAD_BYTES); a name is stripped of control
 * characters and of any folder part.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, promises as fs, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { RisalahError } from '../core/errors';
import { asDiskFull } from '../core/fs/atomic';

export interface Upload {
  id: string;
  name: string;
  path: string;
  sizeBytes: number;
}

/** 16 GiB: a 3-hour video from a camera fits; a runaway request does not fill the disk. */
export const MAX_UPLOAD_BYTES = 16 * 1024 ** 3;
/** All uploads waiting to be used, together. */
export const MAX_TOTAL_UPLOAD_BYTES = 24 * 1024 ** 3;
/** An upload not used (imported, attached) within this time is deleted. */
export const UPLOAD_TTL_MS = 60 * 60 * 1000;

/** A file name as a person gave it, safe to show and to store: no folders, no control characters. */
export function uploadName(raw: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const base = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return base.slice(0, 255) || 'berkas';
}

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
  private readonly uploads = new Map<string, Upload & { expires: number }>();
  /** Bytes of uploads waiting, and of uploads arriving now. */
  private pending = 0;
  private readonly timer: NodeJS.Timeout;

  private readonly ttlMs: number;
  private readonly maxUpload: number;
  private readonly maxTotal: number;

  constructor(limits: { ttlMs?: number; maxUploadBytes?: number; maxTotalBytes?: number } = {}) {
    this.ttlMs = limits.ttlMs ?? UPLOAD_TTL_MS;
    this.maxUpload = limits.maxUploadBytes ?? MAX_UPLOAD_BYTES;
    this.maxTotal = limits.maxTotalBytes ?? MAX_TOTAL_UPLOAD_BYTES;
    this.timer = setInterval(() => void this.expire(), Math.min(60_000, this.ttlMs));
    this.timer.unref();
  }

  async receive(rawName: string, body: ReadableStream<Uint8Array>, declaredSize?: number): Promise<Upload> {
    const name = uploadName(rawName);
    const tooLarge = (why: string) => new RisalahError('FILE_TOO_LARGE', why, { file: name }, ['(payload): file too large']);
    if (declaredSize !== undefined && declaredSize > this.maxUpload) throw tooLarge(`upload too large: ${declaredSize}`);
    if (declaredSize !== undefined && this.pending + declaredSize > this.maxTotal) throw tooLarge('uploads waiting are too large together');
    const id = `up-${randomBytes(8).toString('hex')}`;
    const file = path.join(this.dir, id);
    let size = 0;
    const { maxUpload, maxTotal } = this;
    const count = (n: number) => (this.pending += n);
    const counter = async function* (source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        size += chunk.length;
        const waiting = count(chunk.length);
        if (size > maxUpload) throw tooLarge('upload too large');
        if (waiting > maxTotal) throw tooLarge('uploads waiting are too large together');
        yield chunk;
      }
    };
    try {
      await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), counter, createWriteStream(file, { flags: 'wx' }));
    } catch (e) {
      this.pending -= size;
      await fs.rm(file, { force: true });
      throw asDiskFull(e) ?? e;
    }
    const upload = { id, name, path: file, sizeBytes: size, expires: Date.now() + this.ttlMs };
    this.uploads.set(id, upload);
    return { id, name, path: file, sizeBytes: size };
  }

  /** Delete uploads nobody used in time. */
  async expire(now = Date.now()): Promise<number> {
    let n = 0;
    for (const upload of [...this.uploads.values()]) {
      if (upload.expires > now) continue;
      this.uploads.delete(upload.id);
      await this.discard(upload);
      n++;
    }
    return n;
  }

  take(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new RisalahError('NOT_FOUND', `no upload ${id}`, { id });
    this.uploads.delete(id);
    return { id: upload.id, name: upload.name, path: upload.path, sizeBytes: upload.sizeBytes };
  }

  async discard(upload: Upload): Promise<void> {
    await fs.rm(upload.path, { force: true });
    this.pending = Math.max(0, this.pending - upload.sizeBytes);
  }

  close(): void {
    clearInterval(this.timer);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
