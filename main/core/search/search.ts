/**
 * Searching the index.
 *
 * Owns: running a query against the index — matching (query.ts) with the filters (speaker,
 * event type, date range, event), ranking, grouping hits by event, counting, paging, and the
 * snippets of the hits shown.
 *
 * Ranking (docs/search.md, "Ranking"). Results are events, so events are ranked: by BM25 at the
 * level of the event — how many of its segments match, against how many segments it has (k1 =
 * 1.2, b = 0.75) — plus a boost when its title (1.5) or its other fields (0.75) match and per
 * matching quote (up to 0.75). Within an event, hits are ranked by the BM25 of each segment and
 * quote (rank.ts). Counting an event's matching segments needs only rowids — no text, no
 * scoring — so it is cheap; still, a word said 100 000 times cannot be counted in a few
 * milliseconds, so events are ranked in tiers of recency: the newest `countCap` matching segments
 * (rounded down to whole events) form the first tier, ranked among themselves; the next tier
 * holds the next ones, and so on. A query with up to `countCap` matches is one tier — plain
 * ranking — and its totals are exact; beyond, totals are lower bounds until the last tier is
 * reached. Events whose fields or quotes match rank in the first tier whatever their date.
 * FTS5's own bm25() is not used: its IDF is a pass over every row that has the term, whatever
 * LIMIT says (see rank.ts).
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { EVENT_TYPES, type EventType } from '../../api/schemas';
import { RisalahError } from '../errors';
import { buildMatch, type GlossaryMap, highlighter, type Highlighter, type MatchColumns, parseQuery, type ParsedQuery } from './query';
import { type CollectionStats, Ranker } from './rank';
import { dayNumber, ekeyOf, firstRowid, lastRowid, MAX_EKEY, SLOTS } from './schema';
import { snippetParts } from './snippet';
import { tokenize } from './text';
import type { EventField, SearchGroup, SearchHit, SearchOptions, SearchResults } from './types';

export interface SearchTuning {
  /** Matching segments counted in one tier (see the header). */
  countCap: number;
  /** Matches of an event scored to pick its best hits (its first ones, in recording order). */
  scoredPerEvent: number;
  /** A type filter with at most this many events in range looks them up one by one (a seek each). */
  listedEvents: number;
}

export const DEFAULT_TUNING: SearchTuning = { countCap: 3000, scoredPerEvent: 24, listedEvents: 48 };
/** Completions a prefix stands for in the segments (the most frequent ones). */
const PREFIX_COMPLETIONS = 24;
/** Words of one stem used to score and highlight affixed forms (the most frequent ones). */
const STEM_WORDS = 200;

const SEG_COLS: MatchColumns = { text: ['text'], stems: ['stems'], speaker: 'speaker' };
const QUOTE_COLS: MatchColumns = { text: ['text'], stems: ['stems'], speaker: 'speaker' };
const META_COLS: MatchColumns = { text: ['title', 'body'], stems: ['stems'] };
const TITLE_COLS: MatchColumns = { text: ['title'], stems: ['title_stems'] };

/** BM25 parameters at the event level, and what matching fields or quotes add. */
const K1 = 1.2;
const B = 0.75;
/** An event whose title matches; whose other fields match; per quote (saturating). */
const TITLE_BOOST = 1.5;
const FIELD_BOOST = 0.75;
const QUOTE_BOOST = 0.75;

const TYPE_FILTER = 'AND (rowid >> 22) IN (SELECT ekey FROM events WHERE type = ?)';
const META_TYPE_FILTER = 'AND rowid IN (SELECT ekey FROM events WHERE type = ?)';

interface Group {
  ek: number;
  /** Its matching segments; null until counted (an event that ranks by its fields or quotes). */
  n: number | null;
  /** Their rowids, comma-separated (parsed only for the events shown); null until looked up. */
  ids: string | null;
  /** Rowids of its matching quotes. */
  quotes: number[];
  /** Its own fields match: how much that adds (TITLE_BOOST or FIELD_BOOST). */
  meta: number | null;
  /** Event-level relevance (0 by date). */
  score: number;
}

