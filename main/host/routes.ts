/**
 * The app's HTTP routes besides the API calls, as fetch-style handlers (`Request` → `Response`),
 * shared by Electron's `risalah://app/` protocol and the web host of `risalah serve`: uploads,
 * media with HTTP Range, quote clips, and the built renderer (see static.ts) for every other path.
 * The routes themselves — paths, parsers, result types — are the contract's (main/api/routes.ts).
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Envelope } from '../api/errors';
import { clipRoute, mediaRoute, uploadRoute, type UploadResult } from '../api/routes';
import { isRisalahError } from '../core/errors';
import { eventQuotes, quoteClip } from '../core/quotes';
import type { Host } from './host';
import { SECURITY_HEADERS, serveRendererFile } from './static';

const MEDIA_TYPES: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.weba': 'audio/webm',
  '.opus': 'audio/ogg',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.flac': 'audio/flac',
  '.wav': 'audio/wav',
  '.amr': 'audio/amr',
  '.3gp': 'video/3gpp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
};

function json(status: number, value: Envelope<UploadResult>): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

export function createRoutes(host: Host, rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname === uploadRoute.path) return upload(host, request);
    if (url.pathname.startsWith(mediaRoute.prefix)) return media(host, request, url);
    if (url.pathname.startsWith(clipRoute.prefix)) return clip(host, request, url);
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    return serveRendererFile(rendererDir, url.pathname);
  };
}

async function upload(host: Host, request: Request): Promise<Response> {
  if (request.method !== 'POST') return new Response('Method not allowed', { status: 405 });
  if (!request.body) return json(200, { ok: false, error: { code: 'INVALID_INPUT', message: 'empty upload', issues: ['(payload): no body'] } });
  const name = uploadRoute.decodeName(request.headers.get(uploadRoute.nameHeader));
  const length = Number(request.headers.get('content-length') ?? NaN);
  try {
    const up = await host.uploads.receive(name, request.body, Number.isFinite(length) ? length : undefined);
    return json(200, { ok: true, value: { uploadId: up.id, name: up.name, sizeBytes: up.sizeBytes } });
  } catch (e) {
    if (isRisalahError(e)) return json(200, { ok: false, error: { code: e.code, message: e.message, params: e.params } });
    throw e;
  }
}

/**
 * The file behind `/media/<event>/<file>`: looked up in event.json (never taken from the URL),
 * or null when there is no such recording or attachment.
 */
export async function resolveMediaPath(host: Pick<Host, 'archive'>, pathname: string): Promise<{ rel: string; file: string; name: string } | null> {
  const route = mediaRoute.parse(pathname);
  if (!route) return null;
  const { eventId, fileId } = route;
  try {
    const event = await host.archive.getEvent(eventId);
    const entry = [...event.recordings, ...event.attachments].find((f) => f.id === fileId);
    if (!entry) return null;
    const rel = host.archive.eventFile(event.id, entry.file);
    return { rel, file: await host.archive.store.fileForTool(rel), name: entry.originalName };
  } catch (e) {
    if (isRisalahError(e)) return null;
    throw e;
  }
}

async function media(host: Host, request: Request, url: URL): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
  const found = await resolveMediaPath(host, url.pathname);
  if (!found) return new Response('Not found', { status: 404 });
  // Opened without following links (the store refuses any on the way, O_NOFOLLOW the last part).
  const opened = await host.archive.store.openRead(found.rel).catch(() => null);
  if (!opened) return new Response('Not found', { status: 404 });
  return rangeResponse(request, found.file, opened.size, found.name, opened.handle);
}

async function clip(host: Host, request: Request, url: URL): Promise<Response> {
  if (request.method !== 'GET') return new Response('Method not allowed', { status: 405 });
  const route = clipRoute.parse(url.pathname);
  if (!route) return new Response('Not found', { status: 404 });
  const quotes = await eventQuotes(host.archive, route.eventId).catch(() => null);
  const quote = quotes?.find((q) => q.id === route.quoteId);
  if (!quote) return new Response('Not found', { status: 404 });
  const stream = await quoteClip(host.archive, await host.ffmpeg(), quote, request.signal);
  const name = `${quote.speakerName || 'kutipan'} ${quote.id}.mp3`;
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      'Content-Type': 'audio/mpeg',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  });
}

/**
 * A file with HTTP Range support (one range; what media elements ask for). Archive files are
 * not pages: no CSP (it would stop the browser's PDF viewer), but a fixed list of types and
 * `nosniff`, so nothing of unknown type is ever rendered as a page.
 */
export function rangeResponse(request: Request, file: string, size: number, name = path.basename(file), handle?: FileHandle): Response {
  const response = rangeResponseOf(request, file, size, name, handle);
  if (handle && !response.body) void handle.close().catch(() => undefined);
  return response;
}

function rangeResponseOf(request: Request, file: string, size: number, name: string, handle?: FileHandle): Response {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Content-Type': MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, max-age=3600',
  };
  const range = request.headers.get('range');
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!m || (m[1] === '' && m[2] === '')) {
      return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
    }
    if (m[1] === '') {
      start = Math.max(0, size - Number(m[2]));
    } else {
      start = Number(m[1]);
      end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (start >= size || start > end) {
      return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
    }
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['Content-Length'] = String(end - start + 1);
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });
  const stream = handle ? handle.createReadStream({ start, end }) : createReadStream(file, { start, end });
  const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}
