/**
 * Downloading one model file over HTTP into a `.part` file: progress, resume, hash check.
 *
 * Owns: the transfer of a file of known size and SHA-256 — `Range` resume of an existing
 * `.part` (starting over when the server answers 200), redirects, a stall timeout, retries of
 * interrupted transfers and 5xx answers, cancel (the `.part` is kept for a later resume), a full
 * disk, and the SHA-256 of the whole file at the end (a mismatch deletes the `.part`: nothing
 * altered is ever installed). The caller renames the verified `.part` into place.
 *
 * Errors (RisalahError): MODEL_DOWNLOAD_OFFLINE (no connection), MODEL_DOWNLOAD_FAILED (HTTP
 * error, connection lost after the retries; the part is kept), MODEL_HASH_MISMATCH (wrong size
 * or hash; deleted), DISK_FULL, CANCELLED. The diarization models are small (6–40 MB), so the
 * hash is taken once over the finished file rather than carried across attempts.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { RisalahError } from '../errors';
import { asDiskFull } from '../fs/atomic';
import { hashFile } from '../fs/copy';

export interface DownloadTarget {
  url: string;
  /** The `.part` file written (and resumed). */
  part: string;
  sizeBytes: number;
  sha256: string;
}

export interface DownloadOptions {
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number) => void;
  /** Resumed attempts after an interrupted transfer, a stall or an HTTP 5xx (default 3). */
  retries?: number;
  retryDelayMs?: number;
  /** An attempt that receives nothing for this long is aborted and resumed (default 60 s). */
  stallTimeoutMs?: number;
}

const OFFLINE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (cur as { errors?: unknown[] }).errors;
    cur = Array.isArray(errors) && errors.length ? errors[0] : (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

class Retry extends Error {}

const cancelled = (file: string) => new RisalahError('CANCELLED', `the download of ${file} was cancelled`, { file });

/** Download `t.url` into `t.part` (resuming it), verified against size and SHA-256. */
export async function downloadToPart(t: DownloadTarget, o: DownloadOptions = {}): Promise<void> {
  const file = path.basename(t.part).replace(/\.part$/, '');
  const retries = o.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    if (o.signal?.aborted) throw cancelled(file);
    let offset = (await fs.stat(t.part).catch(() => null))?.size ?? 0;
    if (offset > t.sizeBytes) {
      await fs.rm(t.part, { force: true });
      offset = 0;
    }
    try {
      if (offset < t.sizeBytes) await transfer(t, offset, o, file);
      break;
    } catch (e) {
      if (o.signal?.aborted) throw cancelled(file);
      if (!(e instanceof Retry)) throw e;
      if (attempt >= retries) throw new RisalahError('MODEL_DOWNLOAD_FAILED', `${e.message} (${t.url})`, { file, reason: 'network' });
      try {
        await delay((o.retryDelayMs ?? 2000) * (attempt + 1), undefined, o.signal ? { signal: o.signal } : {});
      } catch {
        throw cancelled(file);
      }
    }
  }
  const size = (await fs.stat(t.part)).size;
  const sha = size === t.sizeBytes ? await hashFile(t.part, undefined, o.signal) : null;
  if (sha !== t.sha256) {
    await fs.rm(t.part, { force: true });
    throw new RisalahError('MODEL_HASH_MISMATCH', `the downloaded ${file} does not match its catalog hash (${size} bytes): it was deleted`, { file, reason: 'hash-mismatch' });
  }
  o.onProgress?.(t.sizeBytes, t.sizeBytes);
}

async function transfer(t: DownloadTarget, offset: number, o: DownloadOptions, file: string): Promise<void> {
  const stall = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stall.signal]) : stall.signal;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(), o.stallTimeoutMs ?? 60_000);
  };
  arm();
  let res: Response;
  try {
    res = await (o.fetchImpl ?? fetch)(t.url, { headers: { 'Accept-Encoding': 'identity', ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) }, signal, redirect: 'follow' });
  } catch (e) {
    clearTimeout(timer);
    if (o.signal?.aborted) throw cancelled(file);
    if (stall.signal.aborted) throw new Retry(`no answer from ${new URL(t.url).host}`);
    const code = causeCode(e) ?? 'unknown';
    if (OFFLINE.has(code)) throw new RisalahError('MODEL_DOWNLOAD_OFFLINE', `cannot reach ${new URL(t.url).host} (${code})`, { file, reason: 'offline' });
    throw new Retry(`the download failed (${code})`);
  }
  const drop = () => void res.body?.cancel().catch(() => undefined);
  let start: number;
  if (res.status === 206 && offset > 0) {
    const m = /^bytes\s+(\d+)-\d+\/(\d+|\*)$/i.exec(res.headers.get('content-range')?.trim() ?? '');
    if (!m || Number(m[1]) !== offset || (m[2] !== '*' && Number(m[2]) !== t.sizeBytes)) {
      clearTimeout(timer);
      drop();
      await fs.rm(t.part, { force: true });
      throw new Retry('the server answered another range: starting over');
    }
    start = offset;
  } else if (res.status === 200 || res.status === 206) {
    start = 0;
  } else {
    clearTimeout(timer);
    drop();
    if (res.status >= 500 || res.status === 429) throw new Retry(`HTTP ${res.status}`);
    if (res.status === 416) {
      await fs.rm(t.part, { force: true });
      throw new Retry('the server refused to resume: starting over');
    }
    throw new RisalahError('MODEL_DOWNLOAD_FAILED', `HTTP ${res.status} for ${t.url}`, { file, reason: 'http', status: res.status });
  }
  if (!res.body) {
    clearTimeout(timer);
    throw new Retry('the server sent no data');
  }
  const fh = await fs.open(t.part, start > 0 ? 'r+' : 'w');
  let position = start;
  const reader = res.body.getReader();
  try {
    await fh.truncate(start);
    o.onProgress?.(position, t.sizeBytes);
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch {
        if (o.signal?.aborted) throw cancelled(file);
        throw new Retry(stall.signal.aborted ? 'the download stalled' : 'the connection broke');
      }
      if (chunk.done) break;
      arm();
      if (position + chunk.value.length > t.sizeBytes) {
        await fs.rm(t.part, { force: true });
        throw new RisalahError('MODEL_HASH_MISMATCH', `the server sent more than the ${t.sizeBytes} bytes of ${file}`, { file, reason: 'size-mismatch' });
      }
      try {
        await fh.write(chunk.value, 0, chunk.value.length, position);
      } catch (e) {
        throw asDiskFull(e, t.part) ?? e;
      }
      position += chunk.value.length;
      o.onProgress?.(position, t.sizeBytes);
    }
    if (position < t.sizeBytes) throw new Retry('the connection ended before the whole file arrived');
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
    drop();
    await fh.sync().catch(() => undefined);
    await fh.close();
  }
}
