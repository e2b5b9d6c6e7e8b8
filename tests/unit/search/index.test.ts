/**
 * The index as a cache: incremental refresh, and rebuilding when the file is missing, damaged,
 * outdated or unfinished (including a build killed with -9).
 */
import { spawn } from 'node:child_process';
import { promises as fs, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SearchIndex, type SearchResults } from '../../../main/core/search';
import { bundleDriver } from '../../helpers/run-ts';
import { tempDir } from '../../helpers/tmp';
import { buildFixture, quote, recording, writeMachine, writeQuotes, writeWorking, type Fixture } from './fixture';
import { layout } from '../../../main/core/archive/layout';

let tmp: ReturnType<typeof tempDir>;
let fx: Fixture;
const open: SearchIndex[] = [];

async function openIndex(options: Parameters<typeof SearchIndex.open>[1] = {}): Promise<SearchIndex> {
  const index = await SearchIndex.open(tmp.dir, options);
  open.push(index);
  return index;
}

beforeEach(async () => {
  tmp = tempDir('risalah-search-index-');
  fx = await buildFixture(tmp.dir);
});
afterEach(async () => {
  for (const index of open.splice(0)) await index.close();
  tmp.cleanup();
});

const strip = (r: SearchResults) => ({ ...r, indexing: undefined });
const QUERIES: [string, Parameters<SearchIndex['search']>[1]][] = [
  ['lapas', { hitsPerEvent: 50 }],
  ['pembinaan', { affixes: true, hitsPerEvent: 50 }],
  ['Ditjenpas', { hitsPerEvent: 50 }],
  ['pemasyarakatan', { speaker: 'mashudi' }],
  ['"sepenuh hati"', {}],
];
const snapshot = (index: SearchIndex) => QUERIES.map(([q, o]) => strip(index.search(q, o)));
const eventsOf = (r: SearchResults) => r.groups.map((g) => g.eventId);

describe('incremental refresh', () => {
  it('re-reads an edited transcript, a new quote, a new event; drops a deleted event; leaves the rest', async () => {
    const index = await openIndex();
    expect((await index.refresh()).indexed).toEqual([]);

    // Edit the meeting's working transcript.
    await writeWorking(fx.archive, fx.meeting, 'rec-c1', [{ id: 'p1', name: 'Pembicara 1', speakerId: 'spk-rika' }], [
      [0, 9, 'Rapat koordinasi membahas remisi bagi narapidana.', 'p1'],
    ]);
    // A quote for the signing.
    await writeQuotes(fx.archive, fx.signing, [quote(fx.signing, 'q-9', 'rec-a1', 22, 30, 'Para petugas terus membina dengan sepenuh hati.', 'Mashudi', 'spk-mashudi')]);
    // A new event, and the ceremony deleted.
    const added = (await fx.archive.createEvent({ title: 'Kunjungan Kerja ke Lapas Nusakambangan', date: '2025-09-09', type: 'kunjungan_kerja' })).id;
    await fs.rm(fx.archive.store.pathOf(layout.eventDir(fx.ceremony)), { recursive: true });

    const report = await index.refresh();
    expect(new Set(report.indexed)).toEqual(new Set([fx.meeting, fx.signing, added]));
    expect(report.removed).toEqual([fx.ceremony]);
    expect(report.unchanged).toBe(0);
    expect(report.rebuilt).toBe(false);

    expect(eventsOf(index.search('remisi'))).toEqual([fx.meeting]);
    expect(index.search('Sukamiskin', { prefixLast: false }).groups).toEqual([]);
    const q = index.search('sepenuh hati', { hitsPerEvent: 10 }).groups[0]?.hits.find((h) => h.kind === 'quote');
    expect(q).toMatchObject({ quoteId: 'q-9', eventId: fx.signing });
    expect(eventsOf(index.search('Nusakambangan'))).toEqual([added]);
    expect(index.search('Cipinang', { prefixLast: false }).groups).toEqual([]);
    expect(index.search('Hari Bakti').groups).toEqual([]);

    // Nothing changed since: nothing re-read.
    const again = await index.refresh();
    expect(again).toMatchObject({ indexed: [], removed: [], unchanged: 3 });
  });

  it('follows an event whose date or fields changed (the event keeps no stale rows)', async () => {
    const index = await openIndex();
    const ev = await fx.archive.getEvent(fx.meeting);
    await fx.archive.updateEvent(fx.meeting, ev.rev, { date: '2025-12-01', title: 'Rapat Koordinasi Akhir Tahun' });
    await index.refresh();
    expect(eventsOf(index.search('lapas', { from: '2025-11-01' }))).toEqual([fx.meeting]);
    expect(index.search('lapas', { to: '2024-12-31' }).groups).toEqual([]);
    expect(eventsOf(index.search('akhir tahun'))).toEqual([fx.meeting]);
    expect(index.status).toMatchObject({ events: 3, segments: 13, quotes: 1 });
  });

  it('re-indexes the events that name a person renamed in the speaker directory', async () => {
    const index = await openIndex();
    await fx.archive.updateDocument((doc) => {
      const rika = doc.speakers.find((s) => s.id === 'spk-rika');
      if (rika) rika.name = 'Rika Aprianti Sari';
    });
    const report = await index.refresh();
    expect(report.indexed).toEqual([fx.meeting]);
    expect(eventsOf(index.search('laporan', { speaker: 'aprianti sari' }))).toEqual([fx.meeting]);
  });

  it('reindexEvent picks up one event at once, and drops it when it is gone', async () => {
    const index = await openIndex();
    await writeMachine(fx.archive, fx.ceremony, 'rec-b1', [[0, 5, 'Pembacaan Pancasila oleh pembina upacara.']]);
    await index.reindexEvent(fx.ceremony);
    expect(eventsOf(index.search('Pancasila'))).toEqual([fx.ceremony]);
    await fs.rm(fx.archive.store.pathOf(layout.eventDir(fx.ceremony)), { recursive: true });
    await index.reindexEvent(fx.ceremony);
    expect(index.search('Pancasila').groups).toEqual([]);
    await index.reindexEvent('../../etc');
    expect(index.status.events).toBe(2);
  });

  it('skips files that do not parse without failing the refresh', async () => {
    const index = await openIndex();
    writeFileSync(path.join(fx.archive.store.pathOf(layout.eventDir(fx.meeting)), 'transcripts', 'rec-c1.json'), '{ "segments": [ oops');
    writeFileSync(path.join(fx.archive.store.pathOf(layout.eventDir(fx.signing)), 'quotes.json'), 'not json');
    const report = await index.refresh();
    expect(new Set(report.indexed)).toEqual(new Set([fx.meeting, fx.signing]));
    expect(index.search('Sukamiskin').groups).toEqual([]);
    expect(eventsOf(index.search('kolaborasi'))).toEqual([fx.signing]);
  });
});

