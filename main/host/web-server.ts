/**
 * The web host behind `risalah serve`: the renderer and the API over HTTP, for a browser.
 *
 * Owns: the HTTP transport of the contract — `POST /api/call/<name>` with a JSON body answers
 * the dispatcher's envelope; `GET /api/events` is a Server-Sent-Events stream of pushes (both
 * routes are the contract's, main/api/routes.ts) — and serving the built renderer. Security: on loopback the Host header must name the loopback
 * address (no DNS rebinding); on any other interface every request must carry the random token
 * (as `Authorization: Bearer`, `?token=`, or the cookie set when the page is opened with it).
 * API calls must be JSON posts from the same origin.
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
  /** Force a token even on loopback (tests). Non-loopback hosts always get one. */
  token?: string;
  log?: (line: string) => void;
}

export interface WebServer {
  /** The URL to open, with `?token=` when one is required. */
  url: string;
  origin: string;
  token: string | null;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;
const COOKIE = 'risalah_token';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  const loopback = isLoopback(listenHost);
  const token = options.token ?? (loopback ? null : randomBytes(24).toString('base64url'));
  const log = options.log ?? (() => undefined);
  const { host } = options;
  const streams = new Set<http.ServerResponse>();
  const routes = createRoutes(host, options.rendererDir);

  const unsubscribe = host.pushes.subscribe((name, payload) => {
    const frame = `event: ${eventsRoute.event}\ndata: ${JSON.stringify({ name, payload } satisfies PushFrame)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  let port = options.port ?? 5055;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`request failed: ${req.method} ${req.url}: ${String((e as Error)?.stack ?? e)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (loopback && !hostHeaderIsLoopback(req.headers.host, port)) {
      return sendText(res, 421, 'Misdirected request');
    }
    if (token !== null) {
      const given = tokenOf(req, url);
      if (given === null || !safeEqual(given, token)) {
        if (url.pathname.startsWith(API_PREFIX)) {
          return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'token required' } });
        }
        return sendText(res, 401, 'Token diperlukan / token required: open the URL printed by `risalah serve`.');
      }
      if (url.searchParams.get('token') === token) {
        res.setHeader('Set-Cookie', `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
      }
    }

    if (url.pathname.startsWith(callRoute.prefix)) {
      if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed');
      if (!isJson(req.headers['content-type'])) return sendText(res, 415, 'Content-Type must be application/json');
      if (!sameOrigin(req)) return sendText(res, 403, 'Cross-origin request refused');
      const name = callRoute.parse(url.pathname) ?? '';
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
  const url = token ? `${origin}/?token=${token}` : `${origin}/`;

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

function tokenOf(req: http.IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const cookies = req.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return null;
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
