/**
 * Serving the built renderer, the same way for Electron's `risalah://` protocol and the web host.
 *
 * Owns: fetch-style responses (`Request` → `Response`) for the renderer's files — content types,
 * the Content-Security-Policy, and the single-page fallback to index.html. Paths are resolved
 * inside the renderer folder only.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Resolve a URL path inside `root`, or null when it would leave it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return full === root || full.startsWith(root + path.sep) ? full : null;
}

export async function serveRendererFile(rendererDir: string, urlPath: string): Promise<Response> {
  const root = path.resolve(rendererDir);
  let file = resolveInside(root, urlPath);
  if (!file) return new Response('Not found', { status: 404 });
  let stat = await fs.stat(file).catch(() => null);
  if (!stat || stat.isDirectory()) {
    // Single-page app: unknown paths without an extension get index.html.
    if (path.extname(urlPath) && !stat?.isDirectory()) return new Response('Not found', { status: 404 });
    file = path.join(root, 'index.html');
    stat = await fs.stat(file).catch(() => null);
    if (!stat) return new Response('Renderer not built: run `npm run build`.', { status: 500 });
  }
  const headers = new Headers({
    ...SECURITY_HEADERS,
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(stat.size),
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}
