/**
 * Fixtures for tests of the transcription engine: the real sidecar build, random-weight models
 * made by scripts/make-test-model.mjs, and real Indonesian speech from espeak-ng.
 *
 * Everything made here is cached under `os.tmpdir()/risalah-test-models/` (keyed by the
 * generator's content and the speech text), so a suite run pays for it once. Missing
 * prerequisites throw with the command that fixes them: a test that needs them fails, never skips.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveEnginePaths, type EnginePaths } from '../../main/core/transcription/engine-paths';
import { SAMPLE_RATE } from '../../main/core/transcription/sidecar';
import { repoRoot } from './tmp';

const run = promisify(execFile);

export const fixturesDir = path.join(os.tmpdir(), 'risalah-test-models');

/** The built engine; throws (so the test fails) with how to build it when it is missing. */
export function requireEngine(): EnginePaths {
  const paths = resolveEnginePaths({ repoRoot, env: {} });
  const missing = [paths.sidecar, paths.whisperCli, paths.whisperBench].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(
      `The native transcription engine is not built (missing: ${missing.map((p) => path.relative(repoRoot, p)).join(', ')}).\n` +
        'Build it with `npm run build:native` (npm ci runs it in its prepare step; it needs cmake and a C++17 compiler).',
    );
  }
  return paths;
}

async function generatorHash(): Promise<string> {
  const src = await readFile(path.join(repoRoot, 'scripts', 'make-test-model.mjs'));
  return createHash('sha256').update(src).digest('hex').slice(0, 10);
}

/** A random-weight model of the given size, generated once per generator version. */
export async function testModel(size: 'tiny' | 'base'): Promise<string> {
  await mkdir(fixturesDir, { recursive: true });
  const file = path.join(fixturesDir, `ggml-random-${size}-${await generatorHash()}.bin`);
  if (!existsSync(file)) {
    // The generator writes a temp file and renames it: parallel workers cannot see half a model.
    await run(process.execPath, [path.join(repoRoot, 'scripts', 'make-test-model.mjs'), file, size], { cwd: repoRoot });
  }
  return file;
}

export interface Pcm {
  /** Raw 16 kHz mono PCM (f32le unless said otherwise). */
  path: string;
  samples: number;
  durationMs: number;
}

async function needTool(name: string, pkg: string): Promise<void> {
  try {
    await run(name, ['--version']);
  } catch {
    throw new Error(`${name} is needed by the engine tests but was not found: apt-get install ${pkg}`);
  }
}

function pcmInfo(file: string, bytes: number, bytesPerSample: number): Pcm {
  const samples = Math.floor(bytes / bytesPerSample);
  return { path: file, samples, durationMs: Math.floor((samples * 1000) / SAMPLE_RATE) };
}

/** Indonesian speech spoken by espeak-ng, as raw 16 kHz mono PCM (f32le or s16le). */
export async function speechPcm(text: string, format: 'f32le' | 's16le' = 'f32le'): Promise<Pcm> {
  await mkdir(fixturesDir, { recursive: true });
  const key = createHash('sha256').update(`${format}:${text}`).digest('hex').slice(0, 12);
  const out = path.join(fixturesDir, `speech-${key}.${format}`);
  if (!existsSync(out)) {
    await needTool('espeak-ng', 'espeak-ng');
    await needTool('sox', 'sox');
    const wav = `${out}.${process.pid}.wav`;
    const tmp = `${out}.${process.pid}.tmp`;
    await run('espeak-ng', ['-v', 'id', '-w', wav, text]);
    const enc = format === 'f32le' ? ['-e', 'floating-point', '-b', '32'] : ['-e', 'signed-integer', '-b', '16'];
    await run('sox', [wav, '-t', 'raw', ...enc, '-L', '-r', String(SAMPLE_RATE), '-c', '1', tmp]);
    await rm(wav, { force: true });
    await rename(tmp, out);
  }
  const { size } = await stat(out);
  return pcmInfo(out, size, format === 'f32le' ? 4 : 2);
}

/** `times` copies of a PCM file back to back (a longer recording). */
export async function repeatedPcm(src: Pcm, times: number): Promise<Pcm> {
  const out = src.path.replace(/(\.\w+)$/, `-x${times}$1`);
  if (!existsSync(out)) {
    const data = await readFile(src.path);
    const tmp = `${out}.${process.pid}.tmp`;
    await writeFile(tmp, Buffer.concat(Array.from({ length: times }, () => data)));
    await rename(tmp, out);
  }
  const { size } = await stat(out);
  return pcmInfo(out, size, 4);
}

/** Samples [offset, offset+count) of an f32le file, written to a file of their own. */
export async function slicePcm(src: Pcm, offset: number, count: number, out: string): Promise<Pcm> {
  const data = await readFile(src.path);
  await writeFile(out, data.subarray(offset * 4, (offset + count) * 4));
  return pcmInfo(out, count * 4, 4);
}

export const SPEECH_ID =
  'Selamat pagi bapak dan ibu sekalian. Hari ini kita berkumpul untuk membahas program pembangunan daerah ' +
  'tahun depan. Terima kasih atas kehadiran saudara sekalian.';
