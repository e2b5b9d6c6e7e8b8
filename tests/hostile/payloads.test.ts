/**
 * Payload fuzzing of every call of the contract, derived from each call's sample payload and its
 * zod schema: wrong types, huge strings, deep nesting, unknown and prototype keys, ids with `..`,
 * missing fields, payloads that are not objects. Only mutations the call's schema itself refuses
 * count as hostile; each must be answered INVALID_INPUT — through the IPC router's code
 * (main/host/ipc.ts) and over HTTP — and nothing may change on disk. Calls from frames that are not
 * the app's own pages are UNAUTHORIZED.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, calls, type CallName } from '../../main/api/contract';
import { APP_ORIGIN } from '../../main/api/channels';
import { openHost, type Host } from '../../main/host/host';
import { ipcInvoker } from '../../main/host/ipc';
import { startWebServer, type WebServer } from '../../main/host/web-server';
import { SAMPLES } from '../helpers/call-samples';
import { snapshotDir } from '../helpers/snapshot';
import { repoRoot, tempDir } from '../helpers/tmp';
import { LONG, record } from './figures';

function deep(n: number): unknown {
  let v: unknown = 'dasar';
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

/** Values that are wrong for almost any field. */
const HOSTILE: unknown[] = [
  null,
  42,
  -1,
  1e308,
  true,
  '',
  'x'.repeat(LONG ? 3_000_000 : 1_000_001),
  '../../../etc/passwd',
  '..',
  '/etc/passwd',
  'C:\\Windows\\System32',
  '\\\\server\\share',
  'rec-abc/../../x',
  'nul\u0000byte',
  '\u202eexe.pdf',
  '__proto__',
  {},
  [],
  { __proto__: { admin: true } },
  deep(LONG ? 1500 : 500),
  Array.from({ length: 10_001 }, () => 'a'),
];

/** Candidate payloads for a call: its sample, mutated field by field (one level into objects). */
function candidates(sample: Record<string, unknown>): unknown[] {
  const out: unknown[] = [null, [], 'events.list', 7, { polusi: true }, { ...sample, tambahan: 1 }];
  for (const key of Object.keys(sample)) {
    const { [key]: _dropped, ...without } = sample;
    out.push(without);
    for (const bad of HOSTILE) out.push({ ...sample, [key]: bad });
    const inner = sample[key];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const innerKey of Object.keys(inner)) for (const bad of HOSTILE) out.push({ ...sample, [key]: { ...inner, [innerKey]: bad } });
      out.push({ ...sample, [key]: { ...inner, polusi: 1 } });
    }
    if (Array.isArray(inner) && inner[0] && typeof inner[0] === 'object') {
      for (const innerKey of Object.keys(inner[0])) for (const bad of HOSTILE) out.push({ ...sample, [key]: [{ ...inner[0], [innerKey]: bad }] });
    }
  }
  return out;
}

/**
 * The mutations of a call's sample that its schema refuses — hostile by definition — as each
 * transport delivers them: the dispatcher takes a missing payload as `{}`, and HTTP carries JSON
 * (a prototype key set in an object literal does not survive it; sent as JSON text it is a key).
 */
function hostilePayloads(name: CallName, transport: 'dispatch' | 'http'): unknown[] {
  const delivered = (p: unknown) => (transport === 'http' ? (JSON.parse(JSON.stringify(p) ?? 'null') as unknown) : p);
  return candidates(SAMPLES[name])
    .map(delivered)
    .filter((p) => !calls[name].input.safeParse(p ?? {}).success);
}

let tmp: ReturnType<typeof tempDir>;
let host: Host;
let server: WebServer;
const TOKEN = 'token-hostile-0123456789';

