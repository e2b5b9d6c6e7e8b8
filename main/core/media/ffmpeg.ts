/**
 * Locating ffmpeg and ffprobe.
 *
 * Owns: which ffmpeg/ffprobe binaries Risalah runs, in this order —
 *   1. the paths from the user's settings (an explicit path that does not work is an
 *      FFMPEG_MISSING error naming it: no silent fallback),
 *   2. the environment (`RISALAH_FFMPEG`, `RISALAH_FFPROBE`; also explicit, also no fallback),
 *   3. `ffmpeg`/`ffprobe` on PATH (e.g. Debian's package),
 *   4. the binaries shipped inside the npm packages `@ffmpeg-installer/ffmpeg` and
 *      `@ffprobe-installer/ffprobe` (static builds; present after `npm ci` without network
 *      access other than the npm registry).
 * Each candidate is verified by running it with `-version`; a verified path is cached.
 * When ffmpeg comes from settings or the environment and ffprobe is not given at that level, an
 * ffprobe beside that ffmpeg is preferred. See docs/media.md for why this order.
 */
import { constants, promises as fs, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { RisalahError } from '../errors';
import { runProcess } from './run';

export type FfmpegSource = 'settings' | 'env' | 'path' | 'bundled';
export type FfTool = 'ffmpeg' | 'ffprobe';

/** The binaries the media functions run. `probeMedia` needs `ffprobe`, decoding needs `ffmpeg`. */
export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  /** ffmpeg's version, as printed by `ffmpeg -version` (e.g. `5.1.9-0+deb12u1`). */
  version: string;
  ffprobeVersion: string;
  /** Where ffmpeg came from. */
  source: FfmpegSource;
  ffprobeSource: FfmpegSource;
}

export interface ResolveFfmpegOptions {
  /** ffmpeg path from the user's settings (empty/undefined: not set). */
  ffmpegPath?: string | null;
  /** ffprobe path from the user's settings. */
  ffprobePath?: string | null;
  /** Environment to read `RISALAH_FFMPEG`, `RISALAH_FFPROBE` and `PATH` from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * A file or folder from which the bundled npm packages are resolved (default: this module).
   * `false` disables the bundled fallback. A host whose bundle moved this module away from
   * node_modules passes its app folder here.
   */
  bundledFrom?: string | false;
}

const EXE = process.platform === 'win32' ? '.exe' : '';
const VERIFY_TIMEOUT_MS = 20_000;

/** Verified binaries: tool + path → version. Only successes are cached (the user may fix a path). */
const verified = new Map<string, Promise<string>>();

/** Forget verified binaries (e.g. after the user changed the settings; tests). */
export function clearFfmpegCache(): void {
  verified.clear();
}

class CandidateError extends Error {}

function missing(bin: string, reason: string, where: string): RisalahError {
  return new RisalahError(
    'FFMPEG_MISSING',
    `${where}: ${bin} ${reason}`,
    { file: path.basename(bin), path: bin, reason },
  );
}

