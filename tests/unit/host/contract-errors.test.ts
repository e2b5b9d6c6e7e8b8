/**
 * The contract's promises hold: every call answers only with error codes its spec lists (plus the
 * universal ones), and `trusted` calls are refused to untrusted clients by the dispatcher before
 * any handler runs. Each call is made with a well-formed payload that names things that do not
 * exist (or are not allowed), which is what reaches handlers' error paths.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, calls, possibleErrors, type CallName } from '../../../main/api/contract';
import { createDispatcher } from '../../../main/host/dispatch';
import { openHost, type Host } from '../../../main/host/host';
import { SAMPLES } from '../../helpers/call-samples';
import { snapshotDir } from '../../helpers/snapshot';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
let host: Host;
const violations: string[] = [];

beforeAll(async () => {
  tmp = tempDir();
  host = await openHost({
    archiveDir: path.join(tmp.dir, 'arsip'),
    kind: 'electron',
    settingsDir: path.join(tmp.dir, 'config'),
    modelsDir: path.join(tmp.dir, 'models'),
    log: (m) => {
      if (m.startsWith('contract violation')) violations.push(m);
    },
  });
}, 60_000);
afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

describe('the contract promises', () => {
  it('has a sample for every call (a new call must add one here)', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('every call answers only with codes its spec lists', async () => {
    const dispatch = createDispatcher(host.handlers, { client: 'app', strict: false, log: (m) => violations.push(m) });
    const undeclared: string[] = [];
    for (const name of CALL_NAMES) {
      const r = await dispatch(name, SAMPLES[name]);
      if (!r.ok && !possibleErrors(calls[name]).has(r.error.code)) undeclared.push(`${name} answered ${r.error.code}`);
    }
    expect(undeclared).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('catches a handler that answers a code its call does not list (strict mode: INTERNAL)', async () => {
    const { RisalahError } = await import('../../../main/core/errors');
    const logged: string[] = [];
    const handlers = { ...host.handlers, 'events.list': async () => Promise.reject(new RisalahError('MODEL_MISSING', 'not this call’s business')) };
    const strict = createDispatcher(handlers as typeof host.handlers, { strict: true, log: (m) => logged.push(m) });
    expect(await strict('events.list', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(logged.join('\n')).toMatch(/contract violation: events.list answered MODEL_MISSING/);
  });

  it('refuses trusted calls to clients below their level before the handler runs, changing nothing', async () => {
    const level = (n: CallName) => ('trusted' in calls[n] ? (calls[n] as { trusted?: string }).trusted : undefined);
    const appOnly = CALL_NAMES.filter((n) => level(n) === 'app');
    const local = CALL_NAMES.filter((n) => level(n) === 'local');
    expect(appOnly).toEqual(['settings.setTools']);
    expect(local).toEqual(expect.arrayContaining(['settings.set', 'models.import', 'models.select', 'models.download', 'models.remove']));
    let reached = 0;
    const handlers = Object.fromEntries(CALL_NAMES.map((n) => [n, async () => void reached++]));
    const as = (client: 'remote' | 'local') => createDispatcher(handlers as unknown as typeof host.handlers, { client });
    const before = snapshotDir(tmp.dir);
    for (const name of [...appOnly, ...local]) {
      expect(await as('remote')(name, SAMPLES[name]), name).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    // A browser on this computer (serve on loopback) may manage models, never the programs run.
    for (const name of appOnly) expect(await as('local')(name, SAMPLES[name]), name).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(reached).toBe(0);
    for (const name of local) await as('local')(name, SAMPLES[name]);
    expect(reached).toBe(local.length);
    expect(snapshotDir(tmp.dir)).toEqual(before);
  });
});
