/**
 * Child process of bench/search.bench.ts: one full build of an archive's search index, from
 * nothing, and its figures as one JSON line. The bench bundles it twice — as it is, and with the
 * previous stemmer (bench/legacy-stemmer.ts) in place of main/core/search/stemmer.ts — to compare
 * the two side by side.
 */
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { SearchIndex } from '../main/core/search';
import { STEMMER_VERSION } from '../main/core/search/stemmer';

const dir = process.argv[2] as string;
rmSync(path.join(dir, '.risalah'), { recursive: true, force: true });
global.gc?.();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const index = await SearchIndex.open(dir);
const buildMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const indexBytes = statSync(index.file).size;
const probe = index.search('pembinaan', { affixes: true, prefixLast: false }).total.hits;
await index.close();
process.stdout.write(`${JSON.stringify({ stemmerVersion: STEMMER_VERSION, buildMs, cpuMs: (cpu.user + cpu.system) / 1000, indexBytes, probe })}\n`);
