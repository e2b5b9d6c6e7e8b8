#!/usr/bin/env node
/**
 * Native build of the transcription engine.
 *
 * Owns: building whisper.cpp (the copy vendored by nodejs-whisper, pinned to 1.9.1, patched by
 * native/patches/) into a per-machine cache, and building our sidecar `risalah-whisper`
 * (native/sidecar/) into the clone at build/native/.
 *
 *   node scripts/build-native.mjs [--portable] [--force]
 *   import { buildNative } from './build-native.mjs'; await buildNative({ flavor, log });
 *
 * Flavors:
 *   native    (default) GGML_NATIVE=ON, static libraries: fastest on this machine; dev and tests.
 *   portable  GGML_NATIVE=OFF GGML_BACKEND_DL=ON GGML_CPU_ALL_VARIANTS=ON, shared libraries with
 *             RUNPATH $ORIGIN; the CPU kernels are picked at run time (packaging).
 *
 * whisper.cpp is cached OUTSIDE the clone, in
 *   ${RISALAH_CACHE:-~/.cache/risalah}/whisper.cpp/<version>-<flavor>-<hash>/{bin,lib,include,build-info.json}
 * where <hash> covers the cmake flags, the compilers' versions, the patch and (native flavor) the
 * CPU, so CI and `npm ci` on one machine build it once. It is built in a temporary directory and
 * renamed into place only when complete, so an interrupted build never leaves a cache entry.
 *
 * The sidecar is rebuilt only when its sources, the compiler or the whisper.cpp build changed
 * (build/native/.stamp.json).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyWhisperPatches, PATCH_ID } from '../native/patches/whisper-1.9.1.mjs';

export const WHISPER_VERSION = '1.9.1';
/** Bump when this script changes what ends up in the whisper.cpp cache. */
const RECIPE_VERSION = 1;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WHISPER_SRC = path.join(REPO_ROOT, 'node_modules', 'nodejs-whisper', 'cpp', 'whisper.cpp');
const SIDECAR_SRC = path.join(REPO_ROOT, 'native', 'sidecar');
const PATCH_FILE = path.join(REPO_ROOT, 'native', 'patches', 'whisper-1.9.1.mjs');
export const NATIVE_OUT = path.join(REPO_ROOT, 'build', 'native');

const IS_WIN = process.platform === 'win32';
const EXE = IS_WIN ? '.exe' : '';
const JOBS = Math.max(1, Math.min(2, os.availableParallelism?.() ?? 2));

class BuildError extends Error {}

export function cacheRoot() {
  return process.env.RISALAH_CACHE || path.join(os.homedir(), '.cache', 'risalah');
}

