/**
 * Fixtures for the speaker-diarization tests: the designed test models (written by
 * `scripts/make-test-model.mjs … segmentation|embedding`) and synthetic events — espeak-ng
 * Indonesian voices taking turns with pauses — with their reference turns (where each voice's
 * speech really is: espeak's leading and trailing silence trimmed by sox).
 *
 * Cached under `os.tmpdir()/risalah-test-models/`, keyed by the generators' content and the event's
 * script; written under temporary names and renamed (parallel workers never see half a file).
 * Missing tools throw with the command that installs them: a test that needs them fails.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Turn } from '../../main/core/diarization/types';
import { findRepoRoot } from '../../main/core/transcription/engine-paths';
import { fixturesDir } from './engine';
import { repoRoot as testsRepoRoot } from './tmp';

/** The clone (also when this file is bundled into node_modules/.cache by scripts/run-ts.mjs). */
const repoRoot = findRepoRoot(import.meta.dirname) ?? testsRepoRoot;

const run = promisify(execFile);

async function generatorsHash(): Promise<string> {
  const h = createHash('sha256');
  for (const f of ['make-test-model.mjs', 'diarization-test-models.mjs', 'onnx-writer.mjs']) h.update(await readFile(path.join(repoRoot, 'scripts', f)));
  return h.digest('hex').slice(0, 10);
}

export interface TestModels {
  segmentation: string;
  embedding: string;
}

/** The designed segmentation and embedding test models. */
export async function diarizationTestModels(): Promise<TestModels> {
  await mkdir(fixturesDir, { recursive: true });
  const key = await generatorsHash();
  const out = { segmentation: path.join(fixturesDir, `diar-segmentation-${key}.onnx`), embedding: path.join(fixturesDir, `diar-embedding-${key}.onnx`) };
  for (const kind of ['segmentation', 'embedding'] as const) {
    if (!existsSync(out[kind])) await run(process.execPath, [path.join(repoRoot, 'scripts', 'make-test-model.mjs'), out[kind], kind], { cwd: repoRoot });
  }
  return out;
}

/** One voice of a synthetic event: an espeak-ng variant and pitch. */
export interface Voice {
  variant: string;
  pitch: number;
}

/** The three voices of the tests (issue 12): different variants and pitches. */
export const VOICES = {
  mc: { variant: 'm3', pitch: 25 },
  kakanwil: { variant: 'f2', pitch: 70 },
  karutan: { variant: 'm7', pitch: 50 },
} satisfies Record<string, Voice>;

export interface EventSpec {
  /** Who speaks what, in order; `pause` seconds of silence after each turn (default 1). */
  turns: { who: string; voice: Voice; text: string; pause?: number }[];
  /** Silence before the first turn (default 1 s). */
  lead?: number;
}

export interface SyntheticEvent {
  /** 16 kHz mono s16le, as the transcription pipeline decodes. */
  pcm: string;
  wav: string;
  durationSec: number;
  /** Where each person's speech is (seconds), `speaker` = the turn's `who`. */
  reference: { start: number; end: number; speaker: string }[];
}

async function needTool(name: string, pkg: string): Promise<void> {
  try {
    await run(name, ['--version']);
  } catch {
    throw new Error(`${name} is needed by the diarization tests but was not found: apt-get install ${pkg}`);
  }
}

const SR = 16000;

