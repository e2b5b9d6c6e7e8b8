/**
 * Decoding media to PCM.
 *
 * Owns: `decodePcm` — a file's audio as mono PCM (16 kHz by default, s16le or f32le) streamed
 * from one ffmpeg process as an async iterable of Buffers, with backpressure (a slow consumer
 * stops ffmpeg, nothing is buffered beyond the pipe), bounded collection of ffmpeg's error lines
 * as warnings, cancellation (abort kills ffmpeg, the iterator throws CANCELLED, the process is
 * reaped) and the errors of a file that yields no audio at all.
 *
 * Timeline: the PCM follows the media's timestamps (`aresample=async=1:first_pts=0`): a gap in
 * the timestamps (dropped frames, a damaged stretch, a recorder pause) becomes silence instead of
 * being squeezed out, so sample N of the PCM is at N/rate seconds of the media as a player shows
 * it, and transcript times match playback of the original file.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { RisalahError } from '../errors';
import type { FfmpegTools } from './ffmpeg';
import { classifyFfmpegFailure, cleanLogLine, looksLikeIsoBmff } from './probe';
import { StderrLog, cancelled, inputUrl } from './run';

export type PcmFormat = 's16le' | 'f32le';

export interface DecodeOptions {
  /** Output sample rate (default 16000). */
  sampleRate?: number;
  /** Sample format (default s16le). */
  format?: PcmFormat;
  /** Start at this many seconds into the media. */
  startSec?: number;
  /** Decode at most this many seconds. */
  durationSec?: number;
  /** Absolute index of the audio stream (`MediaProbe.audio.index`); default: the first audio stream. */
  streamIndex?: number;
  signal?: AbortSignal;
}

/** A warning about a decode that still produced audio. JSON-safe. */
export type DecodeWarning =
  | {
      /** ffmpeg reported errors while decoding (damaged frames; the audio may have dropouts). */
      code: 'DECODE_ERRORS';
      /** How many lines ffmpeg printed (roughly: errors, plus "Last message repeated n times"). */
      count: number;
      /** A sample of ffmpeg's lines: at most the first 4 and the last 4. */
      lines: string[];
    }
  | {
      /** ffmpeg said the file ends before its data does ("partial file", "File ended prematurely"). */
      code: 'ENDED_EARLY';
      lines: string[];
    }
  | {
      /** ffmpeg stopped with a failure after producing some audio. */
      code: 'DECODER_EXIT';
      exitCode: number | null;
      signal: string | null;
      lines: string[];
    };

export interface DecodeSummary {
  /** Sample frames produced (mono: samples). */
  samples: number;
  bytes: number;
  sampleRate: number;
  /** samples / sampleRate. */
  decodedSec: number;
  exitCode: number | null;
  warnings: DecodeWarning[];
}

const WARNING_LINES = 8;

/** Lines that mean the data stops before the file says it should (a cut-off file). */
// "Read error" is what the 2018 static ffmpeg's matroska demuxer says where newer ones say
// "File ended prematurely" (also: a drive unplugged while reading).
const EOF_LINE = /partial file|File ended prematurely|Invalid PCM packet|Truncating packet|unexpected end of file|\bRead error\b/i;

/**
 * One decode of one file. Iterate it once (`for await (const buf of decodePcm(…))`); every
 * yielded Buffer holds whole samples. After the loop ends normally, `summary` is set.
 */
export class PcmStream implements AsyncIterable<Buffer> {
  private started = false;
  private samplesSoFar = 0;
  private readonly log: StderrLog;
  private readonly eofLines: string[] = [];
  /** The ffmpeg process id while it runs (diagnostics, tests). */
  pid: number | undefined;
  summary: DecodeSummary | undefined;

  readonly file: string;
  readonly sampleRate: number;
  readonly format: PcmFormat;
  readonly bytesPerSample: number;

  constructor(
    private readonly absPath: string,
    private readonly ff: Pick<FfmpegTools, 'ffmpeg'>,
    private readonly opts: DecodeOptions,
  ) {
    this.file = path.basename(absPath);
    this.sampleRate = opts.sampleRate ?? 16000;
    this.format = opts.format ?? 's16le';
    this.bytesPerSample = this.format === 's16le' ? 2 : 4;
    this.log = new StderrLog((line) => {
      if (EOF_LINE.test(line) && this.eofLines.length < 5) this.eofLines.push(cleanLogLine(line, absPath));
    });
  }

  /** Samples yielded so far. */
  get samples(): number {
    return this.samplesSoFar;
  }

