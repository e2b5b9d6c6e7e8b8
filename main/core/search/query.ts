/**
 * What a search query means.
 *
 * Owns: reading what a person typed into terms (words, quoted phrases, prefixes), leaving out
 * function words, expanding glossary acronyms both ways, and turning the terms into an FTS5
 * expression built from tokens only — every token is quoted, so nothing a person types (`"`, `*`,
 * `-`, `:`, `OR`, `NEAR(`, parentheses) can change the expression's structure or make it fail.
 * Also the highlighter that marks in a text the words a query matched.
 *
 * Rules (docs/search.md, "Matching"):
 *  - words are ANDed; `"…"` is a phrase (an unclosed quote runs to the end);
 *  - `word*` is a prefix (at least 3 letters); while typing, the last word is a prefix too when
 *    it has at least 4 letters (`prefixLast`, on by default) — a shorter last word is left out
 *    until it grows, unless it is the only word;
 *  - a word that the tokenizer splits (`anak-anak`, `PAS-12.HH.05`) is a phrase of its parts;
 *  - function words (STOPWORDS) are left out of a query that has other words;
 *  - with `affixes`, words match by stem (stemmer.ts) in the stems column;
 *  - a term (or a run of words) equal to a glossary term or expansion also matches the other
 *    side, as a phrase ("Ditjenpas" ⇄ "Direktorat Jenderal Pemasyarakatan").
 */
import type { GlossaryEntry } from '../../api/schemas';
import { stem } from './stemmer';
import { STOPWORDS, tokenize } from './text';

export const MIN_PREFIX = 3;
export const MIN_TYPING_PREFIX = 4;
const MAX_QUERY_CHARS = 500;
const MAX_TERMS = 16;
const MAX_TOKEN_CHARS = 64;

export interface QueryTerm {
  /** Folded tokens: one for a word, several for a phrase. */
  tokens: string[];
  /** The last token is a prefix. */
  prefix: boolean;
  /** The prefix is only there because the word is being typed (not an explicit `*`). */
  typing: boolean;
  /** Typed in quotes. */
  quoted: boolean;
  /** Glossary equivalents (token sequences, matched as phrases). */
  alternatives: string[][];
}

export interface ParsedQuery {
  terms: QueryTerm[];
  /** Function words left out. */
  dropped: string[];
  /** Every term is a function word: they are kept, and results are ranked by date. */
  stopwordsOnly: boolean;
}

export interface ParseOptions {
  /** The last word is a prefix while typing (default true). */
  prefixLast?: boolean;
  glossary?: readonly GlossaryEntry[];
}

interface RawTerm {
  tokens: string[];
  prefix: boolean;
  /** The prefix comes from typing (not an explicit `*`). */
  typing: boolean;
  quoted: boolean;
}

/** Split what was typed into terms. Never throws. */
function lex(input: string, prefixLast: boolean): RawTerm[] {
  const s = input.slice(0, MAX_QUERY_CHARS);
  const out: RawTerm[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const close = s.indexOf('"', i + 1);
      const body = close === -1 ? s.slice(i + 1) : s.slice(i + 1, close);
      i = close === -1 ? s.length : close + 1;
      const explicit = /\*\s*$/.test(body) || s[i] === '*';
      if (s[i] === '*') i++;
      const typing = !explicit && prefixLast && close === -1 && !/\s$/.test(body);
      out.push({ tokens: tokenize(body), prefix: explicit || typing, typing, quoted: true });
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j] as string) && s[j] !== '"') j++;
    const word = s.slice(i, j);
    const explicit = /\*$/.test(word);
    const typing = !explicit && prefixLast && j === s.length;
    out.push({ tokens: tokenize(word), prefix: explicit || typing, typing, quoted: false });
    i = j;
  }
  return out
    .map((t) => ({ ...t, tokens: t.tokens.filter((k) => k.length <= MAX_TOKEN_CHARS) }))
    .filter((t) => t.tokens.length > 0);
}

/** A glossary as token sequences: "a b c" → the other side(s). */
export type GlossaryMap = Map<string, string[][]>;