/** Builds (once) the event: each turn spoken by espeak-ng, trimmed, separated by silence. */
export async function syntheticEvent(spec: EventSpec): Promise<SyntheticEvent> {
  await mkdir(fixturesDir, { recursive: true });
  const key = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
  const base = path.join(fixturesDir, `diar-event-${key}`);
  const meta = `${base}.json`;
  if (existsSync(meta)) return JSON.parse(await readFile(meta, 'utf8')) as SyntheticEvent;
  await needTool('espeak-ng', 'espeak-ng');
  await needTool('sox', 'sox');
  const tmp = `${base}.${process.pid}`;
  const pieces: Buffer[] = [];
  const reference: SyntheticEvent['reference'] = [];
  const silence = (sec: number) => Buffer.alloc(2 * Math.round(sec * SR));
  let samples = 0;
  const push = (b: Buffer) => {
    pieces.push(b);
    samples += b.length / 2;
  };
  push(silence(spec.lead ?? 1));
  for (const [i, t] of spec.turns.entries()) {
    const raw = `${tmp}.${i}.wav`;
    await run('espeak-ng', ['-v', `id+${t.voice.variant}`, '-p', String(t.voice.pitch), '-w', raw, t.text]);
    // trim espeak's own silence at both ends, then 16 kHz mono s16le
    const { stdout } = await run(
      'sox',
      [raw, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-r', String(SR), '-c', '1', '-', 'silence', '1', '0.01', '0.3%', 'reverse', 'silence', '1', '0.01', '0.3%', 'reverse'],
      { encoding: 'buffer', maxBuffer: 64 << 20 },
    );
    await rm(raw, { force: true });
    const start = samples / SR;
    push(stdout);
    reference.push({ start: round3(start), end: round3(samples / SR), speaker: t.who });
    push(silence(t.pause ?? 1));
  }
  const pcm = Buffer.concat(pieces);
  await writeFile(`${tmp}.s16le`, pcm);
  await run('sox', ['-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-r', String(SR), '-c', '1', `${tmp}.s16le`, `${tmp}.wav`]);
  const event: SyntheticEvent = { pcm: `${base}.s16le`, wav: `${base}.wav`, durationSec: round3(samples / SR), reference };
  await rename(`${tmp}.s16le`, event.pcm);
  await rename(`${tmp}.wav`, event.wav);
  await writeFile(`${tmp}.json`, JSON.stringify(event));
  await rename(`${tmp}.json`, meta);
  return event;
}

/** `times` copies of an event's PCM back to back (a long recording, for cancel and kill tests). */
export async function repeatedEventPcm(event: SyntheticEvent, times: number): Promise<string> {
  const out = event.pcm.replace(/\.s16le$/, `-x${times}.s16le`);
  if (!existsSync(out)) {
    const data = await readFile(event.pcm);
    const tmp = `${out}.${process.pid}`;
    await writeFile(tmp, Buffer.concat(Array.from({ length: times }, () => data)));
    await rename(tmp, out);
  }
  return out;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The speakers of a result by how the reference calls them (through the DER's mapping). */
export function turnsText(turns: readonly Turn[]): string {
  return turns.map((t) => `${t.start.toFixed(2)}–${t.end.toFixed(2)} P${t.speaker + 1}`).join(', ');
}

/** The events of the tests: recording A (turns, a pause each, the MC returns) and recording B. */
export const EVENT_A: EventSpec = {
  turns: [
    { who: 'mc', voice: VOICES.mc, text: 'Selamat pagi bapak dan ibu sekalian. Hari ini kita berkumpul untuk penandatanganan nota kesepahaman.' },
    { who: 'kakanwil', voice: VOICES.kakanwil, text: 'Terima kasih. Kami dari kantor wilayah menyambut baik kerja sama dengan sembilan mitra ini.' },
    { who: 'karutan', voice: VOICES.karutan, text: 'Kolaborasi ini untuk pembinaan warga binaan yang lebih baik, dan rumah tahanan siap mendukung.' },
    { who: 'mc', voice: VOICES.mc, text: 'Baik, selanjutnya kita dengarkan laporan dari kepala rumah tahanan.', pause: 1.5 },
    { who: 'karutan', voice: VOICES.karutan, text: 'Jumlah warga binaan kami saat ini lebih dari delapan ratus orang.' },
    { who: 'kakanwil', voice: VOICES.kakanwil, text: 'Program ini akan dimulai tahun depan di setiap unit pelaksana teknis.' },
  ],
};

export const EVENT_B: EventSpec = {
  turns: [
    { who: 'kakanwil', voice: VOICES.kakanwil, text: 'Rapat koordinasi hari ini membahas anggaran dan kegiatan pembinaan kemandirian.' },
    { who: 'mc', voice: VOICES.mc, text: 'Peserta rapat dimohon mengisi daftar hadir yang sudah disediakan panitia.' },
    { who: 'karutan', voice: VOICES.karutan, text: 'Kami melaporkan bahwa pelatihan keterampilan sudah diikuti oleh dua ratus orang.' },
    { who: 'kakanwil', voice: VOICES.kakanwil, text: 'Terima kasih atas laporannya, mari kita lanjutkan ke pembahasan berikutnya.' },
  ],
};
