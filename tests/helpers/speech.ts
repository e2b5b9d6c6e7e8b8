/**
 * Speech recordings for transcription tests: Indonesian from espeak-ng with a known stretch of
 * silence, as real media files (WAV) that the pipeline decodes through ffmpeg. Cached across
 * runs under the temp folder; made under a temporary name and renamed, so parallel test workers
 * never see half a file.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const dir = path.join(os.tmpdir(), 'risalah-test-speech');

export const SENTENCE_A = 'Selamat pagi. Hari ini Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman.';
export const SENTENCE_B = 'Kolaborasi ini untuk pembinaan warga binaan yang lebih baik, ungkap Mashudi.';

export interface SpeechFile {
  path: string;
  durationSec: number;
  /** Where the silent stretch is, in seconds. */
  silence: { startSec: number; endSec: number };
}

async function duration(file: string): Promise<number> {
  const { stdout } = await run('soxi', ['-D', file]);
  return Number(stdout.trim());
}

/** Sentence A, `silenceSec` of silence, sentence B, as a 16 kHz mono WAV. */
export async function speechWithSilence(silenceSec = 15): Promise<SpeechFile> {
  await mkdir(dir, { recursive: true });
  const out = path.join(dir, `a-silence${silenceSec}-b.wav`);
  const meta = `${out}.json`;
  if (!existsSync(out) || !existsSync(meta)) {
    const tmp = path.join(dir, `.${process.pid}-${Date.now()}`);
    await run('espeak-ng', ['-v', 'id', '-w', `${tmp}.a0.wav`, SENTENCE_A]);
    await run('espeak-ng', ['-v', 'id', '-w', `${tmp}.b0.wav`, SENTENCE_B]);
    await run('sox', [`${tmp}.a0.wav`, '-r', '16000', '-c', '1', `${tmp}.a.wav`]);
    await run('sox', [`${tmp}.b0.wav`, '-r', '16000', '-c', '1', `${tmp}.b.wav`]);
    await run('sox', [`${tmp}.a.wav`, `${tmp}.apad.wav`, 'pad', '0', String(silenceSec)]);
    await run('sox', [`${tmp}.apad.wav`, `${tmp}.b.wav`, `${tmp}.out.wav`]);
    const aSec = await duration(`${tmp}.a.wav`);
    const info: SpeechFile = { path: out, durationSec: await duration(`${tmp}.out.wav`), silence: { startSec: aSec, endSec: aSec + silenceSec } };
    await writeFile(`${tmp}.json`, JSON.stringify(info));
    await rename(`${tmp}.out.wav`, out);
    await rename(`${tmp}.json`, meta);
    for (const f of ['a0', 'b0', 'a', 'b', 'apad']) await rm(`${tmp}.${f}.wav`, { force: true });
  }
  return JSON.parse(await readFile(meta, 'utf8')) as SpeechFile;
}
