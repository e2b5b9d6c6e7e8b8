/**
 * Driver of the transcription engine process.
 *
 * Owns: starting `risalah-whisper` (native/sidecar/, protocol in docs/whisper-engine.md) with
 * one model, speaking its JSON-lines protocol, and turning what it says into promises, callbacks
 * and `RisalahError`s: start → ready (or MODEL_MISSING / MODEL_INVALID / ENGINE_MISSING),
 * transcribe → progress + segments + result (or CANCELLED / FILE_UNREADABLE / ENGINE_FAILED),
 * and a process that dies (crash, kill -9, out of memory) → ENGINE_CRASHED for every pending
 * request, after which the object reports itself dead. Nothing the process does — garbage on
 * stdout, a crash, a broken pipe — may throw in, crash or hang the Node process.
 *
 * Units: audio is 16 kHz mono PCM addressed in samples; every time is in milliseconds, absolute
 * (the request's `timeOffsetMs` is already added).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RisalahError } from '../errors';
import { resolveEngineBinary } from './engine-paths';

/** Samples per second of the PCM the engine reads. */
export const SAMPLE_RATE = 16_000;

/** A window of a raw PCM file (16 kHz mono), so a long recording is never held in memory. */
export interface PcmRange {
  /** Absolute path of a headerless PCM file. */
  path: string;
  /** `f32le`: 32-bit float little-endian; `s16le`: 16-bit signed little-endian. */
  format: 'f32le' | 's16le';
  /** First sample to read (0 = start of the file). */
  offsetSamples?: number;
  /** Number of samples to read; omitted = to the end of the file. */
  countSamples?: number;
}

export type EngineLanguage = 'id' | 'en' | 'jv' | 'su' | 'auto';

export interface TranscribeOptions {
  /** Spoken language; `auto` lets Whisper detect it. Default `id`. */
  language?: EngineLanguage;
  /** CPU threads for this request; default: the sidecar's `--threads`. */
  threads?: number;
  /** Text given to the decoder as preceding context (names, terms). */
  initialPrompt?: string;
  /** Max tokens per segment, 0 = no limit (whisper.cpp's `max_tokens`). */
  maxTokens?: number;
  /** Added to every timestamp: where this window starts in the whole recording. */
  timeOffsetMs?: number;
  /** First decoding temperature (0 = deterministic). */
  temperature?: number;
  /** Step of the temperature fallback when a window decodes badly; 0 disables fallback. Default 0.2. */
  temperatureInc?: number;
  /** Beam size; 0 = greedy (default). */
  beamSize?: number;
  /** Do not feed the previous window's text as context. Default true. */
  noContext?: boolean;
  /** No-speech probability above which a window is treated as silence. Default 0.6. */
  noSpeechThold?: number;
  /** Compute per-token times. Default true. */
  tokenTimestamps?: boolean;
}

export interface Token {
  id: number;
  /** The token's text (UTF-8; a byte that is part of a split character shows as U+FFFD). */
  text: string;
  /** Probability Whisper gave the token, 0..1. */
  p: number;
  /** Start/end in ms, or null when token timestamps were not computed. */
  t0Ms: number | null;
  t1Ms: number | null;
}

export interface Segment {
  /** 0-based position in this request's output. */
  index: number;
  /** Start and end in ms (absolute; clamped to the window given, t1Ms ≥ t0Ms). */
  t0Ms: number;
  t1Ms: number;
  /** Text as Whisper produced it (usually with a leading space). */
  text: string;
  /** Probability that the window holds no speech, 0..1. */
  noSpeechProb: number;
  /** A speaker turn follows this segment (only with a tinydiarize model). */
  speakerTurn: boolean;
  /** Text tokens (special and timestamp tokens left out). */
  tokens: Token[];
}

