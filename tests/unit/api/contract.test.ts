import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALL_NAMES, calls } from '../../../main/api/contract';
import { createClient, ApiCallError, type Transport } from '../../../main/api/client';
import { openHost, type Host } from '../../../main/host/host';
import { snapshotDir } from '../../helpers/snapshot';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
let host: Host;

beforeEach(async () => {
  tmp = tempDir();
  host = await openHost({ archiveDir: tmp.dir, kind: 'web', log: () => undefined });
});
afterEach(async () => {
  await host.close();
  tmp.cleanup();
});

describe('the contract', () => {
  it('gives every call a strict input schema, a summary and a handler', () => {
    expect(CALL_NAMES.length).toBeGreaterThan(0);
    for (const name of CALL_NAMES) {
      expect(typeof calls[name].summary).toBe('string');
      expect(typeof host.handlers[name]).toBe('function');
      // strict objects refuse unknown keys
      expect(calls[name].input.safeParse({ __unknown__: 1 }).success).toBe(false);
    }
  });
});

describe('the dispatcher', () => {
  it('creates and lists an event through the typed client', async () => {
    const transport: Transport = { invoke: (n, i) => host.dispatch(n, i), subscribe: () => () => undefined };
    const client = createClient(transport);
    const created = await client.call('events.create', { title: '  Upacara Hari Bakti Pemasyarakatan ', date: '2025-04-27', type: 'upacara' });
    expect(created.title).toBe('Upacara Hari Bakti Pemasyarakatan');
    expect(created.id).toMatch(/^2025-04-27-upacara-hari-bakti-pemasyarakatan-[a-z2-9]{4}$/);
    const list = await client.call('events.list', {});
    expect(list.events.map((e) => e.id)).toEqual([created.id]);
    const got = await client.call('events.get', { id: created.id });
    expect(got).toEqual(created);
  });

  it('pushes archive.changed after a change', async () => {
    const seen: unknown[] = [];
    host.pushes.subscribe((name, payload) => seen.push({ name, payload }));
    const r = await host.dispatch('events.create', { title: 'Rapat koordinasi', date: '2025-01-02', type: 'rapat' });
    expect(r.ok).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ name: 'archive.changed' });
  });

  const invalid: [string, unknown, RegExp][] = [
    ['wrong types', { title: 42, date: '2025-01-01', type: 'upacara' }, /title/],
    ['unknown fields', { title: 'a', date: '2025-01-01', type: 'upacara', path: '/etc/passwd' }, /Unrecognized key/],
    ['an empty title', { title: '   ', date: '2025-01-01', type: 'upacara' }, /title: must not be empty/],
    ['an impossible date', { title: 'a', date: '2025-02-30', type: 'upacara' }, /date/],
    ['an unknown type', { title: 'a', date: '2025-02-03', type: 'pesta' }, /type/],
    ['control characters', { title: 'a\u0000b', date: '2025-02-03', type: 'upacara' }, /control characters/],
    ['not an object', 'hello', /payload/],
    ['an array', [1, 2], /payload/],
  ];
  for (const [what, payload, issue] of invalid) {
    it(`refuses ${what} with INVALID_INPUT and changes nothing on disk`, async () => {
      const before = snapshotDir(tmp.dir);
      const r = await host.dispatch('events.create', payload);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.issues?.join('\n')).toMatch(issue);
      expect(snapshotDir(tmp.dir)).toEqual(before);
    });
  }

  for (const id of ['../../etc', '/etc/passwd', '..', 'a/b', 'C:\\x', 'ABC', '-x', '']) {
    it(`refuses the id ${JSON.stringify(id)}, which could point outside the archive`, async () => {
      const before = snapshotDir(tmp.dir);
      const r = await host.dispatch('events.get', { id });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(snapshotDir(tmp.dir)).toEqual(before);
    });
  }

  it('answers NOT_FOUND for a well-formed id that does not exist', async () => {
    const r = await host.dispatch('events.get', { id: '2025-01-01-nothing-abcd' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', params: { id: '2025-01-01-nothing-abcd' } } });
  });

  it('answers UNKNOWN_CALL for names outside the contract, including prototype keys', async () => {
    for (const name of ['events.drop', 'constructor', '__proto__', 'toString', 42]) {
      const r = await host.dispatch(name, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    }
  });

  it('turns an unexpected failure into INTERNAL without leaking details', async () => {
    const logged: unknown[] = [];
    const broken = await openHost({ archiveDir: tmp.dir, kind: 'web', log: (_m, e) => logged.push(e) });
    broken.handlers['events.list'] = async () => {
      throw new Error('disk on fire at /secret/path');
    };
    const { createDispatcher } = await import('../../../main/host/dispatch');
    const dispatch = createDispatcher(broken.handlers, { log: (_m, e) => logged.push(e) });
    const r = await dispatch('events.list', {});
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error (see the log)' } });
    expect(logged).toHaveLength(1);
  });

  it('the client throws ApiCallError with the code and params', async () => {
    const client = createClient({ invoke: (n, i) => host.dispatch(n, i), subscribe: () => () => undefined });
    const err = await client.call('events.get', { id: '2025-01-01-nothing-abcd' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect((err as ApiCallError).code).toBe('NOT_FOUND');
  });
});