describe('the index file is a cache', () => {
  it('lives in .risalah/search.sqlite inside the archive', async () => {
    const index = await openIndex();
    expect(index.file).toBe(path.join(tmp.dir, '.risalah', 'search.sqlite'));
    expect(statSync(index.file).size).toBeGreaterThan(0);
  });

  it('deleted: the next open rebuilds it and answers the same', async () => {
    const first = await openIndex();
    const before = snapshot(first);
    expect(before[0]?.groups.length).toBe(3);
    await first.close();
    await fs.rm(path.join(tmp.dir, '.risalah'), { recursive: true });
    const second = await openIndex();
    expect(snapshot(second)).toEqual(before);
  });

  for (const [name, damage] of [
    ['random bytes', (file: string) => writeFileSync(file, Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 251)))],
    ['an empty file', (file: string) => writeFileSync(file, '')],
    ['truncated to half', (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2 / 4096) * 4096)],
    ['truncated mid-page', (file: string) => truncateSync(file, statSync(file).size - 1000)],
    ['pages zeroed after the header', (file: string) => {
      const buf = readFileSync(file);
      buf.fill(0, 4096, buf.length);
      writeFileSync(file, buf);
    }],
  ] as const) {
    it(`damaged (${name}): the next open rebuilds it`, async () => {
      const first = await openIndex();
      const before = snapshot(first);
      await first.close();
      damage(first.file);
      const second = await openIndex();
      await second.ready;
      // A damage the first look missed shows on use; the index then rebuilds itself.
      let after = snapshot(second);
      if (after.some((r, i) => JSON.stringify(r) !== JSON.stringify(before[i]))) {
        await second.refresh();
        after = snapshot(second);
      }
      expect(after).toEqual(before);
      expect(second.status.state).toBe('ready');
    });
  }

  it('damaged inside (found by a search): answers nothing, rebuilds itself, then answers again', async () => {
    const second = await openIndex();
    const before = snapshot(second);
    // Damage the index under the open index (another program, a bad sector…).
    const db = new DatabaseSync(second.file);
    db.enableDefensive(false); // (node:sqlite protects FTS5's shadow tables by default)
    db.exec('UPDATE seg_fts_data SET block = randomblob(length(block)) WHERE id > 10');
    db.close();
    const r = second.search('lapas', { hitsPerEvent: 50 });
    expect(r).toMatchObject({ groups: [], indexing: true });
    await second.refresh(); // queued after the rebuild the search started
    expect(snapshot(second)).toEqual(before);
  });

  it('of an older format: rebuilt', async () => {
    const first = await openIndex();
    const before = snapshot(first);
    await first.close();
    const db = new DatabaseSync(first.file);
    db.exec("UPDATE meta SET value = '0.0' WHERE key = 'format'; DELETE FROM segments;");
    db.close();
    const second = await openIndex();
    expect(snapshot(second)).toEqual(before);
    const check = new DatabaseSync(first.file);
    expect(check.prepare("SELECT value FROM meta WHERE key = 'format'").get()).not.toEqual({ value: '0.0' });
    check.close();
  });

  it('left unfinished (a build that stopped): rebuilt', async () => {
    const first = await openIndex();
    const before = snapshot(first);
    await first.close();
    const db = new DatabaseSync(first.file);
    db.exec("UPDATE meta SET value = 'building' WHERE key = 'state'; UPDATE meta SET value = '0' WHERE key = 'heartbeat'; DELETE FROM segments;");
    db.close();
    const second = await openIndex();
    expect(snapshot(second)).toEqual(before);
  });

  it('being built by another live process: used as it is, and taken over once that build is done', async () => {
    const first = await openIndex();
    const before = snapshot(first);
    await first.close();
    const db = new DatabaseSync(first.file);
    db.exec(`UPDATE meta SET value = 'building' WHERE key = 'state'; UPDATE meta SET value = 'other@host' WHERE key = 'builder'; UPDATE meta SET value = '${Date.now()}' WHERE key = 'heartbeat';`);
    const second = await openIndex();
    expect(second.search('lapas').indexing).toBe(true);
    expect((await second.refresh()).indexed).toEqual([]);
    db.exec("UPDATE meta SET value = 'ready' WHERE key = 'state'");
    db.close();
    await second.refresh();
    expect(snapshot(second)).toEqual(before);
    expect(second.search('lapas').indexing).toBe(false);
  });

  it('opened in the background: searches say indexing until it is ready', async () => {
    const index = await openIndex({ background: true });
    expect(index.status.state).toBe('building');
    expect(index.search('lapas').indexing).toBe(true);
    await index.ready;
    expect(index.search('lapas')).toMatchObject({ indexing: false, total: { events: 3 } });
  });

  it('rebuild() builds it again from the files', async () => {
    const index = await openIndex();
    await writeMachine(fx.archive, fx.ceremony, 'rec-b1', [[0, 5, 'Pembacaan Pancasila.']]);
    const report = await index.rebuild();
    expect(report.rebuilt).toBe(true);
    expect(new Set(report.indexed).size).toBe(3);
    expect(eventsOf(index.search('Pancasila'))).toEqual([fx.ceremony]);
  });
});