/** Engine timings in ms. encode/decode/batchd/prompt/sample are whisper.cpp's per-run means. */
export interface EngineTimings {
  /** Model load at start (same for every request). */
  loadMs: number;
  /** Reading the PCM range. */
  readMs: number;
  /** Mel spectrogram and setup before the first encoder pass (includes language detection for `auto`). */
  melMs: number;
  /** Mean per encoder pass (one pass per 30 s window); 0 when no pass completed. */
  encodeMs: number;
  /** Mean per generated token. */
  decodeMs: number;
  /** Mean per token decoded in small batches (beam search, fallbacks). */
  batchdMs: number;
  /** Mean per prompt token. */
  promptMs: number;
  /** Mean per sampling run. */
  sampleMs: number;
  /** The whole request inside the engine. */
  totalMs: number;
  /** Encoder passes started. */
  nEncode: number;
}

export interface TranscribeResult {
  segments: Segment[];
  /** Language used or detected (`id`, `en`, `jv`, `su`, …). */
  language: string;
  /** Audio actually read, in samples and ms (shorter than asked when the file ends first). */
  samples: number;
  durationMs: number;
  timings: EngineTimings;
}

export interface TranscribeHandlers {
  /** 0..100, never decreasing, 100 exactly once at the end of a successful request. */
  onProgress?: (percent: number) => void;
  onSegment?: (segment: Segment) => void;
  signal?: AbortSignal;
}

export interface EngineInfo {
  pid: number;
  whisperVersion: string;
  model: {
    type: string;
    nVocab: number;
    nAudioState: number;
    nAudioLayer: number;
    nTextLayer: number;
    nMels: number;
    multilingual: boolean;
    ftype: number;
  };
  /** whisper_print_system_info(): the CPU features the build uses. */
  system: string;
  threads: number;
  loadMs: number;
}

export interface StartOptions {
  /** The sidecar executable; default resolveEngineBinary(). */
  binary?: string;
  /** The ggml Whisper model (.bin). */
  model: string;
  /** Default CPU threads per request. */
  threads?: number;
  /** Where the portable build's libggml-cpu-* are (default: beside the binary). */
  backendsDir?: string;
  /** Receives each line the engine writes to stderr, and driver notes. */
  log?: (line: string) => void;
  /** Give up starting after this long (ms). Default 120 000. */
  startTimeoutMs?: number;
  /** After a cancel, how long the engine may take to stop before it is killed (ms). Default 5000. */
  cancelGraceMs?: number;
}

// ---------------------------------------------------------------------------------------------
// protocol (what the engine writes); unknown fields are ignored, unknown types logged

const num = z.number();
const TimingsMsg = z.object({
  load_ms: num.optional(),
  read_ms: num.optional(),
  mel_ms: num.optional(),
  encode_ms: num.optional(),
  decode_ms: num.optional(),
  batchd_ms: num.optional(),
  prompt_ms: num.optional(),
  sample_ms: num.optional(),
  total_ms: num.optional(),
  n_encode: num.optional(),
});
const Msg = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    version: z.string(),
    model: z.object({
      type: z.string(),
      n_vocab: num,
      n_audio_state: num,
      n_audio_layer: num,
      n_text_layer: num,
      n_mels: num,
      multilingual: z.boolean(),
      ftype: num,
    }),
    system: z.string(),
    threads: num,
    load_ms: num,
  }),
  z.object({ type: z.literal('fatal'), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('pong'), id: z.string().optional() }),
  z.object({ type: z.literal('progress'), id: z.string(), percent: num }),
  z.object({
    type: z.literal('segment'),
    id: z.string(),
    index: num,
    t0: num,
    t1: num,
    text: z.string(),
    no_speech_prob: num,
    speaker_turn: z.boolean(),
    tokens: z.array(z.object({ id: num, text: z.string(), p: num, t0: num.nullable(), t1: num.nullable() })),
  }),
  z.object({
    type: z.literal('done'),
    id: z.string(),
    language: z.string(),
    n_segments: num,
    samples: num,
    duration_ms: num,
    timings: TimingsMsg,
  }),
  z.object({ type: z.literal('cancelled'), id: z.string() }),
  z.object({ type: z.literal('error'), id: z.string().optional(), code: z.string(), message: z.string() }),
]);
type Msg = z.infer<typeof Msg>;