beforeAll(async () => {
  tmp = tempDir();
  host = await openHost({ archiveDir: path.join(tmp.dir, 'arsip'), kind: 'electron', settingsDir: path.join(tmp.dir, 'config'), modelsDir: path.join(tmp.dir, 'models'), log: () => undefined });
  // Something to damage: an event with details, a speaker.
  const ev = await host.dispatch('events.create', { title: 'Penandatanganan MoU Ditjenpas', date: '2025-07-01', type: 'penandatanganan' });
  expect(ev.ok).toBe(true);
  await host.dispatch('speakers.add', { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan' });
  server = await startWebServer({ host, rendererDir: path.join(repoRoot, 'dist', 'renderer'), port: 0, token: TOKEN });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await host?.close();
  tmp?.cleanup();
});

describe('hostile payloads', () => {
  it('every refused-by-schema mutation of every call is INVALID_INPUT, through the IPC router and over HTTP, and nothing on disk changes', async () => {
    const archiveDir = host.archive.dir;
    const ipc = ipcInvoker(host.dispatch);
    const before = { archive: snapshotDir(archiveDir, { ignore: ['.risalah'] }), settings: snapshotDir(tmp.dir, { ignore: ['arsip'] }) };
    let inputs = 0;
    let refused = 0;
    const wrong: string[] = [];
    for (const name of CALL_NAMES) {
      // Through the IPC router's code (main/host/ipc.ts), as the desktop app's page sends them.
      for (const payload of hostilePayloads(name, 'dispatch')) {
        inputs++;
        const direct = await ipc(`${APP_ORIGIN}/index.html`, name, payload);
        if (!direct.ok && direct.error.code === 'INVALID_INPUT') refused++;
        else wrong.push(`ipc ${name}: ${JSON.stringify(direct).slice(0, 200)}`);
      }
      // Over HTTP, as a browser or any local process would send it.
      for (const payload of hostilePayloads(name, 'http')) {
        inputs++;
        const res = await fetch(`${server.origin}/api/call/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify(payload) ?? 'null',
        });
        const env = (await res.json().catch(() => null)) as { ok: boolean; error?: { code: string } } | null;
        if (res.status === 413 || (env && !env.ok && env.error?.code === 'INVALID_INPUT')) refused++;
        else wrong.push(`http ${name}: ${res.status} ${JSON.stringify(env).slice(0, 200)}`);
      }
    }
    // Calls from frames that are not the app's pages, even well-formed ones.
    for (const sender of [undefined, '', 'https://evil.example/', 'file:///tmp/x.html', 'risalah://app.evil/', 'risalah://appx/']) {
      inputs++;
      const r = await ipc(sender, 'events.create', { title: 'Dari luar', date: '2025-01-01', type: 'rapat' });
      if (!r.ok && r.error.code === 'UNAUTHORIZED') refused++;
      else wrong.push(`ipc from ${sender}: ${JSON.stringify(r).slice(0, 200)}`);
    }
    // Raw bodies that are not JSON, too big, or nested beyond reason.
    const raw = ['not json', '{"title": ', '{"__proto__": {"admin": true}, "title": "x", "date": "2025-01-01", "type": "rapat"}', '['.repeat(200_000), 'x'.repeat(5 * 1024 * 1024)];
    for (const body of raw) {
      inputs++;
      const res = await fetch(`${server.origin}/api/call/events.create`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body });
      const env = (await res.json().catch(() => null)) as { ok: boolean; error?: { code: string } } | null;
      if (res.status === 413 || (env && !env.ok && env.error?.code === 'INVALID_INPUT')) refused++;
      else wrong.push(`raw ${body.slice(0, 30)}: ${res.status} ${JSON.stringify(env).slice(0, 200)}`);
    }
    const after = { archive: snapshotDir(archiveDir, { ignore: ['.risalah'] }), settings: snapshotDir(tmp.dir, { ignore: ['arsip'] }) };
    const changes = [
      ...Object.keys({ ...before.archive, ...after.archive }).filter((k) => before.archive[k] !== after.archive[k]),
      ...Object.keys({ ...before.settings, ...after.settings }).filter((k) => before.settings[k] !== after.settings[k]),
    ];
    const changed = changes.length;
    record({ inputs, refused, changed });
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(refused).toBe(inputs);
    expect(changes).toEqual([]);
    expect(inputs).toBeGreaterThan(1000);
  }, 600_000);
});
