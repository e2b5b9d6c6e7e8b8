/**
 * Where the transcription engine's executables are.
 *
 * Owns: resolving, at run time, the path of our sidecar `risalah-whisper` and of whisper.cpp's
 * bare `whisper-cli` / `whisper-bench` (benchmarks compare against them). Plain Node: the
 * packaged-app location comes from `process.resourcesPath` when Electron sets it, never from an
 * electron import.
 *
 * Order: `RISALAH_WHISPER_BIN` (the sidecar; the tools are looked for beside it), then the
 * packaged app's `<resources>/native/`, then the clone's `build/native/` (written by
 * `npm run build:native`, which `npm ci` runs). When nothing exists the clone path is returned,
 * so the ENGINE_MISSING message names where the engine was expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const EXE = process.platform === 'win32' ? '.exe' : '';

export interface EnginePaths {
  /** Directory holding the engine (and, for the portable build, its shared libraries). */
  dir: string;
  /** Our sidecar (docs/whisper-engine.md). */
  sidecar: string;
  /** whisper.cpp's own command-line tool, same build. */
  whisperCli: string;
  /** whisper.cpp's encoder benchmark, same build. */
  whisperBench: string;
  /** Where the paths came from. */
  source: 'env' | 'packaged' | 'clone';
}

export interface EnginePathOptions {
  env?: NodeJS.ProcessEnv;
  /** Electron's resources folder; defaults to `process.resourcesPath` when present. */
  resourcesPath?: string | undefined;
  /** The clone's root; defaults to the nearest folder upwards whose package.json is Risalah's. */
  repoRoot?: string | undefined;
}

/** The clone's root: the nearest ancestor of this module with Risalah's package.json. */
export function findRepoRoot(from: string = import.meta.dirname): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'risalah') return dir;
      } catch {
        // not ours: keep looking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function inDir(dir: string, source: EnginePaths['source'], sidecar = path.join(dir, `risalah-whisper${EXE}`)): EnginePaths {
  return {
    dir,
    sidecar,
    whisperCli: path.join(dir, `whisper-cli${EXE}`),
    whisperBench: path.join(dir, `whisper-bench${EXE}`),
    source,
  };
}

export function resolveEnginePaths(opts: EnginePathOptions = {}): EnginePaths {
  const env = opts.env ?? process.env;
  const fromEnv = env.RISALAH_WHISPER_BIN?.trim();
  if (fromEnv) {
    const bin = path.resolve(fromEnv);
    return inDir(path.dirname(bin), 'env', bin);
  }
  const resources = opts.resourcesPath ?? (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resources) {
    const packaged = inDir(path.join(resources, 'native'), 'packaged');
    if (existsSync(packaged.sidecar)) return packaged;
  }
  const root = opts.repoRoot ?? findRepoRoot() ?? process.cwd();
  return inDir(path.join(root, 'build', 'native'), 'clone');
}

/** Path of the `risalah-whisper` sidecar (it may not exist: WhisperSidecar.start reports that). */
export function resolveEngineBinary(opts: EnginePathOptions = {}): string {
  return resolveEnginePaths(opts).sidecar;
}
