/**
 * Tests of the VAD (main/core/transcription/vad.ts) with the real Silero v5 model.
 *
 * Owns: a synthetic ceremony-like recording made from real parts — three espeak-ng Indonesian
 * sentences, ffmpeg silence (anullsrc), pink noise (anoisesrc) and a music-like chord (aevalsrc),
 * concatenated with known boundaries — and the checks on what the VAD finds in it; the
 * equivalence of the streaming state machine with silero-vad's get_speech_timestamps (a
 * line-by-line port below); chunking, memory, cancellation and model loading.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RisalahError } from '../../../main/core/errors';
import { decodePcm, resolveFfmpeg, type FfmpegTools } from '../../../main/core/media';
import {
  createVad,
  defaultVadModelPath,
  detectSpeech,
  resolveVadParams,
  SpeechTimestamper,
  VAD_FRAME_SAMPLES,
  type ResolvedVadParams,
  type SampleSpan,
  type Vad,
  type VadResult,
} from '../../../main/core/transcription/vad';
import { planWindows } from '../../../main/core/transcription/windows';

const SR = 16000;

// ---------------------------------------------------------------------------------------------
// The fixture

interface Piece {
  kind: 'silence' | 'speech' | 'noise' | 'tones';
  startSample: number;
  endSample: number;
  /** speech: the audible part (first/last sample above 1 % of full scale), absolute samples */
  audible?: { start: number; end: number };
  /** speech: absolute 20 ms frames whose RMS is above −30 dBFS (syllable nuclei) */
  loudFrames?: number[];
}

