/**
 * `npm run bench:diarize` — speaker diarization on this machine: seconds of processing per hour
 * of audio, printed beside sherpa-onnx's published real-time factors (the reference), and our
 * engine against bare sherpa-onnx on the same audio, models and settings (the peer).
 *
 *  1. Audio: the 3-voice synthetic event of the tests (espeak-ng), repeated to BENCH_MINUTES
 *     (default 10) minutes, 16 kHz s16le.
 *  2. Rounds (BENCH_ROUNDS, default 3) in ABBA order: our engine (diarize-process.ts: model
 *     checks, PCM read, sherpa-onnx's OfflineSpeakerDiarization, cluster centroids, merging, IPC)
 *     and bare sherpa-onnx (`OfflineSpeakerDiarization.process` in a plain Node process). Figures:
 *     median of the per-round ratio ours/bare with its spread, seconds per audio hour, peak RSS of
 *     the engine child.
 *  3. With the designed test models (always), and with the real models when both are in the
 *     models folder (RISALAH_MODELS_DIR, else <user data>/models; file names of catalog.ts) or
 *     given as BENCH_SEGMENTATION / BENCH_EMBEDDING.
 *
 * Env: BENCH_MINUTES, BENCH_ROUNDS, BENCH_THREADS (default 1, as the published figures). The last
 * line is JSON with every figure.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { recommendedDiarizationModels } from '../main/core/diarization/catalog';
import { diarizePcmFile } from '../main/core/diarization/diarize-process';
import { DEFAULT_DIARIZATION_PARAMS } from '../main/core/diarization/engine';
import type { DiarizationModels } from '../main/core/diarization/types';
import { dataDir } from '../main/core/settings';
import { diarizationTestModels, EVENT_A, repeatedEventPcm, syntheticEvent } from '../tests/helpers/diarization';
import { tempDir } from '../tests/helpers/tmp';

const run = promisify(execFile);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const root = path.resolve(import.meta.dirname ?? '.', '..');
const repo = existsSync(path.join(root, 'package.json')) ? root : process.cwd();
const log = (s: string) => process.stderr.write(`${s}\n`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** sherpa-onnx's published figures: 56.861 s of audio, 1 thread, CPU (docs of k2-fsa/sherpa). */
const PUBLISHED = [
  { setup: 'pyannote-3.0 + 3D-Speaker ERes2Net base', rtf: 0.297 },
  { setup: 'pyannote-3.0 int8 + 3D-Speaker ERes2Net base', rtf: 0.241 },
  { setup: 'pyannote-3.0 + NeMo TitaNet-small', rtf: 0.119 },
  { setup: 'pyannote-3.0 int8 + NeMo TitaNet-small', rtf: 0.11 },
];

function vmHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const BARE = `
const { createRequire } = require('node:module');
const req = createRequire(process.argv[2]);
const sherpa = req('sherpa-onnx-node');
const fs = require('node:fs');
const [, , , pcm, seg, emb, threads, threshold, shift] = process.argv;
const t0 = process.hrtime.bigint();
const buf = fs.readFileSync(pcm);
const samples = new Float32Array(buf.length >> 1);
for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(2 * i) / 32768;
const sd = new sherpa.OfflineSpeakerDiarization({
  segmentation: { pyannote: { model: seg, windowShiftRatio: Number(shift) }, numThreads: Number(threads) },
  embedding: { model: emb, numThreads: Number(threads) },
  clustering: { numClusters: 0, threshold: Number(threshold) },
  minDurationOn: 0.3, minDurationOff: 0.5,
});
const r = sd.process(samples);
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const hwm = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ wall, speakers: new Set(r.map((s) => s.speaker)).size, rssMB: Number(hwm[1]) / 1024 }));
`;

