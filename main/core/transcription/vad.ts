/**
 * Voice activity detection (Silero VAD v5 through onnxruntime-node).
 *
 * Owns: `createVad` (one ONNX session, reusable for many recordings), `detectSpeech` (one pass
 * over a recording's 16 kHz mono s16le PCM stream → speech segments), the port of silero-vad's
 * `get_speech_timestamps` as a streaming state machine (`SpeechTimestamper`: hysteresis between
 * `threshold` and `negThreshold`, min speech, min silence, max speech split, padding split across
 * short gaps) and where the model file comes from (`defaultVadModelPath`). See docs/vad.md.
 *
 * Model I/O (checked against the .onnx itself and silero-vad's OnnxWrapper): inputs `input`
 * float32 [batch, 576] = the 64 last samples of the previous frame followed by the 512 samples of
 * this frame, `state` float32 [2, batch, 128], `sr` int64 scalar (16000); outputs `output`
 * float32 [batch, 1] (speech probability) and `stateN` (the next `state`). The graph accepts any
 * input length without complaint, but without the 64-sample context its probabilities are
 * wrong (v5: ragged, v6: near zero), so the context is not optional.
 *
 * Memory is bounded whatever the recording's length: one 576-sample input buffer, two state
 * buffers (swapped each frame), the hysteresis state and the segments found so far. Tensors are
 * allocated once per pass and filled in place.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { RisalahError } from '../errors';

/** The only sample rate the VAD takes (and the one `decodePcm` produces by default). */
export const VAD_SAMPLE_RATE = 16_000;
/** Samples per model call (32 ms at 16 kHz). */
export const VAD_FRAME_SAMPLES = 512;
/** Samples of the previous frame prepended to each frame (silero-vad's `context_size`). */
export const VAD_CONTEXT_SAMPLES = 64;
const STATE_SIZE = 2 * 1 * 128;

/** Tuning of the detector (all optional; defaults in `DEFAULT_VAD_PARAMS`). */
export interface VadParams {
  /** A frame whose speech probability is ≥ this starts (or continues) speech. */
  threshold?: number;
  /** While in speech, a frame below this counts as silence (default `max(threshold − 0.15, 0.01)`). */
  negThreshold?: number;
  /** Speech shorter than this (before padding) is dropped. */
  minSpeechMs?: number;
  /** Silence (below `negThreshold`) must last this long to end a speech segment. */
  minSilenceMs?: number;
  /** Added on each side of a segment; split in half when two segments are closer than twice this. */
  speechPadMs?: number;
  /** Split speech longer than this (at its longest inner pause if any); default: no limit. */
  maxSpeechSec?: number;
  /** With `maxSpeechSec`: only pauses longer than this are split points (silero-vad: 98 ms). */
  minSilenceAtMaxSpeechMs?: number;
}

export type ResolvedVadParams = Required<VadParams>;

/**
 * Defaults. Silero's own defaults except the padding: 30 ms is tuned for cutting clips; for
 * transcription a word's soft onset or final fricative (the "s" of "sekalian", a trailing "h")
 * often scores below the threshold, and cutting it makes Whisper drop or mishear the word.
 * 400 ms (faster-whisper's choice) keeps those, and costs little: the planner merges short gaps
 * anyway.
 */
export const DEFAULT_VAD_PARAMS: Readonly<Omit<ResolvedVadParams, 'negThreshold'>> = Object.freeze({
  threshold: 0.5,
  minSpeechMs: 250,
  minSilenceMs: 100,
  speechPadMs: 400,
  maxSpeechSec: Infinity,
  minSilenceAtMaxSpeechMs: 98,
});

export interface CreateVadOptions extends VadParams {
  /** The Silero v5 .onnx file; default `defaultVadModelPath()` (a packaged app passes its copy). */
  modelPath?: string;
  /** onnxruntime intra-op threads (default 1: the model is tiny, more threads are slower). */
  intraOpNumThreads?: number;
}

export interface DetectSpeechOptions extends VadParams {
  signal?: AbortSignal;
  /** Called with the seconds of audio processed so far (about once per second of audio, and at the end). */
  onProgress?: (sec: number) => void;
  /** Every frame's speech probability, frame `index` covering samples [512·index, 512·index + 512) (diagnostics). */
  onFrame?: (prob: number, index: number) => void;
}

/** A span of speech, in seconds from the start of the recording (padding included). */
export interface SpeechSegment {
  startSec: number;
  endSec: number;
}

