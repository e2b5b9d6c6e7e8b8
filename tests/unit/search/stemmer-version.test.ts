/**
 * A new stemmer rebuilds the indexes made by the previous one: an index built with the previous
 * stemmer (bench/legacy-stemmer.ts, STEMMER_VERSION 1, swapped in for the first open) stores the
 * stems it made; opened by this version it is rebuilt, and affixed words it missed are found.
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Archive } from '../../../main/core/archive/archive';
import { tempDir } from '../../helpers/tmp';
import { recording, writeMachine } from './fixture';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('risalah-stemmer-version-');
});
afterEach(() => {
  vi.doUnmock('../../../main/core/search/stemmer');
  vi.resetModules();
  tmp.cleanup();
});

const formatOf = (file: string): unknown => {
  const db = new DatabaseSync(file);
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value: string }).value;
  } finally {
    db.close();
  }
};

it('an index built by the previous stemmer is rebuilt with the new stems when opened', async () => {
  const dir = path.join(tmp.dir, 'arsip');
  const archive = await Archive.open(dir);
  const id = (await archive.createEvent({ title: 'Apel pagi', date: '2025-07-01', type: 'upacara' })).id;
  await archive.mutateEvent(id, (e) => ({ ...e, recordings: [recording('rec-1', 'Sambutan', 20)] }));
  await writeMachine(archive, id, 'rec-1', [
    [0, 5, 'Bajumu rapi, rambutmu disisir.'],
    [5, 10, 'Pelanggaran ditindaklanjuti dengan pembinaan.'],
  ]);

  vi.doMock('../../../main/core/search/stemmer', () => import('../../../bench/legacy-stemmer'));
  vi.resetModules();
  const before = await import('../../../main/core/search');
  const legacy = await import('../../../main/core/search/stemmer');
  expect(legacy.STEMMER_VERSION).toBe(1);
  const old = await before.SearchIndex.open(dir);
  expect(old.search('baju', { affixes: true, prefixLast: false }).total.hits).toBe(0); // bajumu: -mu was not cut
  expect(old.search('rambut', { affixes: true, prefixLast: false }).total.hits).toBe(0);
  expect(old.search('bina', { affixes: true, prefixLast: false }).total.hits).toBe(1);
  const file = old.file;
  await old.close();
  expect(formatOf(file)).toBe('4.1');

  vi.doUnmock('../../../main/core/search/stemmer');
  vi.resetModules();
  const now = await import('../../../main/core/search');
  const { STEMMER_VERSION } = await import('../../../main/core/search/stemmer');
  expect(STEMMER_VERSION).toBeGreaterThan(1);
  const index = await now.SearchIndex.open(dir);
  try {
    expect(index.search('baju', { affixes: true, prefixLast: false }).total.hits).toBe(1);
    expect(index.search('rambut', { affixes: true, prefixLast: false }).total.hits).toBe(1);
    expect(index.search('bina', { affixes: true, prefixLast: false }).total.hits).toBe(1);
    expect(index.search('langgar', { affixes: true, prefixLast: false }).total.hits).toBe(1);
  } finally {
    await index.close();
  }
  expect(formatOf(file)).toBe(`4.${STEMMER_VERSION}`);
});
