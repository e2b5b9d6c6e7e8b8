#!/usr/bin/env node
// Run a TypeScript entry point of this repo (benchmarks, test drivers) with Node: bundle it with
// esbuild into a temporary .mjs (dependencies stay in node_modules), then import it.
//   node scripts/run-ts.mjs bench/archive.bench.ts [args…]
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A fresh folder inside node_modules/.cache, so the bundle resolves the repo's dependencies. */
export function runDir() {
  const base = path.join(root, 'node_modules', '.cache', 'risalah-run');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, 'run-'));
}

export async function bundleTs(entry, outDir = runDir()) {
  const outfile = path.join(outDir, `${path.basename(entry).replace(/\.[mc]?tsx?$/, '')}.mjs`);
  await build({
    absWorkingDir: root,
    entryPoints: [path.resolve(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __risalahCreateRequire } from 'node:module'; const require = __risalahCreateRequire(import.meta.url);",
    },
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node scripts/run-ts.mjs FILE.ts [args…]\n');
    process.exit(2);
  }
  const dir = runDir();
  const out = await bundleTs(entry, dir);
  process.argv = [process.argv[0], out, ...args];
  try {
    await import(pathToFileURL(out).href);
  } finally {
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
}