export interface VadResult {
  /** Ordered, non-overlapping (they may touch where padding was split across a short gap). */
  segments: SpeechSegment[];
  /** Seconds of audio read. */
  durationSec: number;
  /** Sum of the segments' lengths. */
  speechSec: number;
  /** Model calls made (512-sample frames, the last one zero-filled). */
  frames: number;
}

export interface Vad {
  readonly modelPath: string;
  /** The parameters `detectSpeech` uses unless a call overrides them. */
  readonly params: ResolvedVadParams;
  /**
   * Reads `pcm` (16 kHz mono s16le; chunks of any size, even odd byte counts) to its end and
   * returns the speech found. Errors: CANCELLED when `signal` aborts (the stream is closed, so
   * a `decodePcm` stream stops its ffmpeg); the errors of `pcm` itself pass through.
   * Several calls may run at once; each has its own recurrent state.
   */
  detectSpeech(pcm: AsyncIterable<Buffer | Uint8Array>, opts?: DetectSpeechOptions): Promise<VadResult>;
  /**
   * Releases the ONNX session. Never blocks: passes still running are stopped first (they reject
   * with CANCELLED) and the release happens once they have left the model. Idempotent.
   */
  close(): Promise<void>;
}

/** The Silero v5 model shipped in `@ricky0123/vad-web` (development and tests). */
export function defaultVadModelPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@ricky0123/vad-web/package.json')), 'dist', 'silero_vad_v5.onnx');
}

/** Fills in the defaults and checks the ranges (a bad value is a programming error: RangeError). */
export function resolveVadParams(p: VadParams = {}, base?: ResolvedVadParams): ResolvedVadParams {
  const pick = <K extends keyof VadParams>(k: K): number | undefined => p[k] ?? base?.[k];
  const threshold = pick('threshold') ?? DEFAULT_VAD_PARAMS.threshold;
  // A new threshold without a new negThreshold re-derives it (silero-vad's rule).
  const negThreshold = p.negThreshold ?? (p.threshold === undefined ? base?.negThreshold : undefined) ?? Math.max(threshold - 0.15, 0.01);
  const r: ResolvedVadParams = {
    threshold,
    negThreshold,
    minSpeechMs: pick('minSpeechMs') ?? DEFAULT_VAD_PARAMS.minSpeechMs,
    minSilenceMs: pick('minSilenceMs') ?? DEFAULT_VAD_PARAMS.minSilenceMs,
    speechPadMs: pick('speechPadMs') ?? DEFAULT_VAD_PARAMS.speechPadMs,
    maxSpeechSec: pick('maxSpeechSec') ?? DEFAULT_VAD_PARAMS.maxSpeechSec,
    minSilenceAtMaxSpeechMs: pick('minSilenceAtMaxSpeechMs') ?? DEFAULT_VAD_PARAMS.minSilenceAtMaxSpeechMs,
  };
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new RangeError(`VAD: ${what}`);
  };
  check(r.threshold > 0 && r.threshold < 1, 'threshold must be in (0, 1)');
  check(r.negThreshold > 0 && r.negThreshold <= r.threshold, 'negThreshold must be in (0, threshold]');
  for (const k of ['minSpeechMs', 'minSilenceMs', 'speechPadMs', 'minSilenceAtMaxSpeechMs'] as const) {
    check(Number.isFinite(r[k]) && r[k] >= 0, `${k} must be a finite number ≥ 0`);
  }
  check(r.maxSpeechSec === Infinity || (Number.isFinite(r.maxSpeechSec) && r.maxSpeechSec > 0), 'maxSpeechSec must be > 0');
  return r;
}

/** A speech span in samples (integers), before conversion to seconds. */
export interface SampleSpan {
  start: number;
  end: number;
}

/**
 * silero-vad's `get_speech_timestamps` (utils_vad.py, the version with `possible_ends`) turned
 * inside out: it takes one probability per frame as they come instead of the list of all of
 * them, and pads segments as soon as the next one is known, so it holds only the hysteresis
 * state and one unpadded segment. Feed `push(prob)` per 512-sample frame, then
 * `finish(totalSamples)`. The output is identical to the Python function's (tested against a
 * line-by-line port).
 */
export class SpeechTimestamper {
  private readonly win = VAD_FRAME_SAMPLES;
  private readonly minSpeech: number;
  private readonly pad: number;
  private readonly maxSpeech: number;
  private readonly minSilence: number;
  private readonly minSilenceAtMax: number;

  private i = 0;
  private triggered = false;
  private curStart: number | undefined; // current_speech['start'] (undefined: current_speech == {})
  private tempEnd = 0;
  private prevEnd = 0;
  private nextStart = 0;
  private possibleEnds: [end: number, dur: number][] = [];
  /** The last finished segment, start already padded, end waiting for the next segment. */
  private held: SampleSpan | undefined;
  private readonly out: SampleSpan[] = [];
  private finished = false;

