/**
 * Search over a small real archive: what is found, how it is matched, filtered and shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex, type SearchResults } from '../../../main/core/search';
import { tempDir } from '../../helpers/tmp';
import { buildFixture, type Fixture } from './fixture';

let tmp: ReturnType<typeof tempDir>;
let fx: Fixture;
let index: SearchIndex;

beforeAll(async () => {
  tmp = tempDir('risalah-search-');
  fx = await buildFixture(tmp.dir);
  index = await SearchIndex.open(tmp.dir);
});
afterAll(async () => {
  await index.close();
  tmp.cleanup();
});

const hits = (r: SearchResults) => r.groups.flatMap((g) => g.hits);
const segmentTexts = (r: SearchResults) => hits(r).filter((h) => h.kind === 'segment').map((h) => h.snippet.map((p) => p.text).join(''));
const eventsOf = (r: SearchResults) => r.groups.map((g) => g.eventId);
const all = { hitsPerEvent: 100 } as const;

describe('finding what was said', () => {
  it('a fragment of a sentence returns its event, recording, speaker, segment and time', () => {
    const r = index.search('petugas terus membina', all);
    expect(eventsOf(r)).toEqual([fx.signing]);
    const group = r.groups[0];
    expect(group).toMatchObject({ title: 'Penandatanganan MoU dengan Universitas Muria Kudus', date: '2025-07-01', type: 'penandatanganan' });
    const hit = group?.hits.find((h) => h.kind === 'segment');
    expect(hit).toMatchObject({ kind: 'segment', eventId: fx.signing, recordingId: 'rec-a1', segmentId: 's4', speaker: 'Mashudi' });
    expect(hit?.startSec).toBeGreaterThanOrEqual(22);
    expect(hit?.startSec).toBeLessThan(30);
    expect(hit?.endSec).toBe(30);
    expect(r.total).toEqual({ hits: 1, events: 1, exact: true });
    expect(r.ranking).toBe('bm25');
  });

  it('names the unlinked label as the speaker, and none for a machine transcript', () => {
    const kolaborasi = hits(index.search('kolaborasi perguruan', all)).find((h) => h.kind === 'segment');
    expect(kolaborasi).toMatchObject({ recordingId: 'rec-a1', segmentId: 's3', speaker: 'Pembicara 2' });
    const wartawan = hits(index.search('wartawan', all))[0];
    expect(wartawan).toMatchObject({ kind: 'segment', recordingId: 'rec-a2', segmentId: 's0002' });
    expect(wartawan?.speaker).toBeUndefined();
  });

  it('prefers the working transcript over the machine one when both exist', async () => {
    // rec-a1 has only a working transcript; give it a machine transcript with other words.
    const { writeMachine } = await import('./fixture');
    await writeMachine(fx.archive, fx.signing, 'rec-a1', [[0, 5, 'teks mesin yang tidak boleh muncul']]);
    await index.refresh();
    expect(index.search('mesin', { prefixLast: false }).groups).toEqual([]);
    expect(index.search('sepenuh hati').groups.length).toBe(1);
  });

  it('finds event fields (title, venue, agreement, parties, document number) as event hits', () => {
    const venue = hits(index.search('Graha Pengayoman', all)).find((h) => h.kind === 'event');
    expect(venue).toMatchObject({ kind: 'event', eventId: fx.signing, field: 'venue' });
    expect(venue?.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['Graha', 'Pengayoman']);
    const party = hits(index.search('Darsono', all)).find((h) => h.kind === 'event');
    expect(party).toMatchObject({ field: 'parties' });
    const number = hits(index.search('PAS-12.HH.05.02', all)).find((h) => h.kind === 'event');
    expect(number).toMatchObject({ field: 'documentNumber', eventId: fx.signing });
    expect(eventsOf(index.search('Hari Bakti', all))).toEqual([fx.ceremony]);
  });

  it('finds quotes, with their time and speaker', () => {
    const r = index.search('memulihkan hubungan', all);
    const q = hits(r).find((h) => h.kind === 'quote');
    expect(q).toMatchObject({ kind: 'quote', eventId: fx.ceremony, quoteId: 'q-1', recordingId: 'rec-b1', startSec: 40, endSec: 48, speaker: 'Mashudi' });
  });
});

describe('matching', () => {
  it('a phrase needs the words together and in order; words only need to be there', () => {
    expect(segmentTexts(index.search('"kolaborasi dengan perguruan tinggi"', all))).toHaveLength(1);
    expect(index.search('"perguruan kolaborasi"', all).groups).toEqual([]);
    expect(segmentTexts(index.search('perguruan kolaborasi', all))).toHaveLength(1);
    // Words of one segment only: "kolaborasi" (s3) and "membina" (s4) are never said together.
    expect(index.search('kolaborasi membina', { prefixLast: false }).groups).toEqual([]);
  });

  it('matches prefixes: explicit with *, and the last word while typing', () => {
    const star = index.search('kesepaha*', all);
    expect(segmentTexts(star).join(' ')).toContain('kesepahaman');
    expect(eventsOf(index.search('kolabo', all))).toEqual([fx.signing]);
    expect(index.search('kolabo', { prefixLast: false }).groups).toEqual([]);
    // A word being typed that is still short is left out rather than matched as a whole word.
    expect(eventsOf(index.search('kolaborasi pe', all))).toEqual([fx.signing]);
    // Inside an unclosed quote, the phrase's last word is a prefix.
    expect(segmentTexts(index.search('"perguruan ting', all))).toHaveLength(1);
  });

  it('matches Indonesian affixes only when asked', () => {
    const plain = index.search('pembinaan', { ...all, prefixLast: false });
    expect(segmentTexts(plain)).toEqual([]);
    const affixed = index.search('pembinaan', { ...all, prefixLast: false, affixes: true });
    const texts = segmentTexts(affixed).join('\n');
    expect(texts).toContain('membina'); // meN- + bina
    expect(texts).toContain('binaan'); // bina + -an
    expect(texts).toContain('Dibina'); // di- + bina
    expect(new Set(eventsOf(affixed))).toEqual(new Set([fx.signing, fx.ceremony, fx.meeting]));
    // The agreement title "Pembinaan Kemandirian Narapidana" is an event field that matches too.
    expect(hits(affixed).some((h) => h.kind === 'event' && h.eventId === fx.signing)).toBe(true);
    // And the other way: "membina" finds "binaan".
    expect(segmentTexts(index.search('membina', { ...all, affixes: true })).join('\n')).toContain('binaan');
    expect(segmentTexts(index.search('membina', { ...all, affixes: false })).join('\n')).not.toContain('binaan');
  });

  it('highlights the affixed forms that matched', () => {
    const r = index.search('pembinaan', { ...all, prefixLast: false, affixes: true });
    const matched = hits(r).flatMap((h) => h.snippet.filter((p) => p.match).map((p) => p.text.toLowerCase()));
    expect(matched).toEqual(expect.arrayContaining(['membina', 'binaan', 'dibina']));
  });

  it('expands glossary acronyms both ways', () => {
    // "Ditjenpas" finds "Direktorat Jenderal Pemasyarakatan" said in full (signing) and itself (meeting).
    const short = index.search('Ditjenpas', all);
    expect(new Set(eventsOf(short))).toEqual(new Set([fx.signing, fx.meeting]));
    expect(segmentTexts(short).join('\n')).toContain('Direktorat Jenderal Pemasyarakatan');
    // The reverse: the long form finds the acronym.
    const long = index.search('Direktorat Jenderal Pemasyarakatan', all);
    expect(segmentTexts(long).join('\n')).toContain('Ditjenpas meminta');
    expect(segmentTexts(long).join('\n')).toContain('Direktorat Jenderal Pemasyarakatan menandatangani');
    // Rutan ⇄ Rumah Tahanan Negara, WBP ⇄ Warga Binaan Pemasyarakatan.
    expect(segmentTexts(index.search('Rutan', all))).toEqual(['Rumah Tahanan Negara kelas satu Jakarta mendapat penghargaan.']);
    expect(segmentTexts(index.search('"warga binaan pemasyarakatan"', all)).join('\n')).toContain('jumlah WBP');
    // Without the glossary entry, no expansion.
    expect(index.search('Rutan', { prefixLast: false }).total.hits).toBe(1);
  });

  it('ignores case and diacritics, in the query and in the text', () => {
    expect(segmentTexts(index.search('CAFE', all))).toHaveLength(1);
    expect(segmentTexts(index.search('café', all))).toHaveLength(1);
    expect(segmentTexts(index.search('SUKAMÍSKIN', all))).toHaveLength(1);
    expect(index.search('pémasyarakatan', { prefixLast: false }).total.hits).toBeGreaterThan(0);
  });

  it('leaves function words out of a query that has other words, and ranks function words alone by date', () => {
    const r = index.search('yang kolaborasi', { prefixLast: false });
    expect(r.ignored).toEqual(['yang']);
    expect(eventsOf(r)).toEqual([fx.signing]);
    const only = index.search('dengan', { prefixLast: false, ...all });
    expect(only.ranking).toBe('date');
    expect(eventsOf(only)).toEqual([fx.signing, fx.ceremony, fx.meeting]); // newest first
  });
});

describe('filters', () => {
  it('by speaker: name match, case-insensitive, for segments and quotes', () => {
    const r = index.search('pemasyarakatan', { ...all, speaker: 'MASHUDI', prefixLast: false });
    const hs = hits(r);
    expect(hs.length).toBeGreaterThan(0);
    expect(hs.every((h) => h.speaker === 'Mashudi')).toBe(true);
    expect(hs.some((h) => h.kind === 'quote')).toBe(true);
    expect(hs.some((h) => h.kind === 'event')).toBe(false);
    expect(index.search('kolaborasi', { speaker: 'Mashudi' }).groups).toEqual([]);
    expect(eventsOf(index.search('laporan', { speaker: 'rika' }))).toEqual([fx.meeting]);
  });

  it('a speaker alone lists what they said, newest first', () => {
    const r = index.search('', { speaker: 'Rika Aprianti', ...all });
    expect(r.ranking).toBe('date');
    expect(eventsOf(r)).toEqual([fx.meeting]);
    expect(r.groups[0]?.hitCount).toBe(3);
  });

  it('by event type, date range and event', () => {
    expect(eventsOf(index.search('lapas', { type: 'upacara' }))).toEqual([fx.ceremony]);
    expect(new Set(eventsOf(index.search('lapas', { from: '2025-01-01' })))).toEqual(new Set([fx.signing, fx.ceremony]));
    expect(eventsOf(index.search('lapas', { to: '2024-12-31' }))).toEqual([fx.meeting]);
    expect(eventsOf(index.search('lapas', { from: '2025-04-27', to: '2025-04-27' }))).toEqual([fx.ceremony]);
    expect(eventsOf(index.search('lapas', { eventId: fx.meeting }))).toEqual([fx.meeting]);
    expect(index.search('lapas', { eventId: 'no-such-event' }).groups).toEqual([]);
    expect(index.search('lapas', { from: '2026-01-01' }).groups).toEqual([]);
  });

  it('refuses malformed options with INVALID_INPUT', () => {
    expect(() => index.search('lapas', { from: '2025-13-01' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => index.search('lapas', { type: 'pesta' as never })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => index.search('lapas', { limit: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('hostile and odd queries', () => {
  const queries = [
    '', ' ', '"', '""', '"""', '*', '**', '-', '--', ':', 'OR', 'AND', 'NOT', 'NEAR(', 'NEAR(lapas rutan', 'lapas OR rutan',
    'lapas NOT rutan', '-lapas', 'text:lapas', '{text}: lapas', 'stems : bina', '(lapas', 'lapas)', '"lapas', 'lapas"', 'lap*as',
    '^lapas', 'lapas +rutan', "l'apas", '\\', '\u0000', '🙂', 'x'.repeat(5000), Array.from({ length: 300 }, (_, i) => `kata${i}`).join(' '),
    '"" AND ""', 'NEAR("a" "b", 2)', "'; DROP TABLE segments; --", 'lapas*"*', '* lapas', '"*"',
  ];
  for (const q of queries) {
    it(`never throws: ${JSON.stringify(q.slice(0, 40))}`, () => {
      for (const affixes of [false, true]) {
        const r = index.search(q, { affixes });
        expect(Array.isArray(r.groups)).toBe(true);
      }
    });
  }

  it('treats operators as words, so they neither break nor widen a query', () => {
    // FTS5 would read "lapas OR wartawan" as either word; here OR is a word that is never said.
    expect(index.search('lapas OR wartawan', { prefixLast: false }).groups).toEqual([]);
    expect(eventsOf(index.search('-wartawan', {}))).toEqual([fx.signing]);
    expect(eventsOf(index.search('text:wartawan', {}))).toEqual([]);
    // The archive still answers afterwards.
    expect(index.search("'; DROP TABLE segments; --").groups).toEqual([]);
    expect(index.search('wartawan').groups.length).toBe(1);
  });
});

describe('results', () => {
  it('are snippet parts, not markup', async () => {
    const { recording, writeMachine } = await import('./fixture');
    await fx.archive.mutateEvent(fx.meeting, (e) => ({ ...e, recordings: [...e.recordings, recording('rec-c2', 'Catatan', 5)] }));
    await writeMachine(fx.archive, fx.meeting, 'rec-c2', [[0, 1, '<b>tebal</b> <script>alert(1)</script> & "kutip"']]);
    await index.refresh();
    const parts = hits(index.search('alert', { eventId: fx.meeting, prefixLast: false }))[0]?.snippet ?? [];
    expect(parts.map((p) => p.text).join('')).toBe('<b>tebal</b> <script>alert(1)</script> & "kutip"');
    expect(parts.filter((p) => p.match)).toEqual([{ text: 'alert', match: true }]);
    const plain = hits(index.search('mingguan', all))[0]?.snippet ?? [];
    expect(plain).toEqual([
      { text: 'Ditjenpas meminta laporan ', match: false },
      { text: 'mingguan', match: true },
      { text: ' dari setiap UPT.', match: false },
    ]);
  });

  it('page by events, with counts and "more"', () => {
    const first = index.search('lapas', { limit: 1 });
    expect(first.groups).toHaveLength(1);
    expect(first.more).toBe(true);
    expect(first.total.events).toBe(3);
    const second = index.search('lapas', { limit: 1, offset: 1 });
    const third = index.search('lapas', { limit: 1, offset: 2 });
    expect(third.more).toBe(false);
    expect(new Set([...eventsOf(first), ...eventsOf(second), ...eventsOf(third)]).size).toBe(3);
  });

  it('cap hits per event but count them all', () => {
    const r = index.search('', { speaker: 'Rika', hitsPerEvent: 1 });
    expect(r.groups[0]?.hits).toHaveLength(1);
    expect(r.groups[0]?.hitCount).toBe(3);
  });
});
