/**
 * Analyzing media for import.
 *
 * Owns: `inspectMedia` (probe, classify, and a short trial decode: what the import dialog needs
 * within a second) and `analyzeMedia` (one full decode pass: the exact decoded duration, the
 * waveform peaks, progress, and the warnings a user should see — most of all TRUNCATED).
 *
 * Truncation policy (a recording cut short: the phone died, a copy was interrupted):
 *   - the decodable part is kept; the import does not fail;
 *   - TRUNCATED is reported when (a) the file's headers promise a duration (`durationSource`
 *     `audio-stream`, or `container` for a file without video) and the decoded audio is shorter
 *     by more than max(1 s, 1 %), or (b) ffmpeg said the data ends early ("partial file",
 *     "File ended prematurely", a partial PCM packet) or stopped with a failure after decoding
 *     some audio;
 *   - a duration ffprobe *estimated* from the bit rate (mp3 without Xing header) is not evidence:
 *     it is computed from the file size, so it shrinks with the file.
 *   Cut-offs that no header records (an ogg cut at a page boundary, a CBR mp3 without Xing
 *   header, a wav whose header was rewritten) cannot be detected and are not reported.
 */
import { RisalahError } from '../errors';
import { decodePcm, type DecodeWarning } from './decode';
import type { FfmpegTools } from './ffmpeg';
import { PeakBuilder, type WaveformPeaks } from './peaks';
import { probeMedia, type MediaProbe } from './probe';

export const ANALYSIS_SAMPLE_RATE = 16000;
export const DEFAULT_PEAKS_PER_SECOND = 50;

/** A warning shown with an imported recording. JSON-safe. */
export type MediaWarning =
  | {
      /** The recording ends before it should; `decodedSec` seconds are usable. */
      code: 'TRUNCATED';
      decodedSec: number;
      /** What the file's headers promised, where they did. */
      expectedSec?: number;
      /** ffmpeg's words, where it said something. */
      detail?: string;
    }
  | {
      /** The decoded audio is much longer than the headers say (broken timestamps). */
      code: 'DURATION_MISMATCH';
      decodedSec: number;
      expectedSec: number;
    }
  | Extract<DecodeWarning, { code: 'DECODE_ERRORS' }>;

export interface MediaAnalysis {
  probe: MediaProbe;
  /** Samples of 16 kHz mono PCM the file decodes to. */
  samples: number;
  /** samples / 16000: the exact length of the audio as transcribed and played. */
  decodedDurationSec: number;
  peaks: WaveformPeaks;
  warnings: MediaWarning[];
}