  constructor(private readonly p: ResolvedVadParams) {
    const sr = VAD_SAMPLE_RATE;
    this.minSpeech = (sr * p.minSpeechMs) / 1000;
    this.pad = (sr * p.speechPadMs) / 1000;
    this.maxSpeech = sr * p.maxSpeechSec - this.win - 2 * this.pad;
    this.minSilence = (sr * p.minSilenceMs) / 1000;
    this.minSilenceAtMax = (sr * p.minSilenceAtMaxSpeechMs) / 1000;
  }

  /** Segments completed (padded) so far; the last one found is held back until its successor or `finish`. */
  get segments(): readonly SampleSpan[] {
    return this.out;
  }

  push(prob: number): void {
    const { threshold, negThreshold } = this.p;
    const win = this.win;
    const pos = win * this.i++;

    if (prob >= threshold && this.tempEnd) {
      const silDur = pos - this.tempEnd;
      // Pauses are only candidates for a max-speech split; with no limit, keeping them would be
      // an unbounded list for nothing.
      if (silDur > this.minSilenceAtMax && this.maxSpeech !== Infinity) this.possibleEnds.push([this.tempEnd, silDur]);
      this.tempEnd = 0;
      if (this.nextStart < this.prevEnd) this.nextStart = pos;
    }

    if (prob >= threshold && !this.triggered) {
      this.triggered = true;
      this.curStart = pos;
      return;
    }

    if (this.triggered && this.curStart !== undefined && pos - this.curStart > this.maxSpeech) {
      if (this.possibleEnds.length > 0) {
        // the longest pause inside the current speech (use_max_poss_sil_at_max_speech)
        let best = this.possibleEnds[0] as [number, number];
        for (const pe of this.possibleEnds) if (pe[1] > best[1]) best = pe;
        const [end, dur] = best;
        this.prevEnd = end;
        this.emit({ start: this.curStart, end });
        this.curStart = undefined;
        this.nextStart = end + dur;
        if (this.nextStart < end + pos) {
          this.curStart = this.nextStart;
        } else {
          this.triggered = false;
        }
        const ns = this.nextStart;
        this.possibleEnds = this.possibleEnds.filter((pe) => pe[0] > ns);
        this.prevEnd = this.nextStart = this.tempEnd = 0;
      } else {
        this.emit({ start: this.curStart, end: pos });
        this.curStart = undefined;
        this.prevEnd = this.nextStart = this.tempEnd = 0;
        this.triggered = false;
        this.possibleEnds = [];
        return;
      }
    }

    if (prob < negThreshold && this.triggered) {
      if (!this.tempEnd) this.tempEnd = pos;
      if (pos - this.tempEnd < this.minSilence) return;
      const start = this.curStart;
      if (start !== undefined && this.tempEnd - start > this.minSpeech) this.emit({ start, end: this.tempEnd });
      this.curStart = undefined;
      this.prevEnd = this.nextStart = this.tempEnd = 0;
      this.triggered = false;
      this.possibleEnds = [];
    }
  }

  /** Ends the pass: `totalSamples` is the real length of the audio (not rounded up to frames). */
  finish(totalSamples: number): SampleSpan[] {
    if (this.finished) return this.out;
    this.finished = true;
    if (this.curStart !== undefined && totalSamples - this.curStart > this.minSpeech) {
      this.emit({ start: this.curStart, end: totalSamples });
    }
    if (this.held) {
      this.held.end = Math.trunc(Math.min(totalSamples, this.held.end + this.pad));
      this.out.push(this.held);
      this.held = undefined;
    }
    return this.out;
  }

  /** The padding pass of get_speech_timestamps, one pair (held, next) at a time. */
  private emit(seg: SampleSpan): void {
    const next = { ...seg };
    const held = this.held;
    if (!held) {
      if (this.out.length === 0) next.start = Math.trunc(Math.max(0, next.start - this.pad));
    } else {
      const silence = next.start - held.end;
      if (silence < 2 * this.pad) {
        held.end += Math.floor(silence / 2);
        next.start = Math.trunc(Math.max(0, next.start - Math.floor(silence / 2)));
      } else {
        // (Python also clamps this end to the audio's length; it is < next.start there anyway.)
        held.end = Math.trunc(held.end + this.pad);
        next.start = Math.trunc(Math.max(0, next.start - this.pad));
      }
      this.out.push(held);
    }
    this.held = next;
  }
}