// ---------------------------------------------------------------------------------------------
// tools

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { ok: !r.error && r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

function firstLine(s) {
  return (s.split(/\r?\n/).find((l) => l.trim()) ?? '').trim();
}

/** Finds cmake and the C/C++ compilers; throws a BuildError naming what is missing. */
async function checkTools() {
  const cm = run('cmake', ['--version']);
  if (!cm.ok) {
    throw new BuildError(
      'cmake was not found on PATH. Install cmake >= 3.14 (Debian/Ubuntu: apt-get install cmake; ' +
        'macOS: brew install cmake; Windows: Visual Studio "C++ CMake tools").',
    );
  }
  const m = /cmake version (\d+)\.(\d+)/.exec(cm.stdout);
  if (!m || Number(m[1]) < 3 || (Number(m[1]) === 3 && Number(m[2]) < 14)) {
    throw new BuildError(`cmake >= 3.14 is required, found: ${firstLine(cm.stdout)}`);
  }
  const tools = { cmake: firstLine(cm.stdout), cxx: 'msvc', cc: 'msvc' };
  if (IS_WIN) return tools; // cmake locates MSVC itself

  const cxx = process.env.CXX || 'c++';
  const cc = process.env.CC || 'cc';
  const cxxv = run(cxx, ['--version']);
  if (!cxxv.ok) {
    throw new BuildError(
      `No C++ compiler found (tried "${cxx}"; set CXX to choose one). A C++17 compiler is required: ` +
        'Debian/Ubuntu: apt-get install g++ (or build-essential); macOS: xcode-select --install.',
    );
  }
  const ccv = run(cc, ['--version']);
  if (!ccv.ok) {
    throw new BuildError(
      `No C compiler found (tried "${cc}"; set CC to choose one). Debian/Ubuntu: apt-get install gcc (or build-essential).`,
    );
  }
  // The compiler must really speak C++17 (ggml and the sidecar need it).
  const dir = await mkdtemp(path.join(os.tmpdir(), 'risalah-cxx17-'));
  try {
    const src = path.join(dir, 't.cpp');
    await writeFile(src, '#include <optional>\n#include <string_view>\nint main(){ std::optional<int> o{1}; if constexpr (sizeof(int) > 0) { return *o - 1; } }\n');
    const t = run(cxx, ['-std=c++17', src, '-o', path.join(dir, 't')]);
    if (!t.ok) {
      throw new BuildError(`The C++ compiler "${cxx}" (${firstLine(cxxv.stdout)}) cannot compile C++17:\n${t.stderr.slice(0, 2000)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  tools.cxx = firstLine(cxxv.stdout);
  tools.cc = firstLine(ccv.stdout);
  return tools;
}

/** Reads the pinned version from the vendored tree; throws unless it is WHISPER_VERSION. */
async function checkWhisperSource() {
  const cml = path.join(WHISPER_SRC, 'CMakeLists.txt');
  if (!existsSync(cml)) {
    throw new BuildError(
      `whisper.cpp sources not found at ${path.relative(REPO_ROOT, WHISPER_SRC)}. ` +
        'They come with the npm package nodejs-whisper: run `npm ci` first.',
    );
  }
  const text = await readFile(cml, 'utf8');
  const m = /project\("whisper\.cpp"\s+VERSION\s+([0-9.]+)\)/.exec(text);
  const found = m?.[1] ?? 'unknown';
  if (found !== WHISPER_VERSION) {
    throw new BuildError(
      `The vendored whisper.cpp is version ${found}, but Risalah is pinned to ${WHISPER_VERSION} ` +
        '(node_modules/nodejs-whisper must be 0.3.1). Check package-lock.json.',
    );
  }
  return found;
}

function cpuFingerprint() {
  let flags = '';
  try {
    const info = spawnSync('cat', ['/proc/cpuinfo'], { encoding: 'utf8' }).stdout ?? '';
    flags = /^flags\s*:\s*(.*)$/m.exec(info)?.[1] ?? '';
  } catch {
    /* not Linux */
  }
  return `${os.arch()} ${os.cpus()[0]?.model ?? ''} ${flags}`;
}

function cmakeFlags(flavor) {
  const common = [
    '-DCMAKE_BUILD_TYPE=Release',
    '-DWHISPER_BUILD_TESTS=OFF',
    '-DWHISPER_BUILD_EXAMPLES=ON', // for whisper-cli and whisper-bench (only those targets are built)
    '-DWHISPER_BUILD_SERVER=OFF',
    '-DWHISPER_SDL2=OFF',
    '-DWHISPER_CURL=OFF',
    '-DWHISPER_COMMON_FFMPEG=OFF',
    '-DGGML_CCACHE=OFF',
    '-DGGML_OPENMP=ON',
  ];
  if (flavor === 'native') {
    return [...common, '-DGGML_NATIVE=ON', '-DBUILD_SHARED_LIBS=OFF'];
  }
  const origin = process.platform === 'darwin' ? '@loader_path' : '$ORIGIN';
  return [
    ...common,
    '-DGGML_NATIVE=OFF',
    '-DGGML_BACKEND_DL=ON',
    '-DGGML_CPU_ALL_VARIANTS=ON',
    '-DBUILD_SHARED_LIBS=ON',
    '-DCMAKE_BUILD_WITH_INSTALL_RPATH=ON',
    `-DCMAKE_INSTALL_RPATH=${origin}`,
  ];
}

async function sha256OfFiles(files) {
  const h = createHash('sha256');
  for (const f of files.sort()) {
    h.update(path.relative(REPO_ROOT, f));
    h.update('\0');
    h.update(await readFile(f));
    h.update('\0');
  }
  return h.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// process runner with concise progress

/**
 * Runs a command, writing its full output to `logFile`. Calls `onLine` per output line.
 * Rejects with the tail of the output when it fails.
 */
function runLogged(cmd, args, { cwd, logFile, onLine }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    let tail = '';
    const feed = (buf) => {
      chunks.push(buf);
      tail += buf.toString('utf8');
      const lines = tail.split('\n');
      tail = lines.pop() ?? '';
      for (const l of lines) onLine?.(l);
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    child.on('error', (e) => reject(new BuildError(`could not run ${cmd}: ${e.message}`)));
    child.on('close', async (code, signal) => {
      const all = Buffer.concat(chunks).toString('utf8');
      if (logFile) await writeFile(logFile, all, { flag: 'a' }).catch(() => {});
      if (code === 0) return resolve(all);
      const last = all.split('\n').slice(-60).join('\n');
      reject(new BuildError(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${last}`));
    });
  });
}

