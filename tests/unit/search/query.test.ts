/**
 * Reading queries and building FTS5 expressions: the structure of the expression comes only
 * from us; everything typed ends up inside quoted strings of letters and digits.
 */
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GLOSSARY } from '../../../main/core/archive/defaults';
import { buildMatch, glossaryMap, parseQuery } from '../../../main/core/search/query';

const COLS = { text: ['text'], stems: ['stems'], speaker: 'speaker' };
const gmap = glossaryMap(DEFAULT_GLOSSARY);
const terms = (q: string, prefixLast = true) =>
  parseQuery(q, { glossaryMap: gmap, prefixLast }).terms.map((t) => `${t.quoted ? '"' : ''}${t.tokens.join(' ')}${t.prefix ? '*' : ''}${t.alternatives.length ? ` [${t.alternatives.map((a) => a.join(' ')).join(' | ')}]` : ''}`);

describe('reading a query', () => {
  it('words, phrases, prefixes', () => {
    expect(terms('kolaborasi "warga binaan" pemasya*', false)).toEqual(['kolaborasi', '"warga binaan', 'pemasya*']);
    expect(terms('kolaborasi lapa')).toEqual(['kolaborasi', 'lapa*']);
    expect(terms('kolaborasi lapa ')).toEqual(['kolaborasi', 'lapa']);
    expect(terms('kolaborasi la')).toEqual(['kolaborasi']); // too short to be a prefix yet
    expect(terms('la')).toEqual(['la']);
    expect(terms('"warga bina')).toEqual(['"warga bina*']);
    expect(terms('"warga bin')).toEqual(['"warga bin']);
    expect(terms('p*', false)).toEqual(['p']); // a one-letter prefix is a word
  });

  it('splits what the tokenizer splits into a phrase', () => {
    expect(terms('anak-anak PAS-12.HH.05', false)).toEqual(['anak anak', 'pas 12 hh 05']);
  });

  it('leaves out function words unless they are all there is, or quoted', () => {
    const q = parseQuery('yang kolaborasi dan pembinaan', { prefixLast: false });
    expect(q.terms.map((t) => t.tokens.join(' '))).toEqual(['kolaborasi', 'pembinaan']);
    expect(q.dropped).toEqual(['yang', 'dan']);
    expect(parseQuery('yang dan', {}).terms.map((t) => t.tokens.join(' '))).toEqual(['yang']); // "dan" is still being typed
    const only = parseQuery('yang dan ', {});
    expect(only.stopwordsOnly).toBe(true);
    expect(only.terms.map((t) => [t.tokens.join(' '), t.prefix])).toEqual([['yang', false], ['dan', false]]);
    expect(parseQuery('"yang dan" lapas', {}).terms).toHaveLength(2);
  });

  it('expands glossary terms both ways, longest run first', () => {
    expect(terms('Ditjenpas', false)).toEqual(['ditjenpas [direktorat jenderal pemasyarakatan]']);
    expect(terms('direktorat jenderal pemasyarakatan kolaborasi', false)).toEqual(['direktorat jenderal pemasyarakatan [ditjenpas]', 'kolaborasi']);
    expect(terms('direktur jenderal pemasyarakatan', false)).toEqual(['direktur jenderal pemasyarakatan [dirjenpas]']);
    expect(terms('direktur jenderal', false)).toEqual(['direktur jenderal [dirjen]']);
    expect(terms('"rumah tahanan negara"', false)).toEqual(['"rumah tahanan negara [rutan]']);
    expect(terms('MoU', false)).toEqual(['mou [nota kesepahaman]']);
  });
});

describe('FTS5 expressions', () => {
  const hostile = ['"', '*', '-', ':', 'OR', 'NEAR(', ')', '(', '{text}', 'a"b', 'NOT lapas', '^', '+', "'", '\\"', 'col:x', 'x*y*z'];

  it('quote every token: operators typed are only words', () => {
    for (const q of hostile) {
      const expr = buildMatch(parseQuery(q, { glossaryMap: gmap }), COLS, { affixes: true, speaker: ['ma"sh'] });
      if (expr === null) continue;
      // Outside quoted strings, only our own syntax: column filters, AND/OR, parentheses, *.
      const outside = expr.replace(/"(?:[^"]|"")*"/g, '').replace(/\{text\}|\{stems\}|\{speaker\}/g, '');
      expect(outside).toMatch(/^[\s:()*]*(?:(?:AND|OR)[\s:()*]*)*$/);
      // Inside quotes, letters, digits and spaces only.
      for (const m of expr.matchAll(/"((?:[^"]|"")*)"/g)) expect(m[1]).toMatch(/^[\p{L}\p{N} ]*$/u);
    }
  });

  it('builds expressions FTS5 accepts, for every mode', () => {
    const db = new DatabaseSync(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5 (text, stems, speaker, tokenize = 'unicode61 remove_diacritics 2')");
    db.prepare('INSERT INTO t (text, stems, speaker) VALUES (?, ?, ?)').run('Direktorat Jenderal Pemasyarakatan membina warga binaan', 'direktorat jenderal pemasyarakatan bina warga bina', 'Mashudi');
    const st = db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?');
    for (const q of [...hostile, 'Ditjenpas', '"warga bin', 'pembinaan', 'mem*', 'anak-anak', 'kolaborasi yang']) {
      for (const affixes of [false, true]) {
        const expr = buildMatch(parseQuery(q, { glossaryMap: gmap }), COLS, { affixes });
        if (expr !== null) expect(() => st.get(expr)).not.toThrow();
      }
    }
    expect(st.get(buildMatch(parseQuery('Ditjenpas', { glossaryMap: gmap }), COLS) as string)).toEqual({ n: 1 });
    expect(st.get(buildMatch(parseQuery('pembinaan', { prefixLast: false }), COLS) as string)).toEqual({ n: 0 });
    expect(st.get(buildMatch(parseQuery('pembinaan', { prefixLast: false }), COLS, { affixes: true }) as string)).toEqual({ n: 1 });
    expect(st.get(buildMatch(parseQuery('warga', {}), COLS, { speaker: ['mashudi'] }) as string)).toEqual({ n: 1 });
    expect(st.get(buildMatch(parseQuery('warga', {}), COLS, { speaker: ['rika'] }) as string)).toEqual({ n: 0 });
    db.close();
  });

  it('has nothing to match for an empty query', () => {
    for (const q of ['', '   ', '"', '*', '-', '""']) expect(buildMatch(parseQuery(q, {}), COLS)).toBeNull();
  });
});