  /** The ffmpeg arguments (for logs and tests). */
  args(): string[] {
    const { startSec, durationSec, streamIndex } = this.opts;
    const args = ['-nostdin', '-hide_banner', '-nostats', '-v', 'error'];
    if (startSec !== undefined && startSec > 0) args.push('-ss', seconds(startSec, 'startSec'));
    args.push('-i', inputUrl(this.absPath));
    if (durationSec !== undefined) args.push('-t', seconds(durationSec, 'durationSec'));
    args.push(
      '-map', streamIndex !== undefined ? `0:${Math.trunc(streamIndex)}` : '0:a:0',
      '-vn', '-sn', '-dn',
      '-af', 'aresample=async=1:first_pts=0',
      '-ac', '1',
      '-ar', String(this.sampleRate),
      '-c:a', this.format === 's16le' ? 'pcm_s16le' : 'pcm_f32le',
      '-f', this.format,
      'pipe:1',
    );
    return args;
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    if (this.started) throw new Error('decodePcm: a PcmStream can be iterated only once');
    this.started = true;
    return this.run();
  }

  private async *run(): AsyncGenerator<Buffer, void, undefined> {
    const { signal } = this.opts;
    if (signal?.aborted) throw cancelled(this.file);
    const args = this.args();
    const child = spawn(this.ff.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    this.pid = child.pid;
    let spawnError: NodeJS.ErrnoException | undefined;
    const closed = new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((resolve) => {
      child.once('close', (code, sig) => resolve({ code, sig }));
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => this.log.push(d));
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const onAbort = (): void => {
      kill();
      child.stdout.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const frame = this.bytesPerSample;
    let carry: Buffer | undefined;
    let bytes = 0;
    let exit: { code: number | null; sig: NodeJS.Signals | null } | undefined;
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        if (signal?.aborted) break;
        let buf = carry ? Buffer.concat([carry, chunk]) : chunk;
        carry = undefined;
        const rest = buf.length % frame;
        if (rest) {
          carry = Buffer.from(buf.subarray(buf.length - rest));
          buf = buf.subarray(0, buf.length - rest);
        }
        if (buf.length === 0) continue;
        bytes += buf.length;
        this.samplesSoFar += buf.length / frame;
        yield buf;
      }
    } catch (e) {
      // Destroying stdout on abort may surface as a stream error: the abort is what counts.
      if (!signal?.aborted) throw e;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // Also on early exit (the consumer broke out of its loop, an error): stop ffmpeg, and wait
      // for it to be reaped so that no zombie is left.
      kill();
      exit = await closed;
      this.log.end();
    }
    if (signal?.aborted) throw cancelled(this.file);

    const { code, sig } = exit ?? { code: null, sig: null };
    if (spawnError) {
      throw new RisalahError('FFMPEG_MISSING', `ffmpeg ${this.ff.ffmpeg} does not run (${spawnError.code})`, {
        file: path.basename(this.ff.ffmpeg),
        path: this.ff.ffmpeg,
        reason: `does not run (${spawnError.code ?? spawnError.message})`,
      });
    }
    if (code !== 0 && this.samplesSoFar === 0) {
      throw classifyFfmpegFailure(this.absPath, this.log, 'ffmpeg', await looksLikeIsoBmff(this.absPath));
    }

    const warnings: DecodeWarning[] = [];
    if (code !== 0) {
      warnings.push({ code: 'DECODER_EXIT', exitCode: code, signal: sig, lines: this.cleanLines() });
    } else if (this.eofLines.length > 0) {
      warnings.push({ code: 'ENDED_EARLY', lines: [...this.eofLines] });
    }
    const errorLines = this.log.count - this.eofLines.length;
    if (errorLines > 0 && code === 0) warnings.push({ code: 'DECODE_ERRORS', count: this.log.count, lines: this.cleanLines() });
    this.summary = {
      samples: this.samplesSoFar,
      bytes,
      sampleRate: this.sampleRate,
      decodedSec: this.samplesSoFar / this.sampleRate,
      exitCode: code,
      warnings,
    };
  }

  /** A short sample of ffmpeg's lines for a warning (it is stored with the recording). */
  private cleanLines(): string[] {
    return this.log.sample(WARNING_LINES).map((l) => cleanLogLine(l, this.absPath));
  }
}

function seconds(v: number, name: string): string {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`decodePcm: ${name} must be a finite number ≥ 0`);
  return v.toFixed(6);
}

/**
 * Decodes `file`'s audio to mono PCM. Nothing runs until the result is iterated.
 *
 * Errors (thrown by the iteration): CANCELLED when `signal` aborts (ffmpeg is killed and reaped
 * first); FFMPEG_MISSING when ffmpeg cannot be started; when ffmpeg fails without producing any
 * audio, MEDIA_DAMAGED / MEDIA_NOT_MEDIA / MEDIA_NO_AUDIO / FILE_UNREADABLE from its messages.
 * A failure after some audio was produced is a warning (`summary.warnings`), not an error.
 */
export function decodePcm(file: string, ff: Pick<FfmpegTools, 'ffmpeg'>, opts: DecodeOptions = {}): PcmStream {
  if (opts.sampleRate !== undefined && (!Number.isInteger(opts.sampleRate) || opts.sampleRate < 1000 || opts.sampleRate > 192000)) {
    throw new RangeError('decodePcm: sampleRate must be an integer between 1000 and 192000');
  }
  const stream = new PcmStream(path.resolve(file), ff, opts);
  stream.args(); // validates startSec/durationSec now rather than on the first iteration
  return stream;
}
