/**
 * The shapes search answers with (main/core/search produces them; the contract carries them).
 *
 * Owns: the options of a search and its results (events with their hits, highlighted snippets
 * as parts the UI renders as text — never HTML), and the index's status and refresh report.
 * Plain data, JSON-serialisable.
 */
import type { EventType } from './schemas';

export interface SearchOptions {
  /** Only what this person said (their name, case and accents ignored; every word must match). */
  speaker?: string;
  type?: EventType;
  /** Event date range, `YYYY-MM-DD`, both ends included. */
  from?: string;
  to?: string;
  eventId?: string;
  /** Match Indonesian affixes: "pembinaan" also finds "membina", "binaan" (default false). */
  affixes?: boolean;
  /** Treat the last word as a prefix while typing (default true). */
  prefixLast?: boolean;
  /** Events per page (default 20, at most 200). */
  limit?: number;
  /** Events to skip (paging). */
  offset?: number;
  /** Hits shown per event, best first (default 3, at most 1000); `hitCount` has them all. */
  hitsPerEvent?: number;
}

/** A piece of a snippet: plain text, and whether it is a matched word (to emphasise). */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export type SearchHitKind = 'segment' | 'quote' | 'event';

/** Event fields a metadata hit can come from. */
export type EventField =
  | 'title'
  | 'venue'
  | 'platform'
  | 'organiser'
  | 'description'
  | 'tags'
  | 'agreement'
  | 'documentNumber'
  | 'parties'
  | 'recordings';

export interface SearchHit {
  kind: SearchHitKind;
  eventId: string;
  recordingId?: string;
  /** For `segment`: the segment's id in its transcript. */
  segmentId?: string;
  /** For `quote`: the quote's id. */
  quoteId?: string;
  /** Seconds from the start of the recording (segment and quote hits). */
  startSec?: number;
  endSec?: number;
  /** Who said it, when known. */
  speaker?: string;
  /** For `event`: which field matched. */
  field?: EventField;
  snippet: SnippetPart[];
  /** Relevance (BM25; higher is better; 0 when ranked by date). */
  score: number;
}

export interface SearchGroup {
  eventId: string;
  title: string;
  date: string;
  type: EventType;
  /** Every hit of this event for the query (segments, quotes, the event's own fields). */
  hitCount: number;
  /** The best `hitsPerEvent` hits: the event's fields first, then quotes, then segments. */
  hits: SearchHit[];
}

export interface SearchResults {
  groups: SearchGroup[];
  total: {
    hits: number;
    events: number;
    /** False when there were too many segment hits to count them all: the totals are lower bounds. */
    exact: boolean;
  };
  /**
   * `bm25`: by relevance (see docs/search.md, "Ranking"); `date`: newest first — when the query
   * has only function words ("yang", "dan") or only a speaker filter.
   */
  ranking: 'bm25' | 'date';
  /** The words searched for after reading the query (folded; phrases joined by spaces). */
  terms: string[];
  /** Function words left out of the query. */
  ignored: string[];
  /** More events follow (ask again with offset + limit). */
  more: boolean;
  /** An index build or refresh is running: results may be incomplete. */
  indexing: boolean;
}

export interface IndexStatus {
  state: 'ready' | 'building' | 'refreshing' | 'closed';
  /** Events done / to do in the running build or refresh. */
  done: number;
  total: number;
  events: number;
  segments: number;
  quotes: number;
  /** Where the index lives (a cache: deleting it only costs a rebuild). */
  file: string;
}

export interface RefreshReport {
  /** Events indexed again (new or changed). */
  indexed: string[];
  /** Events dropped from the index (deleted from the archive). */
  removed: string[];
  unchanged: number;
  /** The whole index was built from nothing. */
  rebuilt: boolean;
  ms: number;
}