export interface AnalyzeOptions {
  /** Peaks per second (default 50); 16000 / peaksPerSecond is rounded to whole samples per peak. */
  peaksPerSecond?: number;
  /**
   * Progress: decoded seconds / probed duration, in [0, 1] (undefined when the file does not say
   * its duration, e.g. a MediaRecorder webm), and the decoded seconds. Called at most ~200 times,
   * and with 1 at the end.
   */
  onProgress?: (fraction: number | undefined, decodedSec: number) => void;
  /** Also receives every PCM chunk (s16le, 16 kHz mono), e.g. to write it for transcription in the
   *  same pass. Awaited: a slow receiver slows the decode instead of buffering. */
  onPcm?: (chunk: Buffer) => void | Promise<void>;
  /** An earlier `probeMedia`/`inspectMedia` result for the same file (skips probing again). */
  probe?: MediaProbe;
  signal?: AbortSignal;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The duration the file's headers promise, when it can be trusted to detect a cut-off. */
function promisedDuration(p: MediaProbe): number | undefined {
  if (p.durationSec === undefined) return undefined;
  if (p.durationSource === 'audio-stream') return p.durationSec;
  if (p.durationSource === 'container' && !p.video) return p.durationSec;
  return undefined;
}

/** Decoded audio of 0 samples: damaged if the file promised audio, otherwise silent. */
function nothingDecoded(p: MediaProbe): RisalahError {
  return p.durationSec !== undefined && p.durationSec > 0.05
    ? new RisalahError('MEDIA_DAMAGED', `${p.path}: no audio could be decoded`, { file: p.file, reason: 'no audio could be decoded' })
    : new RisalahError('MEDIA_NO_AUDIO', `${p.path}: the audio stream is empty`, { file: p.file, reason: 'empty audio stream' });
}

/** Decodes the whole file once: exact duration, waveform peaks, warnings. See the module header. */
export async function analyzeMedia(file: string, ff: Pick<FfmpegTools, 'ffmpeg' | 'ffprobe'>, opts: AnalyzeOptions = {}): Promise<MediaAnalysis> {
  const { signal, onProgress, onPcm } = opts;
  const pps = opts.peaksPerSecond ?? DEFAULT_PEAKS_PER_SECOND;
  if (!(pps > 0) || pps > ANALYSIS_SAMPLE_RATE) throw new RangeError('analyzeMedia: peaksPerSecond must be in (0, 16000]');
  const probe = opts.probe ?? (await probeMedia(file, ff, { ...(signal ? { signal } : {}) }));
  const expected = probe.durationSec;

  const samplesPerPeak = Math.max(1, Math.round(ANALYSIS_SAMPLE_RATE / pps));
  const peaks = new PeakBuilder(ANALYSIS_SAMPLE_RATE, samplesPerPeak, expected ? expected * ANALYSIS_SAMPLE_RATE : undefined);
  const pcm = decodePcm(probe.path, ff, {
    sampleRate: ANALYSIS_SAMPLE_RATE,
    format: 's16le',
    streamIndex: probe.audio.index,
    ...(signal ? { signal } : {}),
  });

  // Progress: every 0.5 % of a known duration, else every 10 s of audio.
  const step = expected ? Math.max(expected * 0.005, 0.5) : 10;
  let nextReport = 0;
  for await (const chunk of pcm) {
    peaks.push(chunk);
    if (onPcm) await onPcm(chunk);
    if (onProgress) {
      const sec = pcm.samples / ANALYSIS_SAMPLE_RATE;
      if (sec >= nextReport) {
        nextReport = sec + step;
        onProgress(expected ? Math.min(1, sec / expected) : undefined, sec);
      }
    }
  }
  const summary = pcm.summary;
  if (!summary) throw new Error('analyzeMedia: decode ended without a summary');
  if (summary.samples === 0) throw nothingDecoded(probe);

  const decodedSec = summary.decodedSec;
  const warnings: MediaWarning[] = [];
  const promised = promisedDuration(probe);
  const shortBy = promised !== undefined ? promised - decodedSec : 0;
  const endedEarly = summary.warnings.find((w) => w.code === 'ENDED_EARLY' || w.code === 'DECODER_EXIT');
  if (promised !== undefined && shortBy > Math.max(1, 0.01 * promised)) {
    const w: MediaWarning = { code: 'TRUNCATED', decodedSec: round3(decodedSec), expectedSec: round3(promised) };
    if (endedEarly?.lines[0]) w.detail = endedEarly.lines[0];
    warnings.push(w);
  } else if (endedEarly) {
    const w: MediaWarning = { code: 'TRUNCATED', decodedSec: round3(decodedSec) };
    if (expected !== undefined) w.expectedSec = round3(expected);
    if (endedEarly.lines[0]) w.detail = endedEarly.lines[0];
    warnings.push(w);
  }
  if (promised !== undefined && decodedSec - promised > Math.max(2, 0.05 * promised)) {
    warnings.push({ code: 'DURATION_MISMATCH', decodedSec: round3(decodedSec), expectedSec: round3(promised) });
  }
  for (const w of summary.warnings) if (w.code === 'DECODE_ERRORS') warnings.push(w);

  onProgress?.(1, decodedSec);
  return { probe, samples: summary.samples, decodedDurationSec: decodedSec, peaks: peaks.finish(), warnings };
}

export type MediaKind = 'audio' | 'video';

export interface MediaInspection extends MediaProbe {
  kind: MediaKind;
}

/** How much audio `inspectMedia` decodes to check that the audio is really there. */
const TRIAL_DECODE_SEC = 3;

/**
 * What an import needs to accept a file, fast: probe + classification (all the errors of
 * `probeMedia`), plus a trial decode of the first seconds — a file whose headers look fine but
 * whose audio does not decode is MEDIA_DAMAGED here rather than after a long analysis.
 */
export async function inspectMedia(file: string, ff: Pick<FfmpegTools, 'ffmpeg' | 'ffprobe'>, opts: { signal?: AbortSignal } = {}): Promise<MediaInspection> {
  const probe = await probeMedia(file, ff, opts);
  const pcm = decodePcm(probe.path, ff, {
    durationSec: TRIAL_DECODE_SEC,
    streamIndex: probe.audio.index,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  for await (const chunk of pcm) void chunk;
  if (pcm.samples === 0) throw nothingDecoded(probe);
  return { ...probe, kind: probe.video ? 'video' : 'audio' };
}