interface EventFacts {
  avgSegments: number;
  segments: Map<number, number>;
  /** Event keys of each type, newest first. */
  byType: Map<string, number[]>;
}


interface Normalised {
  speaker: string[];
  type: EventType | undefined;
  from: string | undefined;
  to: string | undefined;
  eventId: string | undefined;
  affixes: boolean;
  prefixLast: boolean;
  limit: number;
  offset: number;
  hitsPerEvent: number;
}

function invalid(field: string, problem: string): RisalahError {
  return new RisalahError('INVALID_INPUT', `${field} ${problem}`, { field }, [`${field}: ${problem}`]);
}

function intOption(v: unknown, field: string, min: number, max: number, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(field, 'must be a number');
  return Math.min(max, Math.max(min, Math.floor(v)));
}

function dateOption(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw invalid(field, 'must be a date YYYY-MM-DD');
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw invalid(field, 'must be a real calendar date');
  return v;
}

export function normaliseOptions(o: SearchOptions = {}): Normalised {
  if (typeof o !== 'object' || o === null) throw invalid('options', 'must be an object');
  if (o.type !== undefined && !(EVENT_TYPES as readonly string[]).includes(o.type)) throw invalid('type', 'must be an event type');
  if (o.speaker !== undefined && typeof o.speaker !== 'string') throw invalid('speaker', 'must be text');
  if (o.eventId !== undefined && typeof o.eventId !== 'string') throw invalid('eventId', 'must be an event id');
  return {
    speaker: o.speaker ? tokenize(o.speaker).slice(0, 8) : [],
    type: o.type,
    from: dateOption(o.from, 'from'),
    to: dateOption(o.to, 'to'),
    eventId: o.eventId || undefined,
    affixes: o.affixes === true,
    prefixLast: o.prefixLast !== false,
    limit: intOption(o.limit, 'limit', 1, 200, 20),
    offset: intOption(o.offset, 'offset', 0, 1_000_000, 0),
    hitsPerEvent: intOption(o.hitsPerEvent, 'hitsPerEvent', 1, 1000, 3),
  };
}

export class Searcher {
  private readonly db: DatabaseSync;
  private readonly tuning: SearchTuning;
  private readonly statements = new Map<string, StatementSync>();
  private facts: EventFacts | null = null;

  constructor(db: DatabaseSync, tuning: Partial<SearchTuning> = {}) {
    this.db = db;
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
  }

  /** The index changed: forget what was memoised about it. */
  invalidate(): void {
    this.facts = null;
  }