/** Runs `bin -version` and checks it is the expected tool; returns its version. */
async function verifyBinary(bin: string, tool: FfTool): Promise<string> {
  const key = `${tool}\0${bin}`;
  const cached = verified.get(key);
  if (cached) return cached;
  const p = (async () => {
    let st;
    try {
      st = await fs.stat(bin);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CandidateError(code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`);
    }
    if (!st.isFile()) throw new CandidateError('is not a file');
    const r = await runProcess(bin, ['-version'], { timeoutMs: VERIFY_TIMEOUT_MS });
    if (r.spawnError) throw new CandidateError(`does not run (${r.spawnError.code ?? r.spawnError.message})`);
    if (r.timedOut) throw new CandidateError('did not answer -version in time');
    const first = r.stdout.split('\n', 1)[0] ?? '';
    const m = new RegExp(`^${tool} version (\\S+)`).exec(first);
    if (!m?.[1]) {
      const said = first.trim() || r.stderr.last() || `exit code ${r.code}`;
      throw new CandidateError(`is not ${tool} (it printed: ${said.slice(0, 120)})`);
    }
    return m[1];
  })();
  verified.set(key, p);
  p.catch(() => verified.delete(key));
  return p;
}

/** `name` looked up on PATH (absolute path of the first executable file), or undefined. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const full = path.resolve(dir, name + EXE);
    try {
      const st = await fs.stat(full);
      if (!st.isFile()) continue;
      if (process.platform !== 'win32') await fs.access(full, constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Inside a packaged Electron app the binaries live in app.asar.unpacked, not in app.asar. */
function unpacked(p: string): string {
  const asar = `${path.sep}app.asar${path.sep}`;
  return p.includes(asar) ? p.replace(asar, `${path.sep}app.asar.unpacked${path.sep}`) : p;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function defaultResolveBase(): string {
  try {
    // import.meta.url is a file URL in ESM; a CommonJS bundle may replace it with nothing.
    if (typeof import.meta.url === 'string' && import.meta.url.startsWith('file:')) return import.meta.url;
  } catch {
    // fall through
  }
  return path.join(process.cwd(), 'package.json');
}

/**
 * Paths of the ffmpeg/ffprobe binaries shipped in the `@ffmpeg-installer/ffmpeg` and
 * `@ffprobe-installer/ffprobe` packages, where those packages (and their per-platform binary
 * package) are installed. Not verified.
 */
export function bundledBinaries(from?: string): { ffmpeg?: string; ffprobe?: string } {
  let req: NodeRequire;
  try {
    let base = from ? path.resolve(from) : defaultResolveBase();
    if (from && isDirectory(base)) base = path.join(base, 'noop.js');
    req = createRequire(base);
  } catch {
    return {};
  }
  const load = (pkg: string): string | undefined => {
    try {
      // The packages throw (sometimes a bare string) when the platform package is missing.
      const m = req(pkg) as { path?: unknown };
      return typeof m.path === 'string' ? unpacked(m.path) : undefined;
    } catch {
      return undefined;
    }
  };
  const ffmpeg = load('@ffmpeg-installer/ffmpeg');
  const ffprobe = load('@ffprobe-installer/ffprobe');
  return { ...(ffmpeg ? { ffmpeg } : {}), ...(ffprobe ? { ffprobe } : {}) };
}

/**
 * The packages' own postinstall (`chmod u+x`) does not run when install scripts are denied
 * (package.json `allowScripts`), and the ffprobe tarball ships as rwxr--r--. Make a bundled
 * binary executable if it is not (best effort: only works where we may chmod it).
 */
async function ensureExecutable(bin: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    await fs.access(bin, constants.X_OK);
  } catch {
    try {
      const st = await fs.stat(bin);
      await fs.chmod(bin, st.mode | 0o111);
    } catch {
      // leave it; verification reports it
    }
  }
}

interface Found {
  path: string;
  version: string;
  source: FfmpegSource;
}

/** A user-given value: a path, or a bare command name looked up on PATH. */
async function explicitPath(value: string, env: NodeJS.ProcessEnv): Promise<string> {
  const v = value.trim();
  if (!v.includes('/') && !v.includes('\\')) return (await findOnPath(v.replace(/\.exe$/i, ''), env)) ?? v;
  return path.resolve(v);
}

async function verifyExplicit(value: string, tool: FfTool, source: 'settings' | 'env', env: NodeJS.ProcessEnv, where: string): Promise<Found> {
  const p = await explicitPath(value, env);
  try {
    return { path: p, version: await verifyBinary(p, tool), source };
  } catch (e) {
    if (e instanceof CandidateError) throw missing(p, e.message, where);
    throw e;
  }
}

async function tryVerify(p: string | undefined, tool: FfTool, source: FfmpegSource, tried: string[]): Promise<Found | undefined> {
  if (!p) return undefined;
  try {
    return { path: p, version: await verifyBinary(p, tool), source };
  } catch (e) {
    if (!(e instanceof CandidateError)) throw e;
    tried.push(`${source} ${p} ${e.message}`);
    return undefined;
  }
}

/**
 * Finds working ffmpeg and ffprobe binaries (see the module header for the order).
 * Throws FFMPEG_MISSING naming the path when an explicit one (settings, environment) does not
 * work, or listing what was tried when none was found.
 */
export async function resolveFfmpeg(opts: ResolveFfmpegOptions = {}): Promise<FfmpegTools> {
  const env = opts.env ?? process.env;
  let bundled: { ffmpeg?: string; ffprobe?: string } | undefined;
  const getBundled = async (tool: FfTool): Promise<string | undefined> => {
    if (opts.bundledFrom === false) return undefined;
    bundled ??= bundledBinaries(opts.bundledFrom);
    const p = bundled[tool];
    if (p) await ensureExecutable(p);
    return p;
  };

  const resolveTool = async (tool: FfTool, sibling: Found | undefined): Promise<Found> => {
    const fromSettings = tool === 'ffmpeg' ? opts.ffmpegPath : opts.ffprobePath;
    if (fromSettings?.trim()) return verifyExplicit(fromSettings, tool, 'settings', env, `${tool} path in settings`);
    const tried: string[] = [];
    // ffprobe beside an explicitly chosen ffmpeg (settings) is preferred over the environment's.
    if (sibling?.source === 'settings') {
      const f = await tryVerify(path.join(path.dirname(sibling.path), tool + EXE), tool, 'settings', tried);
      if (f) return f;
    }
    const envVar = tool === 'ffmpeg' ? 'RISALAH_FFMPEG' : 'RISALAH_FFPROBE';
    const fromEnv = env[envVar];
    if (fromEnv?.trim()) return verifyExplicit(fromEnv, tool, 'env', env, envVar);
    if (sibling?.source === 'env') {
      const f = await tryVerify(path.join(path.dirname(sibling.path), tool + EXE), tool, 'env', tried);
      if (f) return f;
    }
    const onPath = await tryVerify(await findOnPath(tool, env), tool, 'path', tried);
    if (onPath) return onPath;
    const b = await tryVerify(await getBundled(tool), tool, 'bundled', tried);
    if (b) return b;
    const reason = tried.length
      ? `not found (tried: ${tried.join('; ')})`
      : `not found in settings, ${envVar}, PATH or the bundled npm package`;
    throw new RisalahError('FFMPEG_MISSING', `${tool} ${reason}`, { file: tool, reason });
  };

  const ffmpeg = await resolveTool('ffmpeg', undefined);
  const ffprobe = await resolveTool('ffprobe', ffmpeg);
  return {
    ffmpeg: ffmpeg.path,
    ffprobe: ffprobe.path,
    version: ffmpeg.version,
    ffprobeVersion: ffprobe.version,
    source: ffmpeg.source,
    ffprobeSource: ffprobe.source,
  };
}
