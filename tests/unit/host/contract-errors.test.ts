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
import { snapshotDir } from '../../helpers/snapshot';
import { tempDir } from '../../helpers/tmp';

const EV = '2025-01-01-tidak-ada-abcd';
const REC = 'rec-tidakada';
/** One well-formed payload per call, naming things that are not there. */
const SAMPLES: Record<CallName, unknown> = {
  'app.info': {},
  'events.list': { q: 'apa' },
  'events.get': { id: EV },
  'events.create': { title: 'Rapat', date: '2025-01-01', type: 'rapat' },
  'events.update': { id: EV, baseRev: 1, patch: { venue: 'Aula' } },
  'recordings.import': { eventId: EV, uploads: [{ uploadId: 'up-tidakada' }] },
  'recordings.update': { eventId: EV, recordingId: REC, patch: { title: 'x' } },
  'recordings.waveform': { eventId: EV, recordingId: REC },
  'attachments.add': { eventId: EV, uploads: [{ uploadId: 'up-tidakada' }] },
  'attachments.update': { eventId: EV, attachmentId: 'att-tidakada', caption: 'x' },
  'transcripts.start': { eventId: EV, recordingIds: [REC] },
  'transcripts.get': { eventId: EV, recordingId: REC },
  'transcripts.save': { eventId: EV, recordingId: REC, baseRev: 0, labels: [], segments: [] },
  'transcripts.import': { eventId: EV, recordingId: REC, uploadId: 'up-tidakada' },
  'transcripts.export': { eventId: EV, recordingId: REC, format: 'txt' },
  'speakers.list': {},
  'speakers.add': { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan' },
  'speakers.update': { id: 'spk-tidakada', patch: { title: 'x' } },
  'speakers.remove': { id: 'spk-tidakada' },
  'events.speakers': { id: EV },
  'quotes.list': { eventId: EV },
  'quotes.add': { eventId: EV, recordingId: REC, start: 1, end: 2 },
  'quotes.update': { eventId: EV, quoteId: 'qt-tidakada', patch: { checked: true } },
  'quotes.remove': { eventId: EV, quoteId: 'qt-tidakada' },
  'quotes.exportSheet': { eventId: EV },
  'search.query': { q: 'pembinaan' },
  'search.status': {},
  'search.refresh': {},
  'archive.settings': {},
  'archive.updateSettings': { attributionVerb: 'ungkap' },
  'models.list': {},
  'models.select': { id: 'tidak-ada' },
  'models.download': { id: 'tidak-ada' },
  'models.import': { uploadId: 'up-tidakada' },
  'models.remove': { id: 'tidak-ada' },
  'jobs.list': {},
  'jobs.cancel': { jobId: 'job-000000000000' },
  'settings.get': {},
  'settings.set': { threads: 2 },
  'settings.setTools': { ffmpegPath: '/tidak/ada/ffmpeg' },
};

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