  private stmt(sql: string): StatementSync {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      st.setReturnArrays(true);
      this.statements.set(sql, st);
    }
    return st;
  }

  private rows<T extends unknown[]>(sql: string, ...args: unknown[]): T[] {
    return this.stmt(sql).all(...(args as never[])) as unknown as T[];
  }

  /** Segments per event (for length normalisation), memoised until the index changes. */
  private eventFacts(): EventFacts {
    if (!this.facts) {
      const rows = this.rows<[number, number, string]>('SELECT ekey, nseg, type FROM events ORDER BY ekey DESC');
      const segments = new Map<number, number>();
      const byType = new Map<string, number[]>();
      let sum = 0;
      for (const [ek, n, type] of rows) {
        segments.set(ek, n);
        sum += n;
        const list = byType.get(type);
        if (list) list.push(ek);
        else byType.set(type, [ek]);
      }
      this.facts = { avgSegments: rows.length ? Math.max(1, sum / rows.length) : 1, segments, byType };
    }
    return this.facts;
  }

  /** Collection statistics for BM25 and prefix completion (memoised for one search). */
  private stats(): CollectionStats {
    const m = new Map(this.rows<[string, string]>("SELECT key, value FROM meta WHERE key IN ('segments', 'tokens')"));
    const segments = Number(m.get('segments') ?? 0);
    const tokens = Number(m.get('tokens') ?? 0);
    const memo = <T>(fn: (k: string) => T) => {
      const cache = new Map<string, T>();
      return (k: string): T => {
        let v = cache.get(k);
        if (v === undefined) cache.set(k, (v = fn(k)));
        return v;
      };
    };
    const dfOf = (table: string) => memo((t) => this.rows<[number]>(`SELECT df FROM ${table} WHERE term = ?`, t)[0]?.[0] ?? 0);
    return {
      segments,
      avgTokens: segments ? tokens / segments : 0,
      df: dfOf('vocab'),
      stemDf: dfOf('stem_vocab'),
      completions: memo((p) =>
        this.rows<[string]>('SELECT term FROM vocab WHERE term >= ? AND term < ? ORDER BY df DESC LIMIT ?', p, `${p}\uffff`, PREFIX_COMPLETIONS).map((r) => r[0]),
      ),
      wordsWithStem: memo((s) => this.rows<[string]>('SELECT term FROM vocab WHERE stem = ? ORDER BY df DESC LIMIT ?', s, STEM_WORDS).map((r) => r[0])),
    };
  }

  search(query: string, options: SearchOptions, glossary: GlossaryMap): Omit<SearchResults, 'indexing'> {
    const o = normaliseOptions(options);
    const parsed = parseQuery(typeof query === 'string' ? query : '', { prefixLast: o.prefixLast, glossaryMap: glossary });
    const ranking: SearchResults['ranking'] = parsed.terms.length && !parsed.stopwordsOnly ? 'bm25' : 'date';
    const empty: Omit<SearchResults, 'indexing'> = {
      groups: [],
      total: { hits: 0, events: 0, exact: true },
      ranking,
      terms: parsed.terms.map((t) => t.tokens.join(' ') + (t.prefix ? '*' : '')),
      ignored: parsed.dropped,
      more: false,
    };
    if (!parsed.terms.length && !o.speaker.length) return empty;

    const stats = this.stats();
    const segMatch = buildMatch(parsed, SEG_COLS, { affixes: o.affixes, speaker: o.speaker, expand: (p) => stats.completions(p) });
    const quoteMatch = buildMatch(parsed, QUOTE_COLS, { affixes: o.affixes, speaker: o.speaker });
    const metaMatch = parsed.terms.length && !o.speaker.length ? buildMatch(parsed, META_COLS, { affixes: o.affixes }) : null;
    if (!segMatch) return empty;

    // The events in range, as event keys.
    let loEk = 0;
    let hiEk = MAX_EKEY;
    if (o.eventId) {
      const row = this.rows<[number]>('SELECT ekey FROM events WHERE id = ?', o.eventId)[0];
      if (!row) return empty;
      loEk = hiEk = row[0];
    }
    if (o.from) loEk = Math.max(loEk, dayNumber(o.from) * SLOTS);
    if (o.to) hiEk = Math.min(hiEk, dayNumber(o.to) * SLOTS + SLOTS - 1);
    if (loEk > hiEk) return empty;

    const bm25 = ranking === 'bm25';
    const typeArgs = o.type !== undefined ? [o.type as string] : [];
    const typeFilter = o.type !== undefined ? TYPE_FILTER : '';

    // The event's own fields and its quotes, found all at once.
    const metaBoost = new Map<number, number>();
    const quotesOf = new Map<number, number[]>();
    let sideHits = 0;
    if (metaMatch) {
      const sql = `SELECT rowid FROM event_fts WHERE event_fts MATCH ? AND rowid BETWEEN ? AND ? ${o.type !== undefined ? META_TYPE_FILTER : ''}`;
      const args = [BigInt(loEk), BigInt(hiEk), ...typeArgs];
      for (const [ek] of this.rows<[number]>(sql, metaMatch, ...args)) metaBoost.set(ek, FIELD_BOOST);
      sideHits += metaBoost.size;
      const titleMatch = bm25 && metaBoost.size ? buildMatch(parsed, TITLE_COLS, { affixes: o.affixes }) : null;
      if (titleMatch) for (const [ek] of this.rows<[number]>(sql, titleMatch, ...args)) metaBoost.set(ek, TITLE_BOOST);
    }
    if (quoteMatch) {
      const sql = `SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? AND rowid BETWEEN ? AND ? ${typeFilter}`;
      for (const [id] of this.rows<[number]>(sql, quoteMatch, firstRowid(loEk), lastRowid(hiEk), ...typeArgs)) {
        const ek = ekeyOf(id);
        const list = quotesOf.get(ek);
        if (list) list.push(id);
        else quotesOf.set(ek, [id]);
        sideHits++;
      }
    }
    const side = new Set([...metaBoost.keys(), ...quotesOf.keys()]);

    // Matching segments (rowids only), newest first, a tier of `cap` at a time, counted by event.
    const tierSql = `SELECT ek, count(*), group_concat(id) FROM (SELECT rowid AS id, rowid >> 22 AS ek FROM seg_fts WHERE seg_fts MATCH ? AND rowid BETWEEN ? AND ? ${typeFilter} ORDER BY rowid DESC LIMIT ?) GROUP BY ek`;
    const eventSql = `SELECT count(*), group_concat(rowid) FROM seg_fts WHERE seg_fts MATCH ? AND rowid BETWEEN ? AND ? ${typeFilter}`;
    const wholeEvent = (ek: number): [number, string] => {
      const [n, ids] = this.rows<[number, string | null]>(eventSql, segMatch, firstRowid(ek), lastRowid(ek), ...typeArgs)[0] ?? [0, null];
      return [n, ids ?? ''];
    };
    const facts = this.eventFacts();
    const eventScore = (ek: number, n: number): number => {
      let score = 0;
      if (n) score += (n * (K1 + 1)) / (n + K1 * (1 - B + (B * (facts.segments.get(ek) ?? facts.avgSegments)) / facts.avgSegments));
      score += metaBoost.get(ek) ?? 0;
      const q = quotesOf.get(ek)?.length ?? 0;
      if (q) score += (QUOTE_BOOST * q) / (q + 1);
      return score;
    };

    // Tier by tier, until the page (and one more event, to know there is more) is full. Only
    // the events that can be on the page become groups: a tier of a word said once in every
    // event spans the whole archive.
    const ordered: Group[] = [];
    const placedSide = new Set<number>();
    const need = o.offset + o.limit + 1;
    let top = hiEk;
    let tier = 0;
    let exhausted = false;
    let counted = 0;
    let otherEvents = 0;
    // A type with few events in range: look each one up (a seek each) rather than filter a scan.
    // A type with many: filter the scan, with tiers in proportion to the type's share of events
    // (the scan reads the other types' matches too).
    const listed = o.type !== undefined ? (facts.byType.get(o.type) ?? []).filter((ek) => ek >= loEk && ek <= hiEk) : null;
    const byList = listed !== null && listed.length <= this.tuning.listedEvents;
    const cap = listed ? Math.max(Math.min(500, this.tuning.countCap), Math.round((this.tuning.countCap * listed.length) / Math.max(1, facts.segments.size))) : this.tuning.countCap;
    while (!exhausted && ordered.length < need) {
      let rows = byList
        ? (listed as number[]).map((ek): [number, number, string] => [ek, ...wholeEvent(ek)]).filter(([, n]) => n > 0)
        : this.rows<[number, number, string]>(tierSql, segMatch, firstRowid(loEk), lastRowid(top), ...typeArgs, cap);
      let sum = 0;
      let oldest = Infinity;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as [number, number, string];
        sum += row[1];
        if (row[0] < oldest) oldest = row[0];
      }
      let bottom = loEk;
      if (sum < cap || byList) {
        exhausted = true;
      } else {
        // Whole events only: the oldest event of the tier may go on in the next one.
        if (rows.length > 1) {
          rows = rows.filter((row) => row[0] !== oldest);
          bottom = oldest + 1;
        } else {
          // One event has more than `cap` matches: take all of it.
          rows = [[oldest, ...wholeEvent(oldest)]];
          bottom = oldest;
        }
        if (bottom <= loEk) exhausted = true;
      }
      // Candidates: the tier's events, and (ranked by relevance: all in the first tier; by date:
      // in the tier of their date) the events matched by their fields or quotes.
      const cand: [ek: number, n: number | null, ids: string | null][] = [];
      const sideHere = new Set<number>();
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as [number, number, string];
        const ek = row[0];
        counted += row[1];
        if (side.has(ek)) sideHere.add(ek);
        else otherEvents++;
        if (!placedSide.has(ek)) cand.push(row);
      }
      for (const ek of side) {
        if (placedSide.has(ek) || sideHere.has(ek)) continue;
        const inRange = ek >= bottom && ek <= top;
        if (bm25 ? tier === 0 : inRange) cand.push([ek, inRange ? 0 : null, inRange ? '' : null]);
      }
      const scores = new Float64Array(cand.length);
      const eks = new Float64Array(cand.length);
      for (let i = 0; i < cand.length; i++) {
        const c = cand[i] as [number, number | null, string | null];
        eks[i] = c[0];
        if (bm25) scores[i] = eventScore(c[0], c[1] ?? 0);
      }
      const take = Math.min(cand.length, need - ordered.length);
      for (const i of topIndices(scores, eks, take)) {
        const c = cand[i] as [number, number | null, string | null];
        ordered.push({ ek: c[0], n: c[1], ids: c[2], quotes: quotesOf.get(c[0]) ?? [], meta: metaBoost.get(c[0]) ?? null, score: scores[i] as number });
        if (side.has(c[0])) placedSide.add(c[0]);
      }
      top = bottom - 1;
      tier++;
    }

    const page = ordered.slice(o.offset, o.offset + o.limit);
    // Events on the page that rank by their fields or quotes, older than the tiers counted.
    for (const g of page) if (g.n === null) [g.n, g.ids] = wholeEvent(g.ek);
    return {
      ...empty,
      groups: this.present(page, parsed, o, stats, bm25),
      total: { hits: counted + sideHits, events: otherEvents + side.size, exact: exhausted },
      more: ordered.length > o.offset + o.limit || !exhausted,
    };
  }

  /** The page: each event with its best hits (BM25 of its segments and quotes; by date, in recording order). */
  private present(page: Group[], parsed: ParsedQuery, o: Normalised, stats: CollectionStats, bm25: boolean): SearchGroup[] {
    if (!page.length) return [];
    // Segments are highlighted with the archive's words of each stem; quotes and event fields
    // (few, and possibly with words no segment has) are stemmed word by word.
    const hl = highlighter(parsed, o.affixes, { wordsWithStem: stats.wordsWithStem });
    const hlAll = highlighter(parsed, o.affixes, { wordsWithStem: stats.wordsWithStem, stemUnknown: true });
    const ranker = bm25 ? new Ranker(parsed, o.affixes, stats) : null;
    const perEvent = bm25 ? Math.max(this.tuning.scoredPerEvent, o.hitsPerEvent) : o.hitsPerEvent;
    // The first matches of each event, in recording order.
    const firstMatches = new Map(page.map((g) => [g.ek, (g.ids ? g.ids.split(',').map(Number) : []).sort((a, b) => a - b).slice(0, perEvent)]));
    const segIds = [...firstMatches.values()].flat();
    const quoteIds = page.flatMap((g) => g.quotes);
    /** id, recording or quote id, …, text, words. */
    type Row = [number, string, string, number, number, string, string, number];
    const segRows = new Map(
      this.rows<Row>('SELECT id, recording_id, segment_id, start_sec, end_sec, speaker, text, ntok FROM segments WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(segIds)).map((r) => [r[0], r]),
    );
    const quoteRows = new Map(
      quoteIds.length
        ? this.rows<Row>('SELECT id, quote_id, recording_id, start_sec, end_sec, speaker, text, 0 FROM quotes WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(quoteIds)).map((r) => {
            r[7] = tokenize(r[6]).length;
            return [r[0], r];
          })
        : [],
    );
    const events = new Map(
      this.rows<[number, string, string, string, EventType, string]>(
        'SELECT ekey, id, title, date, type, fields FROM events WHERE ekey IN (SELECT value FROM json_each(?))',
        JSON.stringify(page.map((g) => g.ek)),
      ).map((r) => [r[0], r]),
    );
    /** Rows of these ids, best first (by date: as given), with their scores. */
    const best = (ids: number[], rows: Map<number, Row>): { row: Row; score: number }[] => {
      const scored: { row: Row; score: number }[] = [];
      for (const id of ids) {
        const row = rows.get(id);
        if (row) scored.push({ row, score: ranker ? ranker.score(row[6], row[7]) : 0 });
      }
      return ranker ? scored.sort((a, b) => b.score - a.score || a.row[0] - b.row[0]) : scored;
    };
    return page.map((g) => {
      const [, eventId, title, date, type, fieldsJson] = events.get(g.ek) as [number, string, string, string, EventType, string];
      const hits: SearchHit[] = [];
      if (g.meta !== null) hits.push(this.metaHit(eventId, fieldsJson, g.meta, hlAll));
      for (const { row, score } of best([...g.quotes].sort((a, b) => a - b), quoteRows)) {
        const [, quoteId, recordingId, startSec, endSec, speaker, text] = row;
        hits.push({ kind: 'quote', eventId, quoteId, recordingId, startSec, endSec, ...(speaker ? { speaker } : {}), snippet: snippetParts(text, hlAll), score });
      }
      for (const { row, score } of best(firstMatches.get(g.ek) ?? [], segRows)) {
        if (hits.length >= o.hitsPerEvent) break;
        const [, recordingId, segmentId, startSec, endSec, speaker, text] = row;
        hits.push({ kind: 'segment', eventId, recordingId, segmentId, startSec, endSec, ...(speaker ? { speaker } : {}), snippet: snippetParts(text, hl), score });
      }
      return {
        eventId,
        title,
        date,
        type,
        hitCount: (g.n ?? 0) + g.quotes.length + (g.meta !== null ? 1 : 0),
        hits: hits.slice(0, o.hitsPerEvent),
      };
    });
  }

  private metaHit(eventId: string, fieldsJson: string, score: number, hl: Highlighter): SearchHit {
    const fields = JSON.parse(fieldsJson) as [EventField, string][];
    const matches = (v: string) => {
      if (!hl.pattern) return tokenize(v).some((t) => hl.matches(t));
      hl.pattern.lastIndex = 0;
      return hl.pattern.test(v);
    };
    const found = fields.find(([, v]) => matches(v)) ?? fields[0] ?? ['title', ''];
    return { kind: 'event', eventId, field: found[0], snippet: snippetParts(found[1], hl), score };
  }
}

/**
 * Indices of the `k` best candidates, best first: highest score, then newest (highest key). A
 * page needs a few of a tier's events, so they are selected rather than the tier sorted.
 */
function topIndices(scores: Float64Array, keys: Float64Array, k: number): number[] {
  const n = scores.length;
  const better = (a: number, b: number) => (scores[a] as number) > (scores[b] as number) || ((scores[a] as number) === (scores[b] as number) && (keys[a] as number) > (keys[b] as number));
  if (k * n > 200_000) {
    const all = Array.from({ length: n }, (_, i) => i);
    return all.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)).slice(0, k);
  }
  const taken = new Uint8Array(n);
  const out: number[] = [];
  for (let r = 0; r < k; r++) {
    let best = -1;
    for (let i = 0; i < n; i++) if (!taken[i] && (best < 0 || better(i, best))) best = i;
    if (best < 0) break;
    taken[best] = 1;
    out.push(best);
  }
  return out;
}