async function bare(script: string, pcm: string, models: DiarizationModels): Promise<{ wall: number; speakers: number; rssMB: number }> {
  const { stdout } = await run(process.execPath, [script, path.join(repo, 'package.json'), pcm, models.segmentation, models.embedding, String(THREADS), String(DEFAULT_DIARIZATION_PARAMS.threshold), String(DEFAULT_DIARIZATION_PARAMS.windowShiftRatio)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { wall: number; speakers: number; rssMB: number };
}

async function ours(pcm: string, models: DiarizationModels): Promise<{ wall: number; speakers: number; rssMB: number }> {
  let pid = 0;
  let peak = 0;
  const poll = setInterval(() => {
    if (pid) peak = Math.max(peak, vmHwmKb(pid));
  }, 50);
  const t0 = performance.now();
  try {
    const r = await diarizePcmFile(pcm, 's16le', { models, params: { numThreads: THREADS }, onSpawn: (p) => (pid = p), onTurns: () => (peak = Math.max(peak, vmHwmKb(pid))) });
    return { wall: (performance.now() - t0) / 1000, speakers: r.clusters.length, rssMB: peak / 1024 };
  } finally {
    clearInterval(poll);
  }
}

async function measure(name: string, pcm: string, audioSec: number, models: DiarizationModels, script: string) {
  const pairs: { ours: number; bare: number }[] = [];
  let speakers = { ours: 0, bare: 0 };
  let rss = { ours: 0, bare: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const);
    const got: Record<string, { wall: number; speakers: number; rssMB: number }> = {};
    for (const who of order) got[who] = who === 'ours' ? await ours(pcm, models) : await bare(script, pcm, models);
    pairs.push({ ours: got.ours!.wall, bare: got.bare!.wall });
    speakers = { ours: got.ours!.speakers, bare: got.bare!.speakers };
    rss = { ours: Math.max(rss.ours, got.ours!.rssMB), bare: Math.max(rss.bare, got.bare!.rssMB) };
    log(`  round ${i + 1}: ours ${round(got.ours!.wall)} s, bare sherpa-onnx ${round(got.bare!.wall)} s`);
  }
  const ratios = pairs.map((p) => p.ours / p.bare);
  const perHour = (s: number) => (s / audioSec) * 3600;
  const result = {
    models: name,
    audioMin: round(audioSec / 60, 1),
    oursSecPerHour: round(perHour(median(pairs.map((p) => p.ours))), 0),
    bareSecPerHour: round(perHour(median(pairs.map((p) => p.bare))), 0),
    oursRtf: round(median(pairs.map((p) => p.ours)) / audioSec, 4),
    ratioMedian: round(median(ratios), 3),
    ratioSpread: [round(Math.min(...ratios), 3), round(Math.max(...ratios), 3)],
    speakers,
    peakRssMB: { ours: round(rss.ours, 0), bare: round(rss.bare, 0) },
  };
  console.log(
    `${name}: ${result.oursSecPerHour} s per audio hour (RTF ${result.oursRtf}); bare sherpa-onnx ${result.bareSecPerHour} s/h; ours/bare median ${result.ratioMedian} [${result.ratioSpread.join('–')}] over ${ROUNDS} paired rounds; speakers ${speakers.ours} (bare ${speakers.bare}); peak RSS ${result.peakRssMB.ours} MB (bare ${result.peakRssMB.bare} MB)`,
  );
  return result;
}

const tmp = tempDir('risalah-bench-diarize-');
try {
  log(`[bench:diarize] ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${THREADS} thread(s) per model, ${MINUTES} min of audio, ${ROUNDS} rounds`);
  const event = await syntheticEvent(EVENT_A);
  const times = Math.max(1, Math.round((MINUTES * 60) / event.durationSec));
  const pcm = await repeatedEventPcm(event, times);
  const audioSec = event.durationSec * times;
  const script = path.join(tmp.dir, 'bare.cjs');
  writeFileSync(script, BARE);
  const results = [];
  results.push(await measure('designed test models', pcm, audioSec, await diarizationTestModels(), script));

  const dir = process.env.RISALAH_MODELS_DIR?.trim() ? path.resolve(process.env.RISALAH_MODELS_DIR) : path.join(dataDir(), 'models');
  const rec = recommendedDiarizationModels();
  const real = {
    segmentation: process.env.BENCH_SEGMENTATION ?? path.join(dir, rec.segmentation.file),
    embedding: process.env.BENCH_EMBEDDING ?? path.join(dir, rec.embedding.file),
  };
  if (existsSync(real.segmentation) && existsSync(real.embedding)) {
    results.push(await measure(`real models (${path.basename(real.segmentation)} + ${path.basename(real.embedding)})`, pcm, audioSec, real, script));
  } else {
    console.log(`real models: not installed (looked for ${real.segmentation} and ${real.embedding}) — skipped`);
  }
  console.log('reference — sherpa-onnx’s published real-time factors (1 thread, its authors’ CPU):');
  for (const p of PUBLISHED) console.log(`  ${p.setup}: RTF ${p.rtf} = ${round(p.rtf * 3600, 0)} s per audio hour`);
  console.log('  (pyannote publishes its own pipeline’s speed only on a GPU: RTF ≈ 0.025 on one V100; no CPU figure.)');
  console.log(JSON.stringify({ bench: 'diarize', threads: THREADS, rounds: ROUNDS, results, published: PUBLISHED }));
} finally {
  tmp.cleanup();
}
