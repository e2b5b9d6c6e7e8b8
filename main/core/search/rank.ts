/**
 * Relevance of transcript segments: BM25.
 *
 * Owns: the BM25 score of a segment for a query (k1 = 1.2, b = 0.75; IDF = ln(1 + (N − df + ½) /
 * (df + ½)), always positive), from the segment's own words and the collection statistics kept
 * in the index (segments N, average words per segment, and the segments each word and each stem
 * occur in). It is the formula of FTS5's bm25() (with Lucene's IDF, which never goes negative
 * for a very common word), computed here because FTS5 computes its IDF with a pass over every
 * row that has the term, whatever LIMIT says — 18 ms for a word said in 100 000 segments — while
 * the statistics here are one lookup per word. Term frequencies come
 * from the segment's text, matched the way the query matched it (word, phrase, prefix, stem,
 * glossary equivalents).
 */
import type { ParsedQuery } from './query';
import { stem } from './stemmer';
import { fold } from './text';

const K1 = 1.2;
const B = 0.75;

export interface CollectionStats {
  segments: number;
  avgTokens: number;
  /** Segments containing a word. */
  df(word: string): number;
  /** Segments containing a stem. */
  stemDf(stem: string): number;
  /** The most frequent words starting with a prefix. */
  completions(prefix: string): string[];
  /** The words of the archive that have a stem. */
  wordsWithStem(stem: string): string[];
}

interface RankTerm {
  idf: number;
  /** Word patterns over the folded text (a stem stands for the words that have it). */
  patterns: RegExp[];
}

const WORD = '\\p{L}\\p{N}\\p{Co}';
const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A sequence of words as a regular expression over folded text: each position is one word or any
 * of several (the words of a stem); the last may be a prefix.
 */
export function wordRegExp(positions: readonly (readonly string[])[], prefixLast: boolean): RegExp {
  const alt = (words: readonly string[]) => (words.length === 1 ? escape(words[0] as string) : `(?:${words.map(escape).join('|')})`);
  const body = positions.map(alt).join(`[^${WORD}]+`) + (prefixLast ? `[${WORD}]*` : `(?![${WORD}])`);
  return new RegExp(`(?<![${WORD}])${body}`, 'gu');
}

function occurrences(folded: string, re: RegExp): number {
  re.lastIndex = 0;
  let count = 0;
  while (re.exec(folded) !== null) count++;
  return count;
}

export class Ranker {
  private readonly terms: RankTerm[];
  private readonly avg: number;

  constructor(parsed: ParsedQuery, affixes: boolean, stats: CollectionStats) {
    const n = Math.max(1, stats.segments);
    this.avg = stats.avgTokens > 0 ? stats.avgTokens : 1;
    const idf = (df: number) => Math.log(1 + (n - Math.min(df, n) + 0.5) / (Math.min(df, n) + 0.5));
    const wordDf = (tokens: readonly string[], prefixLast: boolean) =>
      Math.min(
        ...tokens.map((t, i) =>
          prefixLast && i === tokens.length - 1 ? stats.completions(t).reduce((s, w) => s + stats.df(w), 0) : stats.df(t),
        ),
      );
    this.terms = parsed.terms.map((term) => {
      const patterns: RegExp[] = [];
      let df = 0;
      if (affixes) {
        const stems = term.tokens.map(stem);
        // The words of each stem, and the word itself (a word not in the segments has no entry).
        patterns.push(wordRegExp(stems.map((s, i) => [...new Set([term.tokens[i] as string, ...stats.wordsWithStem(s)])]), false));
        df += Math.min(...stems.map((s) => stats.stemDf(s)));
      }
      if (term.prefix || !affixes) {
        patterns.push(wordRegExp(term.tokens.map((t) => [t]), term.prefix));
        df += wordDf(term.tokens, term.prefix);
      }
      for (const alt of term.alternatives) {
        patterns.push(wordRegExp(alt.map((t) => [t]), false));
        df += wordDf(alt, false);
      }
      return { idf: idf(df), patterns };
    });
  }

  /** BM25 of a text of `length` words (higher is more relevant). */
  score(text: string, length: number): number {
    const folded = fold(text);
    const norm = K1 * (1 - B + (B * length) / this.avg);
    let score = 0;
    for (const term of this.terms) {
      let tf = 0;
      for (const re of term.patterns) tf += occurrences(folded, re);
      if (tf > 0) score += (term.idf * tf * (K1 + 1)) / (tf + norm);
    }
    return score;
  }
}
