/**
 * Ranking and paging when a query has more matches than one tier (tiers of recency): counting 8
 * segments at a time makes a dozen events behave like a big archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../../main/core/archive/archive';
import { SearchIndex, type SearchOptions, type SearchResults } from '../../../main/core/search';
import { tempDir } from '../../helpers/tmp';
import { recording, writeMachine, writeQuotes, quote } from './fixture';

let tmp: ReturnType<typeof tempDir>;
let index: SearchIndex;
/** Event ids, oldest first. */
const ids: string[] = [];
let titled = '';
let big = '';
let relevant = '';

beforeAll(async () => {
  tmp = tempDir('risalah-search-rank-');
  const archive = await Archive.open(tmp.dir);
  for (let i = 0; i < 12; i++) {
    const date = `2024-${String(i + 1).padStart(2, '0')}-15`;
    const id = (await archive.createEvent({ title: `Rapat bulanan ${i + 1}`, date, type: i % 2 ? 'rapat' : 'sosialisasi' })).id;
    ids.push(id);
    await archive.mutateEvent(id, (e) => ({ ...e, recordings: [recording(`rec-${i}`, 'Rapat', 60)] }));
    const lines: [number, number, string][] = [
      [0, 5, `Kondisi lapas bulan ${i + 1} aman terkendali.`],
      [5, 10, 'Petugas lapas melapor kepada kepala kantor.'],
    ];
    if (i === 3) for (let k = 0; k < 8; k++) lines.push([10 + k, 11 + k, `Laporan lapas nomor ${k} diterima.`]);
    // One segment that says the word many times: bm25 puts it on top of its tier.
    if (i === 9) lines.push([30, 35, 'Lapas, lapas, lapas: lapas adalah rumah kedua.']);
    await writeMachine(archive, id, `rec-${i}`, lines);
  }
  big = ids[3] as string;
  relevant = ids[9] as string;
  // An old event without transcripts whose title matches, and a quote in another old one.
  titled = (await archive.createEvent({ title: 'Kunjungan Kerja kepada Lapas Terbuka', date: '2023-01-05', type: 'kunjungan_kerja' })).id;
  await writeQuotes(archive, ids[0] as string, [quote(ids[0] as string, 'q-1', 'rec-0', 0, 5, 'Lapas harus menjadi tempat pembinaan.', 'Mashudi')]);
  index = await SearchIndex.open(tmp.dir, { tuning: { countCap: 8 } });
});
afterAll(async () => {
  await index.close();
  tmp.cleanup();
});

function allPages(query: string, options: SearchOptions, limit: number): SearchResults[] {
  const pages: SearchResults[] = [];
  for (let offset = 0; offset < 100; offset += limit) {
    const page = index.search(query, { ...options, limit, offset, hitsPerEvent: 100 });
    pages.push(page);
    if (!page.more) break;
  }
  return pages;
}

describe('more matches than one window', () => {
  for (const limit of [1, 2, 5, 50]) {
    it(`pages through every event exactly once (pages of ${limit}), each with all its hits`, () => {
      const pages = allPages('lapas', { prefixLast: false }, limit);
      const events = pages.flatMap((p) => p.groups.map((g) => g.eventId));
      expect(events).toHaveLength(13);
      expect(new Set(events)).toEqual(new Set([...ids, titled]));
      const counts = Object.fromEntries(pages.flatMap((p) => p.groups.map((g) => [g.eventId, g.hitCount])));
      expect(counts[big]).toBe(10);
      expect(counts[ids[0] as string]).toBe(3); // two segments and the quote
      expect(counts[titled]).toBe(1);
      expect(pages.at(-1)?.more).toBe(false);
    });
  }

  it('ranks events within the newest tier, and pulls events matched by their fields or quotes into it', () => {
    const first = index.search('lapas', { prefixLast: false, limit: 20, hitsPerEvent: 5 });
    const order = first.groups.map((g) => g.eventId);
    // The newest tier (8 matches, whole events): events 12, 11 and 10 (2 + 2 + 3 matches; event
    // 9 would not fit whole). Event 10 has the most matching segments: it ranks above the newer two.
    const tier = [ids[11], ids[10], relevant].map((id) => order.indexOf(id as string));
    expect(tier.every((i) => i >= 0 && i < 5)).toBe(true);
    expect(order.indexOf(relevant)).toBeLessThan(order.indexOf(ids[11] as string));
    expect(order.indexOf(relevant)).toBeLessThan(order.indexOf(ids[10] as string));
    // The old event whose title matches and the one with a quote are in the first tier too,
    // before the events of the next tiers.
    expect(order.indexOf(titled)).toBeLessThan(5);
    expect(order.indexOf(ids[0] as string)).toBeLessThan(5);
    expect(order.indexOf(ids[8] as string)).toBeGreaterThanOrEqual(5);
    expect(first.ranking).toBe('bm25');
    // Within event 10, the segment that says "lapas" four times is the best hit.
    const hits = first.groups.find((g) => g.eventId === relevant)?.hits ?? [];
    expect(hits[0]?.snippet.filter((p) => p.match)).toHaveLength(4);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('counts what it went through: exact once every tier was, a lower bound before', () => {
    const one = index.search('lapas', { prefixLast: false, limit: 1 });
    expect(one.total.exact).toBe(false);
    expect(one.total.hits).toBeGreaterThanOrEqual(8);
    expect(one.total.hits).toBeLessThan(35);
    const all = index.search('lapas', { prefixLast: false, limit: 50 });
    // 12 × 2 segments, 8 more in event 4, the segment of event 10, the title, the quote.
    expect(all.total).toEqual({ hits: 35, events: 13, exact: true });
    const few = index.search('kedua', { prefixLast: false });
    expect(few.total).toEqual({ hits: 1, events: 1, exact: true });
  });

  it('by date: newest first across tiers, an event with only a title match in its place', () => {
    // "kepada" is a function word: alone, it ranks by date. The titled event is the oldest.
    const pages = allPages('kepada', { prefixLast: false }, 2);
    expect(pages[0]?.ranking).toBe('date');
    expect(pages.flatMap((p) => p.groups.map((g) => g.eventId))).toEqual([...[...ids].reverse(), titled]);
  });

  it('keeps an event with more hits than a window whole', () => {
    const r = index.search('lapas', { prefixLast: false, eventId: big, hitsPerEvent: 100 });
    expect(r.groups[0]?.hitCount).toBe(10);
    expect(r.groups[0]?.hits).toHaveLength(10);
  });

  it('filters by type across tiers, scanning or looking events up one by one', async () => {
    const scanning = await SearchIndex.open(tmp.dir, { tuning: { countCap: 8, listedEvents: 0 } });
    try {
      for (const ix of [index, scanning]) {
        const events: string[] = [];
        for (let offset = 0; offset < 20; offset += 2) {
          const page = ix.search('lapas', { prefixLast: false, type: 'rapat', limit: 2, offset, hitsPerEvent: 20 });
          events.push(...page.groups.map((g) => g.eventId));
          expect(page.groups.every((g) => g.type === 'rapat')).toBe(true);
          if (!page.more) break;
        }
        expect(new Set(events)).toEqual(new Set(ids.filter((_, i) => i % 2 === 1)));
        expect(events).toHaveLength(6);
        const all = ix.search('lapas', { prefixLast: false, type: 'rapat', limit: 50 });
        // Two segments each, 8 more in event 4, one more in event 10.
        expect(all.total).toEqual({ hits: 21, events: 6, exact: true });
      }
    } finally {
      await scanning.close();
    }
  });
});