export function glossaryMap(glossary: readonly GlossaryEntry[] = []): GlossaryMap {
  const map: GlossaryMap = new Map();
  const add = (from: string[], to: string[]) => {
    if (!from.length || !to.length || from.join(' ') === to.join(' ')) return;
    const key = from.join(' ');
    const list = map.get(key) ?? [];
    if (!list.some((l) => l.join(' ') === to.join(' '))) list.push(to);
    map.set(key, list);
  };
  for (const entry of glossary) {
    const term = tokenize(entry.term ?? '');
    const expansion = tokenize(entry.expansion ?? '');
    add(term, expansion);
    add(expansion, term);
  }
  return map;
}

/** Read a query (see the header for the rules). */
export function parseQuery(input: string, options: ParseOptions & { glossaryMap?: GlossaryMap } = {}): ParsedQuery {
  const prefixLast = options.prefixLast ?? true;
  const gmap = options.glossaryMap ?? glossaryMap(options.glossary);
  let raw = lex(typeof input === 'string' ? input : '', prefixLast);

  // Prefixes need enough letters to mean something (and to stay fast).
  raw = raw.flatMap((t) => {
    if (!t.prefix) return [t];
    const last = t.tokens[t.tokens.length - 1] as string;
    const min = t.typing ? MIN_TYPING_PREFIX : MIN_PREFIX;
    if (last.length >= min) return [t];
    // Too short: a word being typed is left out (unless it is all there is); otherwise whole words.
    if (t.typing && !t.quoted && t.tokens.length === 1 && raw.length > 1) return [];
    return [{ ...t, prefix: false }];
  });

  // Glossary: whole terms, and runs of plain words (longest run first).
  const terms: QueryTerm[] = [];
  for (let i = 0; i < raw.length; ) {
    const t = raw[i] as RawTerm;
    let matched = false;
    if (!t.quoted && t.tokens.length === 1) {
      for (let n = Math.min(raw.length - i, 8); n >= 2; n--) {
        const run = raw.slice(i, i + n);
        if (!run.every((r) => !r.quoted && r.tokens.length === 1)) continue;
        const tokens = run.map((r) => r.tokens[0] as string);
        const alts = gmap.get(tokens.join(' '));
        if (!alts) continue;
        const last = run[n - 1] as RawTerm;
        terms.push({ tokens, prefix: last.prefix, typing: last.typing, quoted: false, alternatives: alts });
        i += n;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    terms.push({ tokens: t.tokens, prefix: t.prefix, typing: t.typing, quoted: t.quoted, alternatives: gmap.get(t.tokens.join(' ')) ?? [] });
    i++;
  }

  // Function words: out of a query that has other words; kept as whole words when alone.
  const isStop = (t: QueryTerm) =>
    !t.quoted && (!t.prefix || t.typing) && t.tokens.length === 1 && !t.alternatives.length && STOPWORDS.has(t.tokens[0] as string);
  const content = terms.filter((t) => !isStop(t));
  const dropped = content.length ? terms.filter(isStop).map((t) => t.tokens[0] as string) : [];
  const kept = (content.length ? content : terms.map((t) => ({ ...t, prefix: false, typing: false }))).slice(0, MAX_TERMS);
  return { terms: kept, dropped, stopwordsOnly: kept.length > 0 && content.length === 0 };
}

// ---- FTS5 expressions ---------------------------------------------------------------------

/** A quoted FTS5 string of tokens: letters and digits only, whatever the caller passed. */
function str(tokens: readonly string[]): string {
  return `"${tokens.join(' ').replace(/[^\p{L}\p{N}\p{Co}]+/gu, ' ').trim()}"`;
}

function cols(names: readonly string[]): string {
  return `{${names.join(' ')}}`;
}

export interface MatchColumns {
  /** Columns holding the text as written. */
  text: readonly string[];
  /** Columns holding the stems of the text. */
  stems: readonly string[];
  /** The column holding the speaker's name (for the speaker filter). */
  speaker?: string;
}

/**
 * Completions of a prefix, most frequent first (from the index's vocabulary), or null to let
 * FTS5 expand the prefix itself.
 */
export type PrefixExpander = (prefix: string) => string[] | null;

export interface MatchOptions {
  affixes?: boolean;
  /** Tokens that the speaker column must all have. */
  speaker?: readonly string[];
  expand?: PrefixExpander;
}

/** A prefix term: its completions as whole words (bounded work), or an FTS5 prefix. */
function prefixExpr(tokens: readonly string[], textCols: string, expand: PrefixExpander | undefined): string {
  const head = tokens.slice(0, -1);
  const last = tokens[tokens.length - 1] as string;
  const completions = expand?.(last);
  if (!completions?.length) return `${textCols} : ${str(tokens)} *`;
  const list = head.length ? completions.slice(0, 8) : completions;
  const alts = list.map((w) => `${textCols} : ${str([...head, w])}`);
  return alts.length === 1 ? (alts[0] as string) : `(${alts.join(' OR ')})`;
}

/** One term as an FTS5 expression over the given columns. */
function termExpr(term: QueryTerm, c: MatchColumns, options: MatchOptions): string {
  const parts: string[] = [];
  if (options.affixes) parts.push(`${cols(c.stems)} : ${str(term.tokens.map(stem))}`);
  if (term.prefix) parts.push(prefixExpr(term.tokens, cols(c.text), options.expand));
  else if (!options.affixes) parts.push(`${cols(c.text)} : ${str(term.tokens)}`);
  for (const alt of term.alternatives) parts.push(`${cols(c.text)} : ${str(alt)}`);
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
}

/**
 * The MATCH expression for a query over a table, or null when there is nothing to match.
 * `speaker` (tokens) restricts to rows whose speaker column has all of them; `expand` turns
 * prefixes into their most frequent completions.
 */
export function buildMatch(parsed: ParsedQuery, c: MatchColumns, options: MatchOptions = {}): string | null {
  const parts = parsed.terms.map((t) => termExpr(t, c, options));
  if (options.speaker?.length) {
    if (!c.speaker) return null;
    for (const token of options.speaker) parts.push(`${cols([c.speaker])} : ${str([token])}`);
  }
  return parts.length ? parts.join(' AND ') : null;
}

// ---- highlighting -------------------------------------------------------------------------

export interface Highlighter {
  /** Does this folded token match the query? */
  matches(token: string): boolean;
  /**
   * The same test as one case-insensitive regular expression over text (whole words), when no
   * word needs stemming; null otherwise.
   */
  pattern: RegExp | null;
}

export interface HighlightOptions {
  /** The archive's words that have a stem (affix matching without stemming each word shown). */
  wordsWithStem?: (stem: string) => string[];
  /** Also stem the words not found that way (fine for a few short texts; stemming is not free). */
  stemUnknown?: boolean;
}

export function highlighter(parsed: ParsedQuery, affixes: boolean, options: HighlightOptions = {}): Highlighter {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const stems = new Set<string>();
  for (const term of parsed.terms) {
    term.tokens.forEach((token, i) => {
      if (term.prefix && i === term.tokens.length - 1) prefixes.push(token);
      else exact.add(token);
      if (affixes) {
        const s = stem(token);
        stems.add(s);
        for (const w of options.wordsWithStem?.(s) ?? []) exact.add(w);
      }
    });
    for (const alt of term.alternatives) for (const token of alt) exact.add(token);
  }
  const stemAll = affixes && (options.stemUnknown === true || !options.wordsWithStem);
  const W = '\\p{L}\\p{N}\\p{Co}';
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = [...[...exact].map(escape), ...prefixes.map((p) => `${escape(p)}[${W}]*`)];
  const pattern = stemAll || !alternatives.length ? null : new RegExp(`(?<![${W}])(?:${alternatives.join('|')})(?![${W}])`, 'giu');
  return {
    pattern,
    matches(token: string): boolean {
      if (exact.has(token)) return true;
      for (const p of prefixes) if (token.startsWith(p)) return true;
      return stemAll && stems.has(stem(token));
    },
  };
}