/** The model's tensors for one pass, allocated once and filled in place for every frame. */
class FrameRunner {
  /** [context (64) | frame (512)] */
  readonly input = new Float32Array(VAD_CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
  private readonly inputT: ort.Tensor;
  private readonly srT: ort.Tensor;
  private stateIn: ort.Tensor;
  private stateOut: ort.Tensor;
  private readonly outT: ort.Tensor;
  private readonly feeds: Record<string, ort.Tensor>;
  private readonly fetches: Record<string, ort.Tensor>;

  constructor(private readonly session: ort.InferenceSession) {
    this.inputT = new ort.Tensor('float32', this.input, [1, this.input.length]);
    this.srT = new ort.Tensor('int64', BigInt64Array.of(BigInt(VAD_SAMPLE_RATE)), []);
    this.stateIn = new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
    this.stateOut = new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
    this.outT = new ort.Tensor('float32', new Float32Array(1), [1, 1]);
    this.feeds = { input: this.inputT, state: this.stateIn, sr: this.srT };
    this.fetches = { output: this.outT, stateN: this.stateOut };
  }

  /** Runs the frame in `input[64..576)`; afterwards its last 64 samples become the next context. */
  async run(): Promise<number> {
    await this.session.run(this.feeds, this.fetches);
    const prob = (this.outT.data as Float32Array)[0] ?? 0;
    // the new state is next frame's input: swap the two preallocated buffers
    const s = this.stateIn;
    this.stateIn = this.stateOut;
    this.stateOut = s;
    this.feeds.state = this.stateIn;
    this.fetches.stateN = this.stateOut;
    this.input.copyWithin(0, VAD_FRAME_SAMPLES, VAD_FRAME_SAMPLES + VAD_CONTEXT_SAMPLES);
    return prob;
  }
}

function cancelledVad(): RisalahError {
  return new RisalahError('CANCELLED', 'Cancelled while detecting speech');
}

const PROGRESS_EVERY_FRAMES = Math.round(VAD_SAMPLE_RATE / VAD_FRAME_SAMPLES); // ≈ 1 s of audio

class SileroVad implements Vad {
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly running = new Set<Promise<unknown>>();
  private readonly stopAll = new AbortController();

  constructor(
    private readonly session: ort.InferenceSession,
    readonly modelPath: string,
    readonly params: ResolvedVadParams,
  ) {}

  detectSpeech(pcm: AsyncIterable<Buffer | Uint8Array>, opts: DetectSpeechOptions = {}): Promise<VadResult> {
    if (this.closed) return Promise.reject(new Error('VAD: detectSpeech after close()'));
    const params = resolveVadParams(opts, this.params);
    const p = this.pass(pcm, params, opts);
    this.running.add(p);
    const done = (): void => {
      this.running.delete(p);
    };
    p.then(done, done);
    return p;
  }