describe('a build killed with -9', () => {
  it('leaves an index that the next open finds unfinished and rebuilds', async () => {
    // Enough events that the build takes a while.
    const words = 'kolaborasi pembinaan warga binaan lapas rutan petugas pemasyarakatan program kemandirian pelatihan'.split(' ');
    const events = 120;
    for (let e = 0; e < events; e++) {
      const id = `2024-01-${String(1 + (e % 28)).padStart(2, '0')}-acara-${e}`;
      const dir = path.join(tmp.dir, 'events', id);
      await fs.mkdir(path.join(dir, 'transcripts'), { recursive: true });
      const rec = recording(`rec-${e}`, `Rekaman ${e}`, 600);
      await fs.writeFile(path.join(dir, 'event.json'), JSON.stringify({ id, rev: 1, title: `Acara ${e}`, date: rec.importedAt.slice(0, 10), type: 'rapat', recordings: [rec] }));
      const segments = Array.from({ length: 400 }, (_, i) => ({
        id: `s${i}`,
        start: i * 3,
        end: i * 3 + 3,
        text: Array.from({ length: 20 }, (_, k) => words[(i * 7 + k * 3 + e) % words.length]).join(' ') + (i === 399 ? ` penanda${e}` : ''),
        words: [],
        noSpeechProb: 0,
      }));
      await fs.writeFile(path.join(dir, 'transcripts', `rec-${e}.machine.json`), JSON.stringify({ formatVersion: 1, recordingId: rec.id, segments }));
    }
    const driver = await bundleDriver('tests/unit/search/build-driver.ts');
    const child = spawn(process.execPath, [driver, tmp.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let killedAt = -1;
    let finished = false;
    await new Promise<void>((resolve) => {
      let buffer = '';
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          const m = /^progress (\d+) (\d+)$/.exec(line);
          if (m && killedAt < 0 && Number(m[1]) >= 40) {
            killedAt = Number(m[1]);
            child.kill('SIGKILL');
          }
          if (line === 'done') finished = true;
        }
      });
      child.once('close', () => resolve());
    });
    expect(finished).toBe(false);
    expect(killedAt).toBeGreaterThanOrEqual(40);

    const index = await openIndex();
    expect(index.status).toMatchObject({ state: 'ready', events: events + 3 });
    for (const e of [0, 59, 119]) expect(index.search(`penanda${e}`).total.hits).toBe(1);
  });
});