function toTimings(t: z.infer<typeof TimingsMsg>): EngineTimings {
  return {
    loadMs: t.load_ms ?? 0,
    readMs: t.read_ms ?? 0,
    melMs: t.mel_ms ?? 0,
    encodeMs: t.encode_ms ?? 0,
    decodeMs: t.decode_ms ?? 0,
    batchdMs: t.batchd_ms ?? 0,
    promptMs: t.prompt_ms ?? 0,
    sampleMs: t.sample_ms ?? 0,
    totalMs: t.total_ms ?? 0,
    nEncode: t.n_encode ?? 0,
  };
}

function toSegment(m: Extract<Msg, { type: 'segment' }>): Segment {
  return {
    index: m.index,
    t0Ms: m.t0,
    t1Ms: m.t1,
    text: m.text,
    noSpeechProb: m.no_speech_prob,
    speakerTurn: m.speaker_turn,
    tokens: m.tokens.map((t) => ({ id: t.id, text: t.text, p: t.p, t0Ms: t.t0, t1Ms: t.t1 })),
  };
}

// ---------------------------------------------------------------------------------------------

/** Keeps the last lines of the engine's stderr for error messages. */
class TailLog {
  private lines: string[] = [];
  private partial = '';
  constructor(
    private readonly max = 40,
    private readonly onLine?: (line: string) => void,
  ) {}
  push(text: string): void {
    const parts = (this.partial + text).split(/\r?\n/);
    this.partial = (parts.pop() ?? '').slice(-2000);
    for (const p of parts) this.add(p);
  }
  end(): void {
    if (this.partial) this.add(this.partial);
    this.partial = '';
  }
  private add(line: string): void {
    if (!line.trim()) return;
    this.onLine?.(line);
    this.lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  tail(n = 12): string {
    return this.lines.slice(-n).join('\n');
  }
}

interface Pending {
  id: string;
  file: string;
  segments: Segment[];
  lastProgress: number;
  handlers: TranscribeHandlers;
  resolve: (r: TranscribeResult) => void;
  reject: (e: Error) => void;
  cancelRequested: boolean;
  cancelTimer?: NodeJS.Timeout;
  onAbort?: () => void;
}

const MAX_LINE = 16 * 1024 * 1024;

export class WhisperSidecar {
  private readonly pending = new Map<string, Pending>();
  private readonly pings: Array<{ ok: () => void; fail: (e: Error) => void }> = [];
  private nextId = 0;
  private dead = false;
  private closing = false;
  private stdoutBuf = '';
  private exitDescription = '';
  private readonly exited: Promise<void>;
  private infoValue: EngineInfo | undefined;
  private readyWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly opts: StartOptions & { binary: string },
    private readonly stderr: TailLog,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.onExit(code, signal);
        resolve();
      });
    });
  }

  /** Starts the engine and resolves once the model is loaded. */
  static async start(options: StartOptions): Promise<WhisperSidecar> {
    const binary = path.resolve(options.binary ?? resolveEngineBinary());
    const modelFile = path.basename(options.model);
    if (!existsSync(binary)) {
      throw new RisalahError(
        'ENGINE_MISSING',
        `The transcription engine is not built: ${binary} does not exist (run \`npm run build:native\`).`,
        { file: path.basename(binary) },
      );
    }
    const args = ['--model', path.resolve(options.model)];
    if (options.threads !== undefined) args.push('--threads', String(options.threads));
    if (options.backendsDir !== undefined) args.push('--backends', options.backendsDir);

    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    } catch (e) {
      throw new RisalahError('ENGINE_MISSING', `Cannot start the transcription engine ${binary}: ${(e as Error).message}`, {
        file: path.basename(binary),
      });
    }
    const stderr = new TailLog(40, options.log);
    const sc = new WhisperSidecar(child, { ...options, binary }, stderr);

    const ready = new Promise<void>((resolve, reject) => {
      sc.readyWaiter = { resolve, reject };
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      // ENOENT / EACCES at spawn time: the 'close' that follows settles everything else.
      sc.readyWaiter?.reject(
        new RisalahError('ENGINE_MISSING', `Cannot start the transcription engine ${binary}: ${e.message}`, {
          file: path.basename(binary),
        }),
      );
      sc.readyWaiter = undefined;
    });
    child.stdin.on('error', (e) => sc.note(`engine stdin: ${e.message}`));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => sc.onStdout(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => stderr.push(chunk));
    child.stderr.on('end', () => stderr.end());

    const timeoutMs = options.startTimeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      sc.readyWaiter?.reject(new RisalahError('ENGINE_FAILED', `The transcription engine did not load ${modelFile} within ${timeoutMs} ms.`, { file: modelFile }));
      sc.readyWaiter = undefined;
      sc.child.kill('SIGKILL');
    }, timeoutMs);
    try {
      await ready;
    } catch (e) {
      sc.dead = true;
      if (sc.child.exitCode === null && sc.child.signalCode === null) sc.child.kill('SIGKILL');
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return sc;
  }

  /** What the engine reported when it became ready. */
  get info(): EngineInfo {
    if (!this.infoValue) throw new Error('WhisperSidecar: not ready');
    return this.infoValue;
  }

  /** False once the process has exited (or is being closed). */
  get alive(): boolean {
    return !this.dead && !this.closing;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves when the process has exited (for whatever reason). */
  whenExited(): Promise<void> {
    return this.exited;
  }

  /**
   * Transcribes a PCM window. Progress and segments stream through the handlers; an abort
   * signal cancels the request (the promise rejects with CANCELLED once the engine stopped).
   */
  transcribe(pcm: PcmRange, options: TranscribeOptions = {}, handlers: TranscribeHandlers = {}): Promise<TranscribeResult> {
    const file = path.basename(pcm.path);
    if (!this.alive) {
      return Promise.reject(this.crashedError());
    }
    if (handlers.signal?.aborted) {
      return Promise.reject(new RisalahError('CANCELLED', `Transcription of ${file} was cancelled.`, { file }));
    }
    const id = `r${++this.nextId}`;
    const body = {
      type: 'transcribe',
      id,
      pcm: {
        path: path.resolve(pcm.path),
        format: pcm.format,
        offset: pcm.offsetSamples ?? 0,
        ...(pcm.countSamples !== undefined ? { count: pcm.countSamples } : {}),
      },
      options: {
        language: options.language ?? 'id',
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
        ...(options.initialPrompt ? { initial_prompt: options.initialPrompt } : {}),
        max_tokens: options.maxTokens ?? 0,
        time_offset_ms: options.timeOffsetMs ?? 0,
        temperature: options.temperature ?? 0,
        temperature_inc: options.temperatureInc ?? 0.2,
        beam_size: options.beamSize ?? 0,
        no_context: options.noContext ?? true,
        no_speech_thold: options.noSpeechThold ?? 0.6,
        token_timestamps: options.tokenTimestamps ?? true,
      },
    };

    return new Promise<TranscribeResult>((resolve, reject) => {
      const p: Pending = { id, file, segments: [], lastProgress: -1, handlers, resolve, reject, cancelRequested: false };
      this.pending.set(id, p);
      if (handlers.signal) {
        p.onAbort = () => this.cancel(p);
        handlers.signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.send(body);
    });
  }

  /** Round trip to the engine (answered even while it transcribes). */
  ping(timeoutMs = 5000): Promise<void> {
    if (!this.alive) return Promise.reject(this.crashedError());
    return new Promise((resolve, reject) => {
      const waiter = {
        ok: () => {
          clearTimeout(timer);
          resolve();
        },
        fail: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        const i = this.pings.indexOf(waiter);
        if (i !== -1) this.pings.splice(i, 1);
        reject(new RisalahError('ENGINE_FAILED', `The transcription engine did not answer a ping within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pings.push(waiter);
      this.send({ type: 'ping' });
    });
  }

  /**
   * Stops the engine: pending requests reject with CANCELLED, the process gets `quit` and, if it
   * has not exited after `graceMs`, SIGKILL. Safe to call more than once and on a dead engine.
   */
  async close(graceMs = 3000): Promise<void> {
    if (!this.dead && !this.closing) {
      this.closing = true;
      this.send({ type: 'quit' });
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    await this.exited;
  }

  // -------------------------------------------------------------------------------------------

  private note(line: string): void {
    this.opts.log?.(`[sidecar] ${line}`);
  }

  private send(obj: unknown): void {
    if (this.dead || !this.child.stdin.writable) return;
    try {
      this.child.stdin.write(`${JSON.stringify(obj)}\n`);
    } catch (e) {
      this.note(`write failed: ${(e as Error).message}`);
    }
  }

  private cancel(p: Pending): void {
    if (p.cancelRequested || !this.pending.has(p.id)) return;
    p.cancelRequested = true;
    this.send({ type: 'cancel', id: p.id });
    // An engine that does not stop in time is killed: the request still ends as CANCELLED.
    const grace = this.opts.cancelGraceMs ?? 5000;
    p.cancelTimer = setTimeout(() => {
      if (this.pending.has(p.id)) {
        this.note(`request ${p.id} did not stop within ${grace} ms of its cancel: killing the engine`);
        this.child.kill('SIGKILL');
      }
    }, grace);
  }

  private settle(p: Pending, outcome: { ok: TranscribeResult } | { err: Error }): void {
    if (!this.pending.delete(p.id)) return;
    if (p.cancelTimer) clearTimeout(p.cancelTimer);
    if (p.onAbort) p.handlers.signal?.removeEventListener('abort', p.onAbort);
    if (p.cancelRequested) {
      // The caller aborted: whatever the engine still managed to say, the answer is CANCELLED.
      p.reject(new RisalahError('CANCELLED', `Transcription of ${p.file} was cancelled.`, { file: p.file }));
    } else if ('ok' in outcome) {
      p.resolve(outcome.ok);
    } else {
      p.reject(outcome.err);
    }
  }

  private callHandler(p: Pending, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.note(`a transcription handler threw: ${(e as Error).stack ?? String(e)}`);
    }
  }

  private onStdout(chunk: string): void {
    this.stdoutBuf += chunk;
    let nl: number;
    while ((nl = this.stdoutBuf.indexOf('\n')) !== -1) {
      const line = this.stdoutBuf.slice(0, nl).trim();
      this.stdoutBuf = this.stdoutBuf.slice(nl + 1);
      if (line) this.onLine(line);
    }
    if (this.stdoutBuf.length > MAX_LINE) {
      this.note(`dropping ${this.stdoutBuf.length} bytes of stdout without a line end`);
      this.stdoutBuf = '';
    }
  }

  private onLine(line: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      this.note(`ignoring non-JSON output: ${line.slice(0, 200)}`);
      return;
    }
    const parsed = Msg.safeParse(raw);
    if (!parsed.success) {
      this.note(`ignoring unexpected message: ${line.slice(0, 200)}`);
      return;
    }
    this.onMessage(parsed.data);
  }

  private onMessage(m: Msg): void {
    switch (m.type) {
      case 'ready':
        this.infoValue = {
          pid: this.child.pid ?? 0,
          whisperVersion: m.version,
          model: {
            type: m.model.type,
            nVocab: m.model.n_vocab,
            nAudioState: m.model.n_audio_state,
            nAudioLayer: m.model.n_audio_layer,
            nTextLayer: m.model.n_text_layer,
            nMels: m.model.n_mels,
            multilingual: m.model.multilingual,
            ftype: m.model.ftype,
          },
          system: m.system,
          threads: m.threads,
          loadMs: m.load_ms,
        };
        this.readyWaiter?.resolve();
        this.readyWaiter = undefined;
        return;
      case 'fatal': {
        const model = path.basename(this.opts.model);
        const err =
          m.code === 'MODEL_MISSING' || m.code === 'MODEL_INVALID'
            ? new RisalahError(m.code, m.message, { file: model })
            : m.code === 'ENGINE_MISSING'
              ? new RisalahError('ENGINE_MISSING', m.message, { file: path.basename(this.opts.binary) })
              : new RisalahError('ENGINE_FAILED', m.message, { file: model });
        this.readyWaiter?.reject(err);
        this.readyWaiter = undefined;
        return;
      }
      case 'pong':
        this.pings.shift()?.ok();
        return;
      case 'error': {
        const p = m.id ? this.pending.get(m.id) : undefined;
        if (!p) {
          this.note(`engine error: ${m.code}: ${m.message}`);
          return;
        }
        const code = m.code === 'FILE_UNREADABLE' ? 'FILE_UNREADABLE' : 'ENGINE_FAILED';
        this.settle(p, { err: new RisalahError(code, m.message, { file: p.file }) });
        return;
      }
      default:
        break;
    }

    const p = this.pending.get(m.id);
    if (!p) return; // a request already settled (e.g. cancelled by kill): ignore its tail
    switch (m.type) {
      case 'progress': {
        const pct = Math.max(0, Math.min(100, Math.round(m.percent)));
        if (pct > p.lastProgress) {
          p.lastProgress = pct;
          if (p.handlers.onProgress && !p.cancelRequested) this.callHandler(p, () => p.handlers.onProgress?.(pct));
        }
        return;
      }
      case 'segment': {
        const seg = toSegment(m);
        p.segments.push(seg);
        if (p.handlers.onSegment && !p.cancelRequested) this.callHandler(p, () => p.handlers.onSegment?.(seg));
        return;
      }
      case 'done':
        this.settle(p, {
          ok: {
            segments: p.segments,
            language: m.language,
            samples: m.samples,
            durationMs: m.duration_ms,
            timings: toTimings(m.timings),
          },
        });
        return;
      case 'cancelled':
        p.cancelRequested = true;
        this.settle(p, { err: new Error('cancelled') });
        return;
    }
  }

  private crashedError(): RisalahError {
    return new RisalahError(
      'ENGINE_CRASHED',
      `The transcription engine is not running${this.exitDescription ? ` (${this.exitDescription})` : ''}.`,
      {},
    );
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.dead = true;
    // Lines still buffered without a newline are lost with the process; parse what is complete.
    if (this.stdoutBuf.trim()) this.onLine(this.stdoutBuf.trim());
    this.stdoutBuf = '';
    this.exitDescription = signal ? `killed by ${signal}` : `exit code ${code}`;
    const stderrTail = this.stderr.tail();

    if (this.readyWaiter) {
      this.readyWaiter.reject(
        new RisalahError(
          'ENGINE_CRASHED',
          `The transcription engine stopped while loading ${path.basename(this.opts.model)} (${this.exitDescription}).${stderrTail ? `\n${stderrTail}` : ''}`,
          { file: path.basename(this.opts.model) },
        ),
      );
      this.readyWaiter = undefined;
    }
    for (const w of this.pings.splice(0)) w.fail(this.crashedError());
    for (const p of [...this.pending.values()]) {
      if (this.closing) {
        p.cancelRequested = true;
        this.settle(p, { err: new Error('closed') });
      } else {
        this.settle(p, {
          err: new RisalahError(
            'ENGINE_CRASHED',
            `The transcription engine died while transcribing ${p.file} (${this.exitDescription}).${stderrTail ? `\n${stderrTail}` : ''}`,
            { file: p.file },
          ),
        });
      }
    }
    if (!this.closing) this.note(`engine exited (${this.exitDescription})`);
  }
}