  private async pass(pcm: AsyncIterable<Buffer | Uint8Array>, params: ResolvedVadParams, opts: DetectSpeechOptions): Promise<VadResult> {
    const { signal, onProgress, onFrame } = opts;
    const stop = this.stopAll.signal;
    const aborted = (): boolean => signal?.aborted === true || stop.aborted;
    if (aborted()) throw cancelledVad();

    const runner = new FrameRunner(this.session);
    const frame = runner.input; // frame samples go to [CTX, CTX + 512)
    const ts = new SpeechTimestamper(params);
    let fill = 0; // samples in the current frame
    let samples = 0; // samples read in total
    let frames = 0;
    let oddByte = -1; // a sample's first byte when a chunk ended in the middle of it

    const runFrame = async (): Promise<void> => {
      if (aborted()) throw cancelledVad();
      const prob = await runner.run();
      onFrame?.(prob, frames);
      ts.push(prob);
      frames++;
      fill = 0;
      if (onProgress && frames % PROGRESS_EVERY_FRAMES === 0) onProgress(samples / VAD_SAMPLE_RATE);
    };

    // Converts a chunk's samples into the frame buffer, running the model whenever a frame is full.
    const take = async (chunk: Buffer | Uint8Array): Promise<void> => {
      const bytes = chunk.byteLength;
      if (bytes === 0) return;
      const view = new DataView(chunk.buffer, chunk.byteOffset, bytes);
      let b = 0;
      if (oddByte >= 0) {
        // little-endian: the low byte ended the last chunk, the high byte starts this one
        frame[VAD_CONTEXT_SAMPLES + fill] = (((view.getUint8(0) << 24) >> 16) | oddByte) / 32768;
        oddByte = -1;
        b = 1;
        fill++;
        samples++;
      }
      for (;;) {
        if (fill === VAD_FRAME_SAMPLES) await runFrame();
        const n = Math.min(VAD_FRAME_SAMPLES - fill, (bytes - b) >> 1);
        if (n === 0) break;
        let o = VAD_CONTEXT_SAMPLES + fill;
        for (let k = 0; k < n; k++, b += 2) frame[o++] = view.getInt16(b, true) / 32768;
        fill += n;
        samples += n;
      }
      if (b < bytes) oddByte = view.getUint8(b);
    };

    // Iterated by hand so that an abort does not wait for the stream's next chunk. (Not with
    // Promise.race against one long-lived abort promise: every race would add a reaction to it
    // that keeps its chunk reachable until the pass ends — the whole recording.)
    const it = pcm[Symbol.asyncIterator]();
    let rejectPending: ((e: unknown) => void) | undefined;
    const onAbort = (): void => rejectPending?.(cancelledVad());
    signal?.addEventListener('abort', onAbort, { once: true });
    stop.addEventListener('abort', onAbort, { once: true });
    let ended = false;
    try {
      for (;;) {
        if (aborted()) throw cancelledVad();
        const r = await new Promise<IteratorResult<Buffer | Uint8Array>>((resolve, reject) => {
          rejectPending = reject;
          it.next().then(resolve, reject);
        });
        rejectPending = undefined;
        if (r.done) {
          ended = true;
          break;
        }
        await take(r.value);
      }
    } catch (e) {
      if (aborted()) throw cancelledVad();
      throw e;
    } finally {
      rejectPending = undefined;
      signal?.removeEventListener('abort', onAbort);
      stop.removeEventListener('abort', onAbort);
      // Leaving early closes the stream (a decodePcm stream then stops its ffmpeg). Not awaited:
      // a next() may still be pending, and return() runs only after it.
      if (!ended) void it.return?.()?.catch(() => {});
    }
    if (aborted()) throw cancelledVad();

    if (fill > 0) {
      // the last, partial frame: zero-filled like silero-vad does
      frame.fill(0, VAD_CONTEXT_SAMPLES + fill);
      await runFrame();
    }
    const spans = ts.finish(samples);
    const segments = spans.map((s) => ({ startSec: s.start / VAD_SAMPLE_RATE, endSec: s.end / VAD_SAMPLE_RATE }));
    const speechSamples = spans.reduce((sum, s) => sum + (s.end - s.start), 0);
    const durationSec = samples / VAD_SAMPLE_RATE;
    onProgress?.(durationSec);
    return { segments, durationSec, speechSec: speechSamples / VAD_SAMPLE_RATE, frames };
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      this.stopAll.abort();
      this.closing = (async () => {
        await Promise.allSettled([...this.running]);
        await this.session.release();
      })();
    }
    return this.closing;
  }
}

/**
 * Loads the Silero v5 model. Errors: ENGINE_MISSING when the model file is absent or
 * onnxruntime cannot load it (a broken install: the file ships with the app).
 */
export async function createVad(opts: CreateVadOptions = {}): Promise<Vad> {
  const { modelPath = defaultVadModelPath(), intraOpNumThreads = 1, ...rest } = opts;
  const params = resolveVadParams(rest);
  const file = path.basename(modelPath);
  if (!existsSync(modelPath)) {
    throw new RisalahError('ENGINE_MISSING', `VAD model not found: ${modelPath}`, { file, path: modelPath });
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      intraOpNumThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (e) {
    throw new RisalahError('ENGINE_MISSING', `VAD model cannot be loaded: ${modelPath} (${(e as Error).message})`, { file, path: modelPath });
  }
  const ins = session.inputNames;
  const outs = session.outputNames;
  const expected = ['input', 'state', 'sr'].every((n) => ins.includes(n)) && ['output', 'stateN'].every((n) => outs.includes(n));
  if (!expected) {
    await session.release();
    throw new RisalahError(
      'ENGINE_MISSING',
      `Not a Silero VAD v5 model: ${modelPath} (inputs ${ins.join(',')}; outputs ${outs.join(',')})`,
      { file, path: modelPath },
    );
  }
  return new SileroVad(session, modelPath, params);
}

/** One-shot: loads the model, runs one pass, releases the model. */
export async function detectSpeech(
  pcm: AsyncIterable<Buffer | Uint8Array>,
  opts: DetectSpeechOptions & Pick<CreateVadOptions, 'modelPath' | 'intraOpNumThreads'> = {},
): Promise<VadResult> {
  const { modelPath, intraOpNumThreads, ...rest } = opts;
  const vad = await createVad({ modelPath, intraOpNumThreads });
  try {
    return await vad.detectSpeech(pcm, rest);
  } finally {
    await vad.close();
  }
}
