import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHost, type Host } from '../../../main/host/host';
import { startWebServer, type WebServer } from '../../../main/host/web-server';
import { snapshotDir } from '../../helpers/snapshot';
import { repoRoot, tempDir } from '../../helpers/tmp';

const rendererDir = path.join(repoRoot, 'dist', 'renderer');

let tmp: ReturnType<typeof tempDir>;
let host: Host;
let server: WebServer | undefined;

beforeEach(async () => {
  tmp = tempDir();
  host = await openHost({ archiveDir: tmp.dir, kind: 'web', log: () => undefined });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  tmp.cleanup();
});

/** A raw request, so headers such as Host can be set freely. */
function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'Content-Type': 'application/json' };

describe('the web host', () => {
  it('answers calls with envelopes and serves the renderer with a CSP', async () => {
    server = await startWebServer({ host, rendererDir, port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await request(server.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="id">');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const created = await request(`${server.origin}/api/call/events.create`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ title: 'Rapat', date: '2025-01-01', type: 'rapat' }),
    });
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { title: 'Rapat' } });
  });

  it('refuses invalid payloads with an envelope and changes nothing on disk', async () => {
    server = await startWebServer({ host, rendererDir, port: 0 });
    const before = snapshotDir(tmp.dir);
    for (const body of ['{"title": 1}', 'not json', '{"title":"a","date":"2025-01-01","type":"rapat","x":1}']) {
      const r = await request(`${server.origin}/api/call/events.create`, { method: 'POST', headers: json, body });
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const r = await request(`${server.origin}/api/call/events.get`, { method: 'POST', headers: json, body: '{"id":"../../.."}' });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(snapshotDir(tmp.dir)).toEqual(before);
  });

  it('refuses calls that are not same-origin JSON posts', async () => {
    server = await startWebServer({ host, rendererDir, port: 0 });
    const url = `${server.origin}/api/call/events.list`;
    expect((await request(url)).status).toBe(405);
    expect((await request(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await request(url, { method: 'POST', headers: { ...json, Origin: 'http://evil.example' }, body: '{}' })).status).toBe(403);
  });

  it('on loopback, refuses a foreign Host header (DNS rebinding)', async () => {
    server = await startWebServer({ host, rendererDir, port: 0 });
    const r = await request(server.url, { headers: { Host: 'evil.example' } });
    expect(r.status).toBe(421);
  });

  it('with a token, refuses requests without it and accepts header, query or cookie', async () => {
    server = await startWebServer({ host, rendererDir, port: 0, token: 'rahasia-token-uji' });
    expect(server.url).toContain('?token=rahasia-token-uji');
    const call = `${server.origin}/api/call/events.list`;
    const denied = await request(call, { method: 'POST', headers: json, body: '{}' });
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await request(`${server.origin}/`)).status).toBe(401);
    expect((await request(`${server.origin}/`, { headers: { Cookie: 'risalah_token=wrong' } })).status).toBe(401);

    const page = await request(server.url);
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const viaCookie = await request(call, { method: 'POST', headers: { ...json, Cookie: 'risalah_token=rahasia-token-uji' }, body: '{}' });
    expect(JSON.parse(viaCookie.body)).toEqual({ ok: true, value: { events: [], total: 0, years: [] } });
    const viaHeader = await request(call, { method: 'POST', headers: { ...json, Authorization: 'Bearer rahasia-token-uji' }, body: '{}' });
    expect(viaHeader.status).toBe(200);
  });

  it('a non-loopback host always gets a random token', async () => {
    server = await startWebServer({ host, rendererDir, port: 0, listenHost: '0.0.0.0' });
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(server.url).toContain(`?token=${server.token}`);
  });

  it('streams pushes as server-sent events', async () => {
    server = await startWebServer({ host, rendererDir, port: 0 });
    const received = new Promise<string>((resolve, reject) => {
      const req = http.get(`${server!.origin}/api/events`, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          data += d;
          if (data.includes('event: push')) {
            resolve(data);
            req.destroy();
          } else if (data.includes(': connected')) {
            void request(`${server!.origin}/api/call/events.create`, {
              method: 'POST',
              headers: json,
              body: JSON.stringify({ title: 'Pelantikan', date: '2025-02-02', type: 'pelantikan' }),
            });
          }
        });
      });
      req.on('error', reject);
    });
    expect(await received).toMatch(/"name":"archive.changed"/);
  });

  it('does not serve files outside the renderer folder', async () => {
    server = await startWebServer({ host, rendererDir, port: 0 });
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/../../package.json']) {
      const r = await request(`${server.origin}${p}`);
      expect(r.body).not.toContain('"name": "risalah"');
    }
  });
});