interface Fixture {
  dir: string;
  wav: string;
  pcm: Buffer;
  pieces: Piece[];
  durationSec: number;
  ff: FfmpegTools;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.once('error', reject);
    p.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: ${code}\n${err}`))));
  });
}

async function ffmpegPcm(ff: string, out: string, input: string[]): Promise<Buffer> {
  await run(ff, ['-nostdin', '-v', 'error', '-y', ...input, '-ac', '1', '-ar', String(SR), '-f', 's16le', '-c:a', 'pcm_s16le', out]);
  return readFile(out);
}

async function espeak(ff: string, dir: string, name: string, text: string): Promise<Buffer> {
  const wav = path.join(dir, `${name}.wav`);
  await run('espeak-ng', ['-v', 'id', '-w', wav, text]);
  return ffmpegPcm(ff, path.join(dir, `${name}.raw`), ['-i', wav]);
}

const lavfi = (ff: string, dir: string, name: string, src: string): Promise<Buffer> =>
  ffmpegPcm(ff, path.join(dir, `${name}.raw`), ['-f', 'lavfi', '-i', src]);

function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(SR, 24);
  h.writeUInt32LE(SR * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

function analyseSpeech(pcm: Buffer, offset: number): Pick<Piece, 'audible' | 'loudFrames'> {
  const n = pcm.length / 2;
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (Math.abs(pcm.readInt16LE(2 * i)) > 328) {
      if (first < 0) first = i;
      last = i;
    }
  }
  const loudFrames: number[] = [];
  const F = SR / 50;
  for (let f = 0; (f + 1) * F <= n; f++) {
    let e = 0;
    for (let i = f * F; i < (f + 1) * F; i++) e += (pcm.readInt16LE(2 * i) / 32768) ** 2;
    if (Math.sqrt(e / F) > 10 ** (-30 / 20)) loudFrames.push(offset + f * F);
  }
  return { audible: { start: offset + first, end: offset + last + 1 }, loudFrames };
}

async function makeFixture(): Promise<Fixture> {
  const ff = await resolveFfmpeg();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'risalah-vad-'));
  const f = ff.ffmpeg;
  const [a, b, c, s5, s20, noise, tones] = await Promise.all([
    espeak(f, dir, 'a', 'Selamat pagi bapak dan ibu sekalian, hari ini kita berkumpul untuk merayakan hari jadi kabupaten.'),
    espeak(f, dir, 'b', 'Kami mengucapkan terima kasih kepada seluruh panitia.'),
    espeak(f, dir, 'c', 'Acara selanjutnya adalah sambutan dari bupati.'),
    lavfi(f, dir, 's5', `anullsrc=r=${SR}:cl=mono:d=5`),
    lavfi(f, dir, 's20', `anullsrc=r=${SR}:cl=mono:d=20`),
    // applause-like: pink noise at −10 dBFS peak-ish
    lavfi(f, dir, 'noise', `anoisesrc=c=pink:r=${SR}:a=0.3:d=5:seed=7`),
    // music-like: a chord with a slow tremolo
    lavfi(f, dir, 'tones', `aevalsrc='(0.1*sin(2*PI*220*t)+0.1*sin(2*PI*277.2*t)+0.1*sin(2*PI*329.6*t))*(0.7+0.3*sin(2*PI*2*t))':s=${SR}:d=5`),
  ]);
  const layout: [Piece['kind'], Buffer][] = [
    ['silence', s5],
    ['speech', a],
    ['silence', s20],
    ['speech', b],
    ['noise', noise],
    ['tones', tones],
    ['speech', c],
    ['silence', s5],
  ];
  const pieces: Piece[] = [];
  let at = 0;
  for (const [kind, buf] of layout) {
    const n = buf.length / 2;
    pieces.push({ kind, startSample: at, endSample: at + n, ...(kind === 'speech' ? analyseSpeech(buf, at) : {}) });
    at += n;
  }
  const pcm = Buffer.concat(layout.map(([, buf]) => buf));
  const wav = path.join(dir, 'upacara.wav');
  await writeFile(wav, Buffer.concat([wavHeader(pcm.length), pcm]));
  return { dir, wav, pcm, pieces, durationSec: at / SR, ff };
}

async function* chunked(buf: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let k = 0;
  for (let i = 0; i < buf.length; ) {
    const n = sizes[k++ % sizes.length] as number;
    yield buf.subarray(i, i + n);
    i += n;
  }
}

// ---------------------------------------------------------------------------------------------

let fx: Fixture;
let vad: Vad;
let fromFile: VadResult;

beforeAll(async () => {
  [fx, vad] = await Promise.all([makeFixture(), createVad()]);
  fromFile = await vad.detectSpeech(decodePcm(fx.wav, fx.ff));
});
afterAll(async () => {
  await vad?.close();
  if (fx) await rm(fx.dir, { recursive: true, force: true });
});

const speechPieces = (): Piece[] => fx.pieces.filter((p) => p.kind === 'speech');

describe('detectSpeech on a ceremony-like recording', () => {
  const PAD = 0.4; // the default speechPadMs
  const TOL = 0.3;

  it('reads the whole recording', () => {
    expect(fromFile.durationSec).toBe(fx.pcm.length / 2 / SR);
    expect(fromFile.frames).toBe(Math.ceil(fx.pcm.length / 2 / VAD_FRAME_SAMPLES));
  });

  it('finds three groups of speech, each covering a sentence with its padding and little more', () => {
    const segs = fromFile.segments;
    // ordered, non-overlapping, inside the recording
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      expect(s.endSec).toBeGreaterThan(s.startSec);
      expect(s.startSec).toBeGreaterThanOrEqual(0);
      expect(s.endSec).toBeLessThanOrEqual(fromFile.durationSec);
      if (i > 0) expect(s.startSec).toBeGreaterThanOrEqual(segs[i - 1]!.endSec);
    }
    // groups: segments separated by more than 3 s
    const groups: { startSec: number; endSec: number }[] = [];
    for (const s of segs) {
      const g = groups[groups.length - 1];
      if (g && s.startSec - g.endSec <= 3) g.endSec = s.endSec;
      else groups.push({ ...s });
    }
    const speech = speechPieces();
    expect(groups).toHaveLength(3);
    groups.forEach((g, i) => {
      const known = speech[i]!.audible!;
      const ks = known.start / SR;
      const ke = known.end / SR;
      expect(g.startSec, `group ${i} start`).toBeLessThanOrEqual(ks);
      expect(g.startSec, `group ${i} start`).toBeGreaterThanOrEqual(ks - PAD - TOL);
      expect(g.endSec, `group ${i} end`).toBeGreaterThanOrEqual(ke);
      expect(g.endSec, `group ${i} end`).toBeLessThanOrEqual(ke + PAD + TOL);
    });
  });

  it('cuts no word: every loud 20 ms frame of the sentences lies inside a segment', () => {
    const inside = (t0: number, t1: number): boolean => fromFile.segments.some((s) => s.startSec <= t0 && t1 <= s.endSec);
    let frames = 0;
    for (const p of speechPieces()) {
      for (const f of p.loudFrames!) {
        frames++;
        expect(inside(f / SR, (f + SR / 50) / SR), `frame at ${(f / SR).toFixed(2)} s`).toBe(true);
      }
    }
    expect(frames).toBeGreaterThan(200); // the check ran on real speech
  });

  it('reports nothing in the 20 s of silence, nor in the noise and the tones', () => {
    const quiet = fx.pieces.filter((p) => p.kind !== 'speech' && p.endSample - p.startSample >= 5 * SR);
    expect(quiet.map((p) => p.kind)).toEqual(['silence', 'silence', 'noise', 'tones', 'silence']);
    for (const p of quiet) {
      // the padding of the neighbouring speech may reach in; nothing beyond it
      const a = p.startSample / SR + PAD + TOL;
      const b = p.endSample / SR - PAD - TOL;
      const hit = fromFile.segments.filter((s) => s.startSec < b && s.endSec > a);
      expect(hit, `${p.kind} ${a.toFixed(1)}–${b.toFixed(1)} s`).toEqual([]);
    }
  });

  it('speechSec is the sum of the segments and well below the duration', () => {
    const sum = fromFile.segments.reduce((s, x) => s + (x.endSec - x.startSec), 0);
    expect(fromFile.speechSec).toBeCloseTo(sum, 9);
    const known = speechPieces().reduce((s, p) => s + (p.audible!.end - p.audible!.start) / SR, 0);
    expect(fromFile.speechSec).toBeGreaterThan(known * 0.8);
    expect(fromFile.speechSec).toBeLessThan(fromFile.durationSec * 0.4);
  });

  it('feeds the planner: three windows, most of the recording skipped', () => {
    const plan = planWindows(fromFile.segments, fromFile.durationSec);
    expect(plan.windows).toHaveLength(3);
    expect(plan.forcedCuts).toBe(0);
    expect(plan.coveredSec).toBeLessThan(fromFile.durationSec * 0.4);
    expect(plan.coveredSec + plan.skippedSec).toBeCloseTo(fromFile.durationSec, 6);
  });

  it('gives the same result for any chunking, odd byte counts included', async () => {
    const whole = await vad.detectSpeech(chunked(fx.pcm, [fx.pcm.length]));
    expect(whole).toEqual(fromFile);
    const odd = await vad.detectSpeech(chunked(fx.pcm, [1, 3, 1023, 511, 4097, 2, 65537, 7]));
    expect(odd).toEqual(whole);
  });

  it('computes what silero-vad computes: OnnxWrapper probabilities, then get_speech_timestamps', async () => {
    // the reference: silero-vad's OnnxWrapper.__call__ — fresh tensors for every frame, the
    // input being the previous frame's last 64 samples followed by this frame (zeros first)
    const session = await ort.InferenceSession.create(defaultVadModelPath(), { intraOpNumThreads: 1 });
    const n = fx.pcm.length / 2;
    const audio = new Float32Array(n);
    for (let i = 0; i < n; i++) audio[i] = fx.pcm.readInt16LE(2 * i) / 32768;
    const expected: number[] = [];
    let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
    let context = new Float32Array(64);
    const sr = new ort.Tensor('int64', BigInt64Array.of(16000n), []);
    for (let at = 0; at < n; at += 512) {
      const chunk = new Float32Array(512);
      chunk.set(audio.subarray(at, at + 512)); // the last one zero-padded
      const x = new Float32Array(576);
      x.set(context, 0);
      x.set(chunk, 64);
      const out = await session.run({ input: new ort.Tensor('float32', x, [1, 576]), state, sr });
      state = out.stateN!;
      expected.push((out.output!.data as Float32Array)[0]!);
      context = x.slice(-64);
    }
    await session.release();

    const got: number[] = [];
    const r = await vad.detectSpeech(chunked(fx.pcm, [10000]), { onFrame: (p, i) => (got[i] = p) });
    expect(got).toHaveLength(expected.length);
    let maxDiff = 0;
    got.forEach((p, i) => (maxDiff = Math.max(maxDiff, Math.abs(p - expected[i]!))));
    expect(maxDiff).toBeLessThan(1e-5);
    // there is speech and silence in it, or the comparison would be weak
    expect(expected.filter((p) => p > 0.9).length).toBeGreaterThan(100);
    expect(expected.filter((p) => p < 0.1).length).toBeGreaterThan(500);

    const spans = getSpeechTimestampsPy(expected, n, vad.params);
    expect(r.segments).toEqual(spans.map((s) => ({ startSec: s.start / SR, endSec: s.end / SR })));
  });

  it('reports progress up to the duration', async () => {
    const seen: number[] = [];
    const r = await vad.detectSpeech(chunked(fx.pcm, [8000]), { onProgress: (s) => seen.push(s) });
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen[seen.length - 1]).toBe(r.durationSec);
  });

  it('a shorter padding cuts closer (per-call options override the defaults)', async () => {
    const tight = await vad.detectSpeech(chunked(fx.pcm, [65536]), { speechPadMs: 30 });
    expect(tight.speechSec).toBeLessThan(fromFile.speechSec - 1);
    const first = tight.segments[0]!;
    expect(first.startSec).toBeGreaterThan(fromFile.segments[0]!.startSec + 0.3);
  });
});

describe('detectSpeech: resources and cancellation', () => {
  it('keeps memory flat over 10 minutes of silence', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    // fresh buffers (a real decoder allocates each chunk), written to so that their pages are
    // resident: keeping them would show in `external` and in the RSS
    async function* silence(sec: number): AsyncGenerator<Buffer> {
      for (let i = 0; i < sec; i++) yield Buffer.allocUnsafe(32000).fill(0); // 1 s
    }
    await vad.detectSpeech(silence(20)); // warm-up
    gc();
    const before = process.memoryUsage();
    const r = await vad.detectSpeech(silence(600));
    gc();
    const after = process.memoryUsage();
    expect(r.durationSec).toBe(600);
    expect(r.segments).toEqual([]);
    expect(r.speechSec).toBe(0);
    // the audio is 19.2 MB as s16le, 38.4 MB as float32
    expect(after.external - before.external).toBeLessThan(4e6);
    expect(after.rss - before.rss).toBeLessThan(12e6);
  });

  it('an abort stops the pass with CANCELLED and stops ffmpeg', async () => {
    const ac = new AbortController();
    const stream = decodePcm(fx.wav, fx.ff); // the signal is given to the VAD only
    const p = vad.detectSpeech(stream, {
      signal: ac.signal,
      onProgress: (sec) => {
        if (sec >= 3) ac.abort();
      },
    });
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RisalahError);
    expect((err as RisalahError).code).toBe('CANCELLED');
    // the stream was closed before its end, so its ffmpeg is killed and reaped
    expect(stream.summary).toBeUndefined();
    const pid = stream.pid;
    expect(pid).toBeGreaterThan(0);
    for (let i = 0; i < 100 && (await pidAlive(pid!)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await pidAlive(pid!)).toBe(false);
  });

  it('an abort does not wait for a stream that stalls', async () => {
    const ac = new AbortController();
    let returned = false;
    const stalled: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]() {
        let n = 0;
        return {
          next: () => (n++ < 3 ? Promise.resolve({ done: false, value: Buffer.alloc(16000) }) : new Promise<IteratorResult<Buffer>>(() => {})),
          return: () => {
            returned = true;
            return Promise.resolve({ done: true, value: undefined });
          },
        };
      },
    };
    const p = vad.detectSpeech(stalled, { signal: ac.signal, onProgress: () => setTimeout(() => ac.abort(), 20) });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(returned).toBe(true);
  });

  it('an already aborted signal: CANCELLED before reading anything', async () => {
    let pulled = 0;
    async function* src(): AsyncGenerator<Buffer> {
      pulled++;
      yield Buffer.alloc(1024);
    }
    await expect(vad.detectSpeech(src(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(pulled).toBe(0);
  });

  it('errors of the stream pass through', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(4096);
      throw new RisalahError('MEDIA_DAMAGED', 'damaged', { file: 'x.m4a' });
    }
    await expect(vad.detectSpeech(broken())).rejects.toMatchObject({ code: 'MEDIA_DAMAGED' });
  });

  it('close() stops running passes, then releases; later calls are refused', async () => {
    const own = await createVad();
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) yield Buffer.alloc(32000);
    }
    let started!: () => void;
    const progressed = new Promise<void>((r) => (started = r));
    const p = own.detectSpeech(endless(), { onProgress: () => started() });
    await progressed;
    await own.close();
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    await own.close(); // idempotent
    await expect(own.detectSpeech(endless())).rejects.toThrow(/after close/);
  });

  it('one-shot detectSpeech loads, runs and releases', async () => {
    const r = await detectSpeech(chunked(fx.pcm, [65536]));
    expect(r).toEqual(fromFile);
  });
});

describe('createVad', () => {
  it('loads the v5 model shipped in @ricky0123/vad-web by default', async () => {
    expect(defaultVadModelPath()).toMatch(/@ricky0123[/\\]vad-web[/\\]dist[/\\]silero_vad_v5\.onnx$/);
    expect(vad.modelPath).toBe(defaultVadModelPath());
    expect(vad.params).toMatchObject({ threshold: 0.5, negThreshold: 0.35, minSpeechMs: 250, minSilenceMs: 100, speechPadMs: 400 });
  });

  it('a missing model file is ENGINE_MISSING', async () => {
    const e = await createVad({ modelPath: path.join(fx.dir, 'nope.onnx') }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RisalahError);
    expect(e).toMatchObject({ code: 'ENGINE_MISSING', params: { file: 'nope.onnx' } });
  });

  it('a file that is not an ONNX model, or not Silero v5 (the legacy v4 model), is ENGINE_MISSING', async () => {
    const junk = path.join(fx.dir, 'junk.onnx');
    await writeFile(junk, 'not a model');
    await expect(createVad({ modelPath: junk })).rejects.toMatchObject({ code: 'ENGINE_MISSING' });
    const legacy = path.join(path.dirname(defaultVadModelPath()), 'silero_vad_legacy.onnx');
    await expect(createVad({ modelPath: legacy })).rejects.toMatchObject({ code: 'ENGINE_MISSING', message: /Not a Silero VAD v5/ });
  });

  it('checks its parameters', () => {
    expect(resolveVadParams({ threshold: 0.6 }).negThreshold).toBeCloseTo(0.45, 12);
    expect(resolveVadParams({ threshold: 0.1 }).negThreshold).toBe(0.01);
    // a call's new threshold re-derives negThreshold from it, not from the Vad's
    expect(resolveVadParams({ threshold: 0.7 }, resolveVadParams({ threshold: 0.5 })).negThreshold).toBeCloseTo(0.55, 12);
    expect(resolveVadParams({ minSpeechMs: 0 }, resolveVadParams({ threshold: 0.6 })).negThreshold).toBeCloseTo(0.45, 12);
    expect(() => resolveVadParams({ threshold: 1.2 })).toThrow(RangeError);
    expect(() => resolveVadParams({ threshold: 0.5, negThreshold: 0.6 })).toThrow(RangeError);
    expect(() => resolveVadParams({ speechPadMs: -1 })).toThrow(RangeError);
    expect(() => resolveVadParams({ maxSpeechSec: 0 })).toThrow(RangeError);
  });
});

async function pidAlive(pid: number): Promise<boolean> {
  try {
    // a zombie (not reaped) still has /proc/<pid>
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.length > 0;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The state machine against silero-vad's get_speech_timestamps

/**
 * silero-vad utils_vad.py get_speech_timestamps (the version with possible_ends), transcribed
 * line by line from Python, from the probabilities on: the reference the streaming version
 * must match exactly.
 */
function getSpeechTimestampsPy(probs: number[], audioLengthSamples: number, p: ResolvedVadParams): SampleSpan[] {
  const samplingRate = 16000;
  const windowSizeSamples = 512;
  const minSpeechSamples = (samplingRate * p.minSpeechMs) / 1000;
  const speechPadSamples = (samplingRate * p.speechPadMs) / 1000;
  const maxSpeechSamples = samplingRate * p.maxSpeechSec - windowSizeSamples - 2 * speechPadSamples;
  const minSilenceSamples = (samplingRate * p.minSilenceMs) / 1000;
  const minSilenceSamplesAtMaxSpeech = (samplingRate * p.minSilenceAtMaxSpeechMs) / 1000;
  const threshold = p.threshold;
  const negThreshold = p.negThreshold;

  let triggered = false;
  const speeches: { start: number; end: number }[] = [];
  let currentSpeech: { start?: number; end?: number } = {};
  let tempEnd = 0;
  let prevEnd = 0;
  let nextStart = 0;
  let possibleEnds: [number, number][] = [];
  const isEmpty = (d: object): boolean => Object.keys(d).length === 0;

  for (let i = 0; i < probs.length; i++) {
    const speechProb = probs[i]!;
    if (speechProb >= threshold && tempEnd) {
      if (tempEnd !== 0) {
        const silDur = windowSizeSamples * i - tempEnd;
        if (silDur > minSilenceSamplesAtMaxSpeech) possibleEnds.push([tempEnd, silDur]);
        tempEnd = 0;
      }
      if (nextStart < prevEnd) nextStart = windowSizeSamples * i;
    }
    if (speechProb >= threshold && !triggered) {
      triggered = true;
      currentSpeech.start = windowSizeSamples * i;
      continue;
    }
    if (triggered && windowSizeSamples * i - currentSpeech.start! > maxSpeechSamples) {
      if (possibleEnds.length) {
        let best = possibleEnds[0]!;
        for (const pe of possibleEnds) if (pe[1] > best[1]) best = pe; // Python max(): first maximum
        prevEnd = best[0];
        const dur = best[1];
        currentSpeech.end = prevEnd;
        speeches.push(currentSpeech as { start: number; end: number });
        currentSpeech = {};
        nextStart = prevEnd + dur;
        if (nextStart < prevEnd + windowSizeSamples * i) {
          currentSpeech.start = nextStart;
        } else {
          triggered = false;
        }
        possibleEnds = possibleEnds.filter((pe) => pe[0] > nextStart);
        prevEnd = nextStart = tempEnd = 0;
      } else {
        currentSpeech.end = windowSizeSamples * i;
        speeches.push(currentSpeech as { start: number; end: number });
        currentSpeech = {};
        prevEnd = nextStart = tempEnd = 0;
        triggered = false;
        possibleEnds = [];
        continue;
      }
    }
    if (speechProb < negThreshold && triggered) {
      if (!tempEnd) tempEnd = windowSizeSamples * i;
      if (windowSizeSamples * i - tempEnd < minSilenceSamples) {
        continue;
      } else {
        currentSpeech.end = tempEnd;
        if (currentSpeech.end - currentSpeech.start! > minSpeechSamples) speeches.push(currentSpeech as { start: number; end: number });
        currentSpeech = {};
        prevEnd = nextStart = tempEnd = 0;
        triggered = false;
        possibleEnds = [];
        continue;
      }
    }
  }
  if (!isEmpty(currentSpeech) && audioLengthSamples - currentSpeech.start! > minSpeechSamples) {
    currentSpeech.end = audioLengthSamples;
    speeches.push(currentSpeech as { start: number; end: number });
  }
  const int = Math.trunc;
  const floorDiv2 = (x: number): number => Math.floor(x / 2);
  for (let i = 0; i < speeches.length; i++) {
    const speech = speeches[i]!;
    if (i === 0) speech.start = int(Math.max(0, speech.start - speechPadSamples));
    if (i !== speeches.length - 1) {
      const next = speeches[i + 1]!;
      const silenceDuration = next.start - speech.end;
      if (silenceDuration < 2 * speechPadSamples) {
        speech.end += int(floorDiv2(silenceDuration));
        next.start = int(Math.max(0, next.start - floorDiv2(silenceDuration)));
      } else {
        speech.end = int(Math.min(audioLengthSamples, speech.end + speechPadSamples));
        next.start = int(Math.max(0, next.start - speechPadSamples));
      }
    } else {
      speech.end = int(Math.min(audioLengthSamples, speech.end + speechPadSamples));
    }
  }
  return speeches.map((s) => ({ start: s.start, end: s.end }));
}

/** A deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs of speech-like, ambiguous and silent probabilities (the hysteresis zone included). */
function randomProbs(r: () => number, frames: number): number[] {
  const out: number[] = [];
  while (out.length < frames) {
    const kind = r();
    const len = 1 + Math.floor(r() * r() * 120);
    for (let k = 0; k < len && out.length < frames; k++) {
      if (kind < 0.4) out.push(0.5 + r() * 0.5);
      else if (kind < 0.55) out.push(0.3 + r() * 0.25);
      else out.push(r() * 0.3);
    }
  }
  return out;
}

describe('SpeechTimestamper = get_speech_timestamps', () => {
  const variants: [string, Parameters<typeof resolveVadParams>[0]][] = [
    ['defaults', {}],
    ['silero defaults (pad 30 ms)', { speechPadMs: 30 }],
    ['no padding, no min speech', { speechPadMs: 0, minSpeechMs: 0 }],
    ['max speech 3 s, splits without pauses', { maxSpeechSec: 3 }],
    ['max speech 5 s with 2 s min silence (splits at pauses)', { maxSpeechSec: 5, minSilenceMs: 2000, speechPadMs: 200 }],
    ['max speech, last pause not longest', { maxSpeechSec: 4, minSilenceMs: 800, minSilenceAtMaxSpeechMs: 60, speechPadMs: 30 }],
    ['other thresholds', { threshold: 0.6, negThreshold: 0.2, minSilenceMs: 500, speechPadMs: 1000 }],
  ];
  it.each(variants)('%s', (_name, opts) => {
    const p = resolveVadParams(opts);
    const r = rng(42);
    let segments = 0;
    let splits = 0;
    for (let trial = 0; trial < 60; trial++) {
      const frames = 50 + Math.floor(r() * 3000);
      const probs = randomProbs(r, frames);
      const total = frames * VAD_FRAME_SAMPLES - Math.floor(r() * VAD_FRAME_SAMPLES);
      const expected = getSpeechTimestampsPy(probs, total, p);
      const ts = new SpeechTimestamper(p);
      for (const x of probs) ts.push(x);
      expect(ts.finish(total)).toEqual(expected);
      segments += expected.length;
      if (p.maxSpeechSec !== Infinity) splits += expected.filter((s) => s.end - s.start >= p.maxSpeechSec * 16000 * 0.9).length;
    }
    expect(segments).toBeGreaterThan(100); // the sequences did exercise the machine
    if (p.maxSpeechSec !== Infinity) expect(splits).toBeGreaterThan(5);
  });

  it('holds back only the last segment while streaming', () => {
    const ts = new SpeechTimestamper(resolveVadParams({}));
    const seq = [...Array(100).fill(0.9), ...Array(100).fill(0.05), ...Array(100).fill(0.9), ...Array(100).fill(0.05)];
    for (const x of seq) ts.push(x);
    expect(ts.segments).toHaveLength(1); // the second waits for its end padding
    expect(ts.finish(seq.length * 512)).toHaveLength(2);
  });
});
