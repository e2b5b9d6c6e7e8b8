/**
 * The web host behind `risalah serve`: the renderer and the API over HTTP, for a browser.
 *
 * Owns: the HTTP transport of the contract — `POST /api/call/<name>` with a JSON body answers
 * the dispatcher's envelope; `GET /api/events` is a Server-Sent-Events stream of pushes (both
 * routes are the contract's, main/api/routes.ts) — and
 * serving the built renderer. Security (docs/security.md): every request carries the random token
 * printed in the URL — on loopback too, since any local process or user could otherwise drive the
 * archive — as `Authorization: Bearer`, `?token=`, or the cookie set (per port, with a Max-Age)
 * when the page is opened with it, after which the page is reloaded without the token in its
 * address; on loopback the Host header must name the loopback address (no DNS rebinding); API
 * calls must be JSON posts from the same origin. A path that does not decode is 404, and no token
 * or query string is ever logged. Event streams are capped in number, and a client that does not
 * read its stream is dropped rather than buffered without end. Requests have an idle timeout, not
 * a total one, so a slow upload from a phone over Wi-Fi finishes while a stalled one is dropped.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Envelope } from '../api/errors';
import { API_PREFIX, callRoute, eventsRoute, uploadRoute, type PushFrame } from '../api/routes';
import type { Host } from './host';
import { createRoutes } from './routes';
import { SECURITY_HEADERS } from './static';

export interface WebServerOptions {
  host: Host;
  rendererDir: string;
  listenHost?: string;
  port?: number;
  /** The token (default: a random one; every request must carry it). */
  token?: string;
  /** Idle timeout of a request (default IDLE_TIMEOUT_MS; tests shorten it). */
  idleTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface WebServer {
  /** The URL to open, with `?token=`. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;
/** How long the cookie lets a browser in without the token in the URL. */
const COOKIE_MAX_AGE_SEC = 12 * 3600;
/** Open event streams at most (a tab keeps one; a runaway client does not get a thousand). */
export const MAX_STREAMS = 32;
/** A stream whose client has not read this much is dropped (it reconnects and reloads). */
const STREAM_BACKLOG_BYTES = 1024 * 1024;
/** A request that sends or reads nothing for this long is dropped (an upload that stalls, a dead client). */
export const IDLE_TIMEOUT_MS = 60_000;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  const loopback = isLoopback(listenHost);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? (() => undefined);
  const { host } = options;
  const streams = new Set<http.ServerResponse>();
  const routes = createRoutes(host, options.rendererDir);

  const unsubscribe = host.pushes.subscribe((name, payload) => {
    const frame = `event: ${eventsRoute.event}\ndata: ${JSON.stringify({ name, payload } satisfies PushFrame)}\n\n`;
    for (const res of streams) {
      // A client that does not read (a frozen tab, a hostile one) is dropped, not buffered for.
      if (res.writableLength > STREAM_BACKLOG_BYTES) {
        streams.delete(res);
        res.destroy();
      } else res.write(frame);
    }
  });

  let port = options.port ?? 5055;
  const server = http.createServer((req, res) => {
    // An idle timeout per request instead of Node's total one (300 s), which killed slow uploads.
    req.setTimeout(options.idleTimeoutMs ?? IDLE_TIMEOUT_MS, () => req.destroy());
    handle(req, res).catch((e: unknown) => {
      // The path only: a query string may hold the token.
      log(`request failed: ${req.method} ${pathOnly(req.url)}: ${String((e as Error)?.stack ?? e)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://placeholder');
    } catch {
      return sendText(res, 400, 'Bad request');
    }
    if (loopback && !hostHeaderIsLoopback(req.headers.host, port)) {
      return sendText(res, 421, 'Misdirected request');
    }
    const cookie = `risalah_token_${port}`;
    const given = tokenOf(req, url, cookie);
    if (given === null || !safeEqual(given, token)) {
      if (url.pathname.startsWith(API_PREFIX)) {
        return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'token required' } });
      }
      return sendText(res, 401, 'Token diperlukan / token required: open the URL printed by `risalah serve`.');
    }
    if (url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', `${cookie}=${token}; Path=/; Max-Age=${COOKIE_MAX_AGE_SEC}; HttpOnly; SameSite=Strict`);
      // A page opened with the token is reloaded without it: it does not stay in the address bar or the history.
      if ((req.method === 'GET' || req.method === 'HEAD') && !url.pathname.startsWith(API_PREFIX)) {
        url.searchParams.delete('token');
        res.writeHead(303, { ...SECURITY_HEADERS, Location: `${url.pathname}${url.search}`, 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
    }

    if (url.pathname.startsWith(callRoute.prefix)) {
      if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed');
      if (!isJson(req.headers['content-type'])) return sendText(res, 415, 'Content-Type must be application/json');
      if (!sameOrigin(req)) return sendText(res, 403, 'Cross-origin request refused');
      const name = callRoute.parse(url.pathname);
      if (name === null) return sendText(res, 404, 'Not found');
      const body = await readBody(req);
      if (body === null) return sendText(res, 413, 'Payload too large');
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        const envelope: Envelope<never> = {
          ok: false,
          error: { code: 'INVALID_INPUT', message: 'body is not JSON', params: { call: name }, issues: ['(payload): not JSON'] },
        };
        return sendJson(res, 200, envelope);
      }
      const envelope = await host.dispatch(name, input);
      return sendJson(res, 200, envelope);
    }

    if (url.pathname === eventsRoute.path) {
      if (streams.size >= MAX_STREAMS) return sendText(res, 503, 'Too many event streams');
      req.setTimeout(0); // a stream is quiet between pushes; its keep-alive comments show it lives
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write(': connected\n\n');
      streams.add(res);
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      req.on('close', () => {
        clearInterval(keepAlive);
        streams.delete(res);
      });
      return;
    }

    if (url.pathname.startsWith(API_PREFIX) && url.pathname !== uploadRoute.path) return sendText(res, 404, 'Not found');
    if (url.pathname === uploadRoute.path && !sameOrigin(req)) return sendText(res, 403, 'Cross-origin request refused');
    const response = await routes(toRequest(req, url));
    await sendResponse(res, response, req.method === 'HEAD');
  }

  server.requestTimeout = 0; // replaced by the idle timeout above
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const hostForUrl = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  const origin = `http://${hostForUrl}:${port}`;
  const url = `${origin}/?token=${token}`;

  return {
    url,
    origin,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A fetch-style Request for the shared routes (the body streams; nothing is buffered). */
function toRequest(req: http.IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') headers.set(k, v);
    else if (Array.isArray(v)) headers.set(k, v.join(', '));
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`http://${req.headers.host ?? 'localhost'}${url.pathname}${url.search}`, {
    method: req.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

function hostHeaderIsLoopback(header: string | undefined, port: number): boolean {
  if (!header) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header);
  if (!m) return false;
  const name = (m[1] ?? '').replace(/^\[|\]$/g, '');
  return isLoopback(name) && (m[2] === undefined || Number(m[2]) === port);
}

function tokenOf(req: http.IncomingMessage, url: URL, cookie: string): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const cookies = req.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === cookie) return v.join('=');
  }
  return null;
}

/** A request's path without its query (which may hold the token): what logs may show. */
function pathOnly(raw: string | undefined): string {
  return (raw ?? '/').split('?')[0]?.slice(0, 300) ?? '/';
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isJson(type: string | undefined): boolean {
  return !!type && type.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** Browsers send Origin on cross-origin posts; when present it must be this server. */
function sameOrigin(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

async function sendResponse(res: http.ServerResponse, response: Response, headOnly: boolean): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  res.writeHead(response.status, headers);
  if (headOnly || !response.body) {
    await response.body?.cancel();
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  body.on('error', () => res.destroy());
  res.on('close', () => body.destroy());
  body.pipe(res);
}
