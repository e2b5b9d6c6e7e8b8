#!/usr/bin/env node
// Build everything the app, the CLI and the tests run:
//   dist/cli.js               the `risalah` command (bin/risalah.js loads it)
//   dist/electron/main.js     the Electron main process
//   dist/electron/preload.cjs the sandboxed preload (CommonJS, bundled)
//   dist/workers/             child-process entries (the VAD, speaker diarization)
//   dist/search-data/         the search stemmer's dictionary of roots, with its licence
//                             (main/core/search/data, read at run time)
//   dist/renderer/            the React UI (Vite)
//   build/native/             the whisper sidecar (scripts/build-native.mjs; whisper.cpp is cached
//                             in ~/.cache/risalah, so this is quick after the first time)
// Runs as `npm run build` and in `npm ci`'s prepare step.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { cp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const log = (msg) => process.stderr.write(`[build] ${msg}\n`);

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  log(`Node ${process.version} is too old: Risalah needs Node 24 (see README).`);
  process.exit(1);
}

await rm(path.join(root, 'dist'), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node24',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Dependencies stay in node_modules (native addons, lazily loaded packages).
  packages: 'external',
  banner: {
    js: "import { createRequire as __risalahCreateRequire } from 'node:module'; const require = __risalahCreateRequire(import.meta.url);",
  },
};

await Promise.all([
  esbuild({ ...common, entryPoints: ['main/cli/index.ts'], outfile: 'dist/cli.js', format: 'esm' }),
  // Child-process entries (heavy work out of the app's main process and the web host).
  esbuild({ ...common, entryPoints: ['main/core/transcription/vad-worker.ts'], outfile: 'dist/workers/vad-worker.mjs', format: 'esm' }),
  esbuild({ ...common, entryPoints: ['main/core/diarization/diarize-worker.ts'], outfile: 'dist/workers/diarize-worker.mjs', format: 'esm' }),
  esbuild({
    ...common,
    entryPoints: ['main/electron/main.ts'],
    outfile: 'dist/electron/main.js',
    format: 'esm',
    external: ['electron'],
  }),
  // A sandboxed preload can require only `electron`: bundle everything else into it.
  esbuild({
    ...common,
    entryPoints: ['main/electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    packages: undefined,
    banner: undefined,
    external: ['electron'],
    platform: 'browser',
    minify: true,
  }),
]);
// Data the bundles read at run time (a separate file, under its own licence: see its README.md).
await cp(path.join(root, 'main', 'core', 'search', 'data'), path.join(root, 'dist', 'search-data'), { recursive: true });
log('main, cli and preload bundled');

await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', root: path.join(root, 'renderer') });
log('renderer built');

// whisper.cpp and our sidecar (cached outside the clone: a no-op when nothing changed).
if (!process.argv.includes('--no-native')) {
  const { buildNative } = await import('./build-native.mjs');
  await buildNative({ log: (line) => log(`native: ${line}`) });
}

log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
