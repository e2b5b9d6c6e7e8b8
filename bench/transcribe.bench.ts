/**
 * `npm run bench:transcribe` — transcription figures on this machine, against the bare tools of
 * the same whisper.cpp build, with a random-weight model of the real *base* dimensions (it times
 * like the real base model; its words are garbage).
 *
 *  1. Encoder time per 30 s window: our sidecar (mean encoder pass over a few minutes of speech)
 *     against `whisper-bench -w 0` (bare encoder), same threads.
 *  2. The whole pipeline (ffmpeg decode + PCM on disk + sidecar, VAD off) against `whisper-cli` on
 *     the same WAV with the same decoding parameters (greedy, no temperature fallback, the previous
 *     window's text as context — whisper.cpp's defaults),
 *     same threads. Goal: ratio ≤ 1.05.
 *  3. Peak RSS of the pipeline's processes (node + sidecar) against the model's size.
 *  4. The VAD's saving on audio with long silences (speech, then 20 s of silence, repeated): wall
 *     time and seconds fed to Whisper with and without the VAD.
 *  5. (BENCH_LONG=1, or BENCH_LONG_MINUTES=N) the acceptance run: `risalah transcribe` of a 35-minute
 *     recording, peak RSS of its process tree, `kill -9` halfway, and the same command again —
 *     it must resume (and take roughly the remaining half, not the whole).
 *
 * Env: BENCH_THREADS (default 2), BENCH_SPEECH_SEC (default 180), BENCH_ROUNDS (default 4),
 * BENCH_LONG, BENCH_LONG_MINUTES
 * (default 35). The last line is JSON with every figure.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpeg } from '../main/core/media';
import { resolveEnginePaths } from '../main/core/transcription/engine-paths';
import { EngineHolder, transcribeRecording } from '../main/core/transcription/pipeline';

const run = promisify(execFile);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SPEECH_SEC = Number(process.env.BENCH_SPEECH_SEC ?? 180);
const LONG_MINUTES = Number(process.env.BENCH_LONG_MINUTES ?? 35);
const LONG = process.env.BENCH_LONG === '1' || process.env.BENCH_LONG_MINUTES !== undefined;
const root = path.resolve(import.meta.dirname ?? '.', '..');
const repo = existsSync(path.join(root, 'package.json')) ? root : process.cwd();
const log = (s: string) => process.stderr.write(`${s}\n`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const round2 = (x: number) => round(x, 2);

/** Peak resident memory (kB) of a process, from the kernel's high-water mark. */
function vmHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Current RSS (kB) of a process and all its descendants. */
function treeRssKb(pid: number): number {
  let total = 0;
  const stack = [pid];
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone
    }
  }
  while (stack.length) {
    const p = stack.pop() as number;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      total += m ? Number(m[1]) : 0;
    } catch {
      // gone
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'risalah-bench-transcribe-'));
try {
  const engine = resolveEnginePaths();
  for (const bin of [engine.sidecar, engine.whisperCli, engine.whisperBench]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build:native`);
  }
  const ff = await resolveFfmpeg();

  // ---- fixtures ---------------------------------------------------------------------------------
  const model = path.join(work, 'ggml-random-base.bin');
  await run(process.execPath, [path.join(repo, 'scripts', 'make-test-model.mjs'), model, 'base']);
  const modelMB = statSync(model).size / 2 ** 20;
  log(`model: random weights, base dimensions, ${round(modelMB, 1)} MB; threads ${THREADS}`);

  const sentence = path.join(work, 'kalimat.wav');
  await run('espeak-ng', [
    '-v', 'id', '-w', sentence,
    'Selamat pagi. Hari ini Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman dengan sembilan mitra. ' +
      'Kolaborasi ini untuk pembinaan warga binaan yang lebih baik, ungkap Mashudi.',
  ]);
  const speech = path.join(work, `ucapan-${SPEECH_SEC}s.wav`);
  await run(ff.ffmpeg, ['-v', 'error', '-stream_loop', '-1', '-i', sentence, '-t', String(SPEECH_SEC), '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', '-y', speech]);
  // Speech with long silences: each sentence followed by 20 s of silence.
  const gappy = path.join(work, 'ucapan-berjeda.wav');
  await run(ff.ffmpeg, [
    '-v', 'error', '-i', sentence, '-af', 'apad=pad_dur=20', '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', '-y', path.join(work, 'satu-jeda.wav'),
  ]);
  await run(ff.ffmpeg, ['-v', 'error', '-stream_loop', '5', '-i', path.join(work, 'satu-jeda.wav'), '-c:a', 'pcm_s16le', '-y', gappy]);
  const gappySec = Number((await run('soxi', ['-D', gappy])).stdout.trim());
  log(`audio: ${SPEECH_SEC} s of speech; ${round(gappySec, 1)} s of speech with 20 s silences`);

  // ---- 1. encoder per 30 s window ---------------------------------------------------------------
  const bench = await run(engine.whisperBench, ['-m', model, '-t', String(THREADS), '-w', '0'], { maxBuffer: 1 << 24 }).catch((e: { stdout?: string; stderr?: string }) => e);
  const benchOut = `${(bench as { stdout?: string }).stdout ?? ''}${(bench as { stderr?: string }).stderr ?? ''}`;
  const benchEncode = /encode time =\s*([\d.]+) ms\s*\/\s*(\d+) runs\s*\(\s*([\d.]+) ms per run\)/.exec(benchOut);
  const bareEncodeMs = benchEncode ? Number(benchEncode[3]) : NaN;
  log(`whisper-bench encoder: ${round(bareEncodeMs)} ms per 30 s window`);

  // ---- 2 & 3. pipeline vs whisper-cli (alternating rounds; the fastest of each counts, as
  // the other work on a shared machine only ever makes a run slower) -------------------------------
  let sidecarPid = 0;
  let sidecarEncodeMs = NaN;
  let sidecarPeakMB = 0;
  const pipelineRuns: number[] = [];
  const cliRuns: number[] = [];
  const pipelineRun = async (round: number) => {
    const holder = new EngineHolder();
    const run1 = await timed(() =>
      transcribeRecording(
        {
          source: speech,
          journalFile: path.join(work, 'j', `speech-${round}.journal.jsonl`),
          workDir: path.join(work, 'pcm'),
          recordingId: 'bench',
          model: { path: model },
          language: 'id',
          prompt: '',
          replacements: [],
          threads: THREADS,
          vad: false,
          temperatureInc: 0,
          maxWindowSec: SPEECH_SEC + 1,
        },
        { ff, engine: holder },
      ),
    );
    pipelineRuns.push(run1.ms);
    const sidecar = await holder.get(model, THREADS);
    sidecarPid = sidecar.pid ?? sidecarPid;
    // One more request to read the sidecar's own timings for a full 30 s window.
    const probe = await sidecar
      .transcribe({ path: speech, format: 's16le', offsetSamples: 22, countSamples: 30 * 16000 }, { language: 'id', threads: THREADS, temperatureInc: 0, maxTokens: 1 })
      .catch(() => null);
    if (probe) sidecarEncodeMs = Math.min(Number.isNaN(sidecarEncodeMs) ? Infinity : sidecarEncodeMs, probe.timings.encodeMs);
    sidecarPeakMB = Math.max(sidecarPeakMB, vmHwmKb(sidecarPid) / 1024);
    await holder.close();
    return run1.ms;
  };
  const cliRun = async () => {
    const run2 = await timed(() =>
      run(engine.whisperCli, ['-m', model, '-f', speech, '-t', String(THREADS), '-l', 'id', '-bs', '1', '-bo', '1', '-nf', '-np'], { maxBuffer: 1 << 26 }),
    );
    cliRuns.push(run2.ms);
    return run2.ms;
  };
  // ABBA order: whichever goes first in a round does not always go first (the machine's speed
  // drifts by several per cent over minutes here).
  for (let round = 0; round < ROUNDS; round++) {
    let p: number;
    let c: number;
    if (round % 2 === 0) {
      p = await pipelineRun(round);
      c = await cliRun();
    } else {
      c = await cliRun();
      p = await pipelineRun(round);
    }
    log(`round ${round + 1}: pipeline ${round2(p / 1000)} s, whisper-cli ${round2(c / 1000)} s`);
  }
  const nodePeakMB = process.resourceUsage().maxRSS / 1024;
  const pipeline = { ms: Math.min(...pipelineRuns) };
  const cli = { ms: Math.min(...cliRuns) };
  log(`sidecar encoder: ${round(sidecarEncodeMs)} ms per 30 s window (×${round(sidecarEncodeMs / bareEncodeMs)} of whisper-bench)`);
  const pipelineRatio = pipeline.ms / cli.ms;
  log(`whole pipeline ${round(pipeline.ms / 1000)} s vs whisper-cli ${round(cli.ms / 1000)} s: ×${round(pipelineRatio, 3)} (goal ≤ 1.05)`);
  log(`peak RSS: sidecar ${round(sidecarPeakMB)} MB, node ${round(nodePeakMB)} MB (model ${round(modelMB)} MB)`);

  // ---- 4. VAD saving -----------------------------------------------------------------------------
  const vadRun = async (vad: boolean) => {
    const h = new EngineHolder();
    try {
      return await timed(() =>
        transcribeRecording(
          {
            source: gappy,
            journalFile: path.join(work, 'j', `gappy-${vad}.journal.jsonl`),
            workDir: path.join(work, 'pcm'),
            recordingId: 'bench-gappy',
            model: { path: model },
            language: 'id',
            prompt: '',
            replacements: [],
            threads: THREADS,
            vad,
            temperatureInc: 0,
          },
          { ff, engine: h },
        ),
      );
    } finally {
      await h.close();
    }
  };
  const withVad = await vadRun(true);
  const withoutVad = await vadRun(false);
  log(
    `long silences: with VAD ${round(withVad.ms / 1000)} s (fed ${round(withVad.value.stats.coveredSec)} of ${round(gappySec)} s), ` +
      `without ${round(withoutVad.ms / 1000)} s: saving ${round(100 * (1 - withVad.ms / withoutVad.ms), 1)} %`,
  );

  // ---- 5. the long acceptance run ----------------------------------------------------------------
  let long: Record<string, unknown> = { skipped: 'set BENCH_LONG=1 (35 minutes of audio, several minutes of work)' };
  if (LONG) {
    const longFile = path.join(work, `rapat-${LONG_MINUTES}min.m4a`);
    await run(ff.ffmpeg, ['-v', 'error', '-stream_loop', '-1', '-i', gappy, '-t', String(LONG_MINUTES * 60), '-ac', '1', '-c:a', 'aac', '-b:a', '64k', '-y', longFile]);
    const cacheDir = path.join(work, 'cli-cache');
    mkdirSync(cacheDir, { recursive: true });
    const env = { ...process.env, RISALAH_CACHE: cacheDir, RISALAH_CONFIG_DIR: path.join(work, 'cfg'), RISALAH_DATA_DIR: path.join(work, 'data'), RISALAH_LANG: 'id' };
    const args = [path.join(repo, 'bin', 'risalah.js'), 'transcribe', longFile, '--model', model, '--threads', String(THREADS), '--format', 'srt', '--out', path.join(work, 'long.srt')];
    const journalDir = path.join(cacheDir, 'work');
    const lastEnd = () => {
      const f = existsSync(journalDir) ? readdirSync(journalDir).find((n) => n.endsWith('.journal.jsonl')) : undefined;
      if (!f) return 0;
      let end = 0;
      for (const line of readFileSync(path.join(journalDir, f), 'utf8').split('\n')) {
        const m = /"end":([\d.]+)/.exec(line);
        if (m && line.includes('"segment"')) end = Math.max(end, Number(m[1]));
      }
      return end;
    };
    const first = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let peakKb = 0;
    const t0 = performance.now();
    const killedAt = await new Promise<number>((resolve) => {
      const timer = setInterval(() => {
        peakKb = Math.max(peakKb, treeRssKb(first.pid as number));
        if (lastEnd() >= (LONG_MINUTES * 60) / 2) {
          clearInterval(timer);
          first.kill('SIGKILL');
          resolve(performance.now() - t0);
        }
      }, 250);
    });
    await new Promise((r) => first.once('exit', r));
    const journaledAtKill = lastEnd();
    await new Promise((r) => setTimeout(r, 500));
    const orphans = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(model);
      } catch {
        return false;
      }
    });
    const second = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    second.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const t1 = performance.now();
    const sampler = setInterval(() => (peakKb = Math.max(peakKb, treeRssKb(second.pid as number))), 250);
    const code = await new Promise<number | null>((r) => second.once('exit', r));
    clearInterval(sampler);
    const secondMs = performance.now() - t1;
    const resumed = /melanjutkan dari/.test(stderr);
    const resumedSegments = Number(/: (\d+) segmen sudah selesai/.exec(stderr)?.[1] ?? 0);
    long = {
      minutes: LONG_MINUTES,
      peakTreeRssMB: round(peakKb / 1024),
      limitMB: round(modelMB + 300),
      withinLimit: peakKb / 1024 <= modelMB + 300,
      killedAfterSec: round(killedAt / 1000),
      journaledSecAtKill: round(journaledAtKill),
      orphanEnginesAfterKill: orphans.length,
      resumed,
      segmentsKeptFromFirstRun: resumedSegments,
      secondRunSec: round(secondMs / 1000),
      exitCode: code,
    };
    log(
      `long run: ${LONG_MINUTES} min, peak tree RSS ${round(peakKb / 1024)} MB (limit ${round(modelMB + 300)} MB), killed at ${round(journaledAtKill)} s ` +
        `after ${round(killedAt / 1000)} s; resumed: ${resumed}; second run ${round(secondMs / 1000)} s; orphan engines: ${orphans.length}`,
    );
  }

  process.stdout.write(
    `${JSON.stringify({
      bench: 'transcribe',
      threads: THREADS,
      model: 'random weights, base dimensions',
      modelMB: round(modelMB, 1),
      speechSec: SPEECH_SEC,
      encoderMsPer30s: { sidecar: round(sidecarEncodeMs), whisperBench: round(bareEncodeMs), ratio: round(sidecarEncodeMs / bareEncodeMs, 3) },
      pipelineVsWhisperCli: { pipelineSec: round(pipeline.ms / 1000), whisperCliSec: round(cli.ms / 1000), ratio: round(pipelineRatio, 3), goal: 1.05 },
      peakRssMB: { sidecar: round(sidecarPeakMB), node: round(nodePeakMB) },
      vad: {
        audioSec: round(gappySec),
        fedSec: round(withVad.value.stats.coveredSec),
        withVadSec: round(withVad.ms / 1000),
        withoutVadSec: round(withoutVad.ms / 1000),
        savingPercent: round(100 * (1 - withVad.ms / withoutVad.ms), 1),
      },
      long,
    })}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