function progressPrinter(log, label) {
  let lastShown = -1;
  return (line) => {
    const m = /^\[\s*(\d+)%\]/.exec(line);
    if (!m) return;
    const pct = Number(m[1]);
    const bucket = Math.floor(pct / 10) * 10;
    if (bucket > lastShown) {
      lastShown = bucket;
      log(`${label} ${pct}%`);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// whisper.cpp (cached)

async function whisperCacheKey(flavor, tools) {
  const patchHash = await sha256OfFiles([PATCH_FILE]);
  const key = {
    recipe: RECIPE_VERSION,
    version: WHISPER_VERSION,
    flavor,
    flags: cmakeFlags(flavor),
    tools,
    patch: PATCH_ID,
    patchHash,
    platform: process.platform,
    arch: process.arch,
    cpu: flavor === 'native' ? cpuFingerprint() : '',
  };
  const hash = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 12);
  return { key, name: `${WHISPER_VERSION}-${flavor}-${hash}` };
}

function isPidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Removes temporary build dirs left by builds that were interrupted (their process is gone). */
async function removeStaleTemps(dir) {
  let entries;
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const m = /^\.tmp-.*-p(\d+)-/.exec(e);
    if (m && !isPidAlive(Number(m[1]))) await rm(path.join(dir, e), { recursive: true, force: true });
  }
}

async function findFiles(dir, pred, out = []) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'CMakeFiles') await findFiles(p, pred, out);
    } else if (pred(e.name, p, e)) out.push(p);
  }
  return out;
}

