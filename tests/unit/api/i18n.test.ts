/**
 * The locale catalogs: every key in both languages, every key the code uses exists, and every
 * error code, event type and language has its message.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../main/api/errors';
import { formatLongDate } from '../../../main/api/format';
import { catalogs, LANGUAGES } from '../../../main/api/locales';
import { ARCHIVE_PROBLEM_CODES, EVENT_TYPES } from '../../../main/api/schemas';
import { repoRoot } from '../../helpers/tmp';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** i18next plural keys (`count_one`, `count_other`) are used as `count`. */
const baseKey = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(name)) out.push(full);
  }
  return out;
}

const keys = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(catalogs[l] as unknown as Tree)])) as Record<
  (typeof LANGUAGES)[number],
  Map<string, string>
>;

describe('locale catalogs', () => {
  it('have the same keys in Indonesian and English', () => {
    const id = [...keys.id.keys()].sort();
    const en = [...keys.en.keys()].sort();
    expect(id.filter((k) => !keys.en.has(k))).toEqual([]);
    expect(en.filter((k) => !keys.id.has(k))).toEqual([]);
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of keys.id) expect({ k, vars: vars(keys.en.get(k) ?? '') }).toEqual({ k, vars: vars(v) });
  });

  it('contain every key the code uses literally', () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles(path.join(repoRoot, 'renderer')), ...sourceFiles(path.join(repoRoot, 'main'))]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(10);
    const known = new Set([...keys.id.keys()].map(baseKey));
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });

  it('have a message for every error code, event type and language', () => {
    for (const lang of LANGUAGES) {
      for (const code of ERROR_CODES) expect(keys[lang].has(`errors.${code}`), `${lang} errors.${code}`).toBe(true);
      for (const type of EVENT_TYPES) expect(keys[lang].has(`event.types.${type}`), `${lang} ${type}`).toBe(true);
      for (const l of LANGUAGES) expect(keys[lang].has(`languages.${l}`)).toBe(true);
      for (const p of ARCHIVE_PROBLEM_CODES) expect(keys[lang].has(`archive.problem.${p}`)).toBe(true);
    }
  });

  it('write dates the Indonesian way through Intl', () => {
    expect(formatLongDate('2025-07-01', 'id')).toBe('Selasa, 1 Juli 2025');
    expect(formatLongDate('2025-07-01', 'en')).toMatch(/^Tuesday,? 1 July 2025$/);
  });
});
