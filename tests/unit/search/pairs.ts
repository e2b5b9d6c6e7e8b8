/**
 * The stemmer's test sets (tests/unit/search/data/README.md): word/root pairs, and whether a
 * search for the root with affixes finds the word — at the level of stems, as the index matches
 * them: the stems of the root's words, in order, among the stems of the word's tokens.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tokenize } from '../../../main/core/search/text';

export interface Pair {
  word: string;
  root: string;
}

export const SETS = ['sastrawi', 'hunspell', 'risalah'] as const;
export type SetName = (typeof SETS)[number];

/** Every pair of a set (`affixedOnly`: without the pairs whose word is its own root). */
export function loadPairs(set: SetName, affixedOnly = true): Pair[] {
  const text = readFileSync(path.join(import.meta.dirname, 'data', `${set}-pairs.tsv`), 'utf8');
  const pairs = text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [word, root] = l.split('\t') as [string, string];
      return { word: word.trim(), root: root.trim() };
    });
  return affixedOnly ? pairs.filter((p) => p.word.toLowerCase() !== p.root.toLowerCase()) : pairs;
}

/** Whether searching `root` with affixes finds `word`, for a stemmer. */
export function foundByStems(stem: (w: string) => string, { word, root }: Pair): boolean {
  const q = tokenize(root).map(stem);
  const t = tokenize(word).map(stem);
  for (let i = 0; i + q.length <= t.length; i++) if (q.every((s, k) => t[i + k] === s)) return true;
  return false;
}

export const percent = (n: number, of: number): string => `${((100 * n) / of).toFixed(1)} %`;