async function buildWhisper({ flavor, force, log, tools }) {
  const { key, name } = await whisperCacheKey(flavor, tools);
  const parent = path.join(cacheRoot(), 'whisper.cpp');
  const finalDir = path.join(parent, name);
  const infoFile = path.join(finalDir, 'build-info.json');

  if (!force && existsSync(infoFile)) {
    log(`whisper.cpp ${WHISPER_VERSION} (${flavor}): cached at ${finalDir}`);
    return { dir: finalDir, name, built: false };
  }

  await mkdir(parent, { recursive: true });
  await removeStaleTemps(parent);
  const tmp = await mkdtemp(path.join(parent, `.tmp-${name}-p${process.pid}-`));
  const started = Date.now();
  try {
    const src = path.join(tmp, 'src');
    const bld = path.join(tmp, 'build');
    const out = path.join(tmp, 'out');
    const logFile = path.join(tmp, 'build.log');

    log(`whisper.cpp ${WHISPER_VERSION} (${flavor}): copying sources and applying native/patches`);
    await cp(WHISPER_SRC, src, {
      recursive: true,
      filter: (p) => {
        const rel = path.relative(WHISPER_SRC, p);
        return !/^(\.git|build[^/\\]*|models[/\\].*\.bin)$/.test(rel);
      },
    });
    await applyWhisperPatches(src);

    log(`whisper.cpp: configuring (cmake ${cmakeFlags(flavor).filter((f) => /NATIVE|BACKEND_DL|SHARED/.test(f)).join(' ')})`);
    await runLogged('cmake', ['-S', src, '-B', bld, ...cmakeFlags(flavor)], { logFile });

    const targets = ['whisper', 'whisper-cli', 'whisper-bench'];
    if (flavor === 'portable') {
      // The CPU variants are MODULE libraries nothing links to: name them explicitly.
      const help = await runLogged('cmake', ['--build', bld, '--target', 'help'], {});
      const variants = [...help.matchAll(/^\.\.\. (ggml-cpu-[\w.]+)/gm)].map((m) => m[1]);
      if (variants.length === 0) throw new BuildError('no ggml-cpu-* variant targets found in the portable configuration');
      targets.push(...variants);
    }
    log(`whisper.cpp: compiling with -j${JOBS} (a few minutes; full log: ${logFile})`);
    await runLogged('cmake', ['--build', bld, '--config', 'Release', '-j', String(JOBS), '--target', ...targets], {
      logFile,
      onLine: progressPrinter(log, 'whisper.cpp: compiling'),
    });

    // Assemble the cache entry: bin/ (tools, and shared libs for portable), lib/ (static libs), include/.
    await mkdir(path.join(out, 'bin'), { recursive: true });
    await mkdir(path.join(out, 'lib'), { recursive: true });
    await mkdir(path.join(out, 'include', 'nlohmann'), { recursive: true });
    const binDir = existsSync(path.join(bld, 'bin', 'Release')) ? path.join(bld, 'bin', 'Release') : path.join(bld, 'bin');
    for (const tool of ['whisper-cli', 'whisper-bench']) {
      await cp(path.join(binDir, tool + EXE), path.join(out, 'bin', tool + EXE));
    }
    if (flavor === 'portable') {
      const libs = await findFiles(binDir, (n) => /\.(so(\.\d+)*|dylib|dll)$/.test(n));
      for (const f of libs) await cp(f, path.join(out, 'bin', path.basename(f)), { verbatimSymlinks: true });
      if (!libs.some((f) => /ggml-cpu/.test(path.basename(f)))) throw new BuildError('portable build produced no libggml-cpu-* variant');
    } else {
      const statics = await findFiles(bld, (n) => /^(lib)?(whisper|ggml|ggml-base|ggml-cpu)\.(a|lib)$/.test(n));
      for (const f of statics) await copyFile(f, path.join(out, 'lib', path.basename(f)));
      if (statics.length < 4) throw new BuildError(`expected 4 static libraries, found: ${statics.map((f) => path.basename(f)).join(', ')}`);
    }
    await copyFile(path.join(src, 'include', 'whisper.h'), path.join(out, 'include', 'whisper.h'));
    for (const h of await readdir(path.join(src, 'ggml', 'include'))) {
      await copyFile(path.join(src, 'ggml', 'include', h), path.join(out, 'include', h));
    }
    await copyFile(path.join(src, 'examples', 'json.hpp'), path.join(out, 'include', 'nlohmann', 'json.hpp'));
    await writeFile(
      path.join(out, 'build-info.json'),
      JSON.stringify({ ...key, builtAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) }, null, 2) + '\n',
    );
    await rename(logFile, path.join(out, 'build.log'));

    // Publish atomically. If another build won the race, keep theirs.
    if (force && existsSync(finalDir)) await rm(finalDir, { recursive: true, force: true });
    try {
      await rename(out, finalDir);
    } catch (e) {
      if (!existsSync(infoFile)) throw e;
      log('whisper.cpp: another build finished first; using it');
    }
    log(`whisper.cpp: built in ${Math.round((Date.now() - started) / 1000)} s → ${finalDir}`);
    return { dir: finalDir, name, built: true };
  } catch (e) {
    if (e instanceof BuildError) e.message += `\n(build directory kept for inspection: ${tmp})`;
    else await rm(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    if (existsSync(path.join(finalDir, 'build-info.json'))) await rm(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// sidecar (in the clone)

async function buildSidecar({ flavor, whisper, force, log, tools }) {
  const srcFiles = await findFiles(SIDECAR_SRC, (n) => /\.(cpp|h|hpp|txt)$/.test(n));
  const stampFile = path.join(NATIVE_OUT, '.stamp.json');
  const stamp = {
    flavor,
    whisper: whisper.name,
    sources: await sha256OfFiles(srcFiles),
    tools,
  };
  const binary = path.join(NATIVE_OUT, 'risalah-whisper' + EXE);
  if (!force && existsSync(binary) && existsSync(stampFile)) {
    const old = await readFile(stampFile, 'utf8').catch(() => '');
    if (old === JSON.stringify(stamp)) {
      log('risalah-whisper: up to date');
      return { binary, built: false };
    }
  }

  // A change of flavor leaves libraries of the other one behind: start clean then.
  const prev = await readFile(stampFile, 'utf8').then(JSON.parse).catch(() => null);
  if (prev?.flavor !== flavor) await rm(NATIVE_OUT, { recursive: true, force: true });
  await rm(stampFile, { force: true });
  await mkdir(NATIVE_OUT, { recursive: true });

  const started = Date.now();
  const bld = path.join(NATIVE_OUT, 'cmake');
  // Always configure afresh: CMake caches find_library results, which would keep linking the
  // libraries of a previous whisper.cpp cache entry. The sidecar compiles in seconds.
  await rm(bld, { recursive: true, force: true });
  await rm(path.join(NATIVE_OUT, 'build.log'), { force: true });
  log('risalah-whisper: compiling the sidecar');
  await runLogged(
    'cmake',
    [
      '-S', SIDECAR_SRC, '-B', bld,
      '-DCMAKE_BUILD_TYPE=Release',
      `-DWHISPER_PREFIX=${whisper.dir}`,
      `-DRISALAH_FLAVOR=${flavor}`,
      `-DRISALAH_WHISPER_VERSION=${WHISPER_VERSION}`,
    ],
    { logFile: path.join(NATIVE_OUT, 'build.log') },
  );
  await runLogged('cmake', ['--build', bld, '--config', 'Release', '-j', String(JOBS)], {
    logFile: path.join(NATIVE_OUT, 'build.log'),
  });
  const built = [path.join(bld, 'Release', 'risalah-whisper' + EXE), path.join(bld, 'risalah-whisper' + EXE)].find((p) => existsSync(p));
  if (!built) throw new BuildError('the sidecar build finished but risalah-whisper was not produced');
  await copyFile(built, binary);

  // Convenience copies of the bare tools (benchmarks), and for portable the shared libraries
  // (the sidecar and the tools find them through RUNPATH $ORIGIN).
  for (const f of await readdir(path.join(whisper.dir, 'bin'))) {
    await cp(path.join(whisper.dir, 'bin', f), path.join(NATIVE_OUT, f), { verbatimSymlinks: true, force: true });
  }

  // Smoke test: the binary runs and reports a missing model the documented way.
  const smoke = run(binary, ['--model', path.join(NATIVE_OUT, 'no-such-model.bin')], { input: '' });
  if (!/"code":"MODEL_MISSING"/.test(smoke.stdout)) {
    throw new BuildError(`risalah-whisper smoke test failed:\nstdout: ${smoke.stdout}\nstderr: ${smoke.stderr.slice(-2000)}`);
  }

  await writeFile(stampFile, JSON.stringify(stamp));
  log(`risalah-whisper: built in ${Math.round((Date.now() - started) / 1000)} s → ${path.relative(REPO_ROOT, binary)}`);
  return { binary, built: true };
}

// ---------------------------------------------------------------------------------------------

/**
 * Builds (or reuses) whisper.cpp and the sidecar.
 * @param {{ flavor?: 'native'|'portable', force?: boolean, log?: (line: string) => void }} [opts]
 * @returns {Promise<{ flavor: string, whisperDir: string, binary: string, whisperCli: string, whisperBench: string, built: boolean }>}
 */
export async function buildNative({ flavor = 'native', force = false, log = (l) => console.log(`[native] ${l}`) } = {}) {
  if (flavor !== 'native' && flavor !== 'portable') throw new BuildError(`unknown flavor "${flavor}" (native | portable)`);
  await checkWhisperSource();
  const tools = await checkTools();
  const whisper = await buildWhisper({ flavor, force, log, tools });
  const sidecar = await buildSidecar({ flavor, whisper, force: force || whisper.built, log, tools });
  return {
    flavor,
    whisperDir: whisper.dir,
    binary: sidecar.binary,
    whisperCli: path.join(NATIVE_OUT, 'whisper-cli' + EXE),
    whisperBench: path.join(NATIVE_OUT, 'whisper-bench' + EXE),
    built: whisper.built || sidecar.built,
  };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !['--portable', '--force', '--native'].includes(a));
  if (unknown.length) {
    console.error(`usage: node scripts/build-native.mjs [--portable] [--force]\nunknown argument(s): ${unknown.join(' ')}`);
    process.exit(2);
  }
  const t0 = Date.now();
  buildNative({ flavor: args.includes('--portable') ? 'portable' : 'native', force: args.includes('--force') })
    .then((r) => {
      console.log(`[native] ready (${r.flavor}) in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${path.relative(REPO_ROOT, r.binary)}`);
    })
    .catch((e) => {
      console.error(`[native] build failed: ${e instanceof BuildError ? e.message : e.stack}`);
      process.exit(1);
    });
}
