/**
 * Probing media files.
 *
 * Owns: `probeMedia` — what a file is (container, audio/video streams, duration, size) as ffprobe
 * sees it — and the classification of files that cannot be imported, as RisalahErrors with
 * `{ file: <basename>, reason }`:
 *   FILE_UNREADABLE  missing, not a regular file, or not readable
 *   MEDIA_EMPTY      0 bytes
 *   MEDIA_DAMAGED    an mp4/m4a/mov whose index (moov atom) was never written
 *   MEDIA_NOT_MEDIA  ffprobe cannot read it, or reads it as text (tty/ANSI), subtitles, or an
 *                    audio stream without sample rate/channels (random bytes named .mp3)
 *   MEDIA_NO_AUDIO   a picture or video without an audio stream
 * Also `classifyFfmpegFailure`, the stderr → error mapping shared with decoding.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../api/errors';
import { RisalahError } from '../errors';
import type { FfmpegTools } from './ffmpeg';
import { inputUrl, runProcess, type StderrLog } from './run';

export interface AudioStreamInfo {
  /** Absolute stream index in the file (for `-map 0:<index>`). */
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
  channelLayout?: string;
  /** bits per second, where the file says. */
  bitRate?: number;
  /** The stream's own duration, where the file says. */
  durationSec?: number;
}

export interface VideoStreamInfo {
  index: number;
  codec: string;
  width: number;
  height: number;
}

/**
 * How `durationSec` was obtained:
 * - `audio-stream`: the audio stream's duration from the file's index/headers (exact);
 * - `container`: the container's duration (exact for audio-only files; for a video it may be the
 *   video's length);
 * - `estimate`: ffprobe estimated it from the bit rate ("may be inaccurate": an mp3 without a
 *   Xing/Info header);
 * - `none`: unknown (e.g. a webm written by MediaRecorder) — `analyzeMedia` measures it.
 */
export type DurationSource = 'audio-stream' | 'container' | 'estimate' | 'none';

export interface MediaProbe {
  /** The file's basename (what error params and the UI show). */
  file: string;
  /** Absolute path. */
  path: string;
  sizeBytes: number;
  /** ffprobe's format name, e.g. `mp3`, `mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, `wav`. */
  formatName: string;
  /** The audio's duration (see `durationSource`); undefined when unknown. */
  durationSec?: number;
  durationSource: DurationSource;
  /** The container's duration, where it differs in meaning (e.g. a video longer than its audio). */
  containerDurationSec?: number;
  /** The chosen audio stream (the first one). */
  audio: AudioStreamInfo;
  audioStreams: number;
  /** The first real video stream (pictures attached as cover art are ignored). */
  video?: VideoStreamInfo;
  /** Number of streams of any kind. */
  streams: number;
  /** `creation_time` tag of the container (phones and cameras write it), ISO 8601. */
  creationTime?: string;
}

// ---------------------------------------------------------------------------------------------

interface RawStream {
  index?: number;
  codec_name?: string;
  codec_type?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  bit_rate?: string;
  duration?: string;
  width?: number;
  height?: number;
  disposition?: { attached_pic?: number };
}

interface RawProbe {
  streams?: RawStream[];
  format?: {
    format_name?: string;
    duration?: string;
    size?: string;
    bit_rate?: string;
    tags?: Record<string, string>;
  };
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function positive(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && n > 0 ? n : undefined;
}

/** Text formats ffprobe "reads": a text file becomes a `tty` (ANSI art) video. */
const TEXT_FORMATS = new Set(['tty', 'srt', 'ass', 'webvtt', 'subviewer', 'subviewer1', 'microdvd', 'mpl2', 'jacosub', 'lrc', 'sami', 'realtext', 'pjs', 'stl', 'vplayer', 'aqtitle', 'mcc', 'scc']);
const TEXT_CODECS = new Set(['ansi', 'bintext', 'xbin', 'idf']);

// ---------------------------------------------------------------------------------------------

/** Checks the file is a readable, non-empty regular file; returns its size. */
export async function checkReadableFile(file: string): Promise<number> {
  const name = path.basename(file);
  let st;
  try {
    st = await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const reason = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code})`;
    throw new RisalahError('FILE_UNREADABLE', `${file} ${reason}`, { file: name, reason });
  }
  if (!st.isFile()) {
    throw new RisalahError('FILE_UNREADABLE', `${file} is not a file`, { file: name, reason: 'not a file' });
  }
  try {
    const h = await fs.open(file, 'r');
    await h.close();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new RisalahError('FILE_UNREADABLE', `${file} cannot be read (${code})`, { file: name, reason: `cannot be read (${code})` });
  }
  if (st.size === 0) {
    throw new RisalahError('MEDIA_EMPTY', `${file} is empty (0 bytes)`, { file: name });
  }
  return st.size;
}

/** An ffmpeg log line made readable: the path becomes the basename; `[mp3 @ 0x…] ` and a
 *  leading `<basename>: ` go. */
export function cleanLogLine(line: string, file: string): string {
  const abs = path.resolve(file);
  const name = path.basename(abs);
  let out = line
    .split(inputUrl(abs)).join(name)
    .split(abs).join(name)
    .replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '');
  if (out.startsWith(`${name}: `)) out = out.slice(name.length + 2);
  return out;
}

/** Top-level box types an ISO-BMFF (mp4/m4a/mov/3gp) file starts with. */
const BMFF_BOXES = new Set(['ftyp', 'mdat', 'moov', 'free', 'skip', 'wide', 'pnot', 'uuid']);

/**
 * Whether the file starts like an mp4/m4a/mov (a known box type at bytes 4–8). Distinguishes an
 * unfinished recording (starts with `ftyp`, no `moov`) from random bytes or text that ffmpeg
 * tried as mp4 only because of the file name (ffmpeg says "moov atom not found" for both).
 */
export async function looksLikeIsoBmff(file: string): Promise<boolean> {
  try {
    const h = await fs.open(file, 'r');
    try {
      const buf = Buffer.alloc(8);
      const { bytesRead } = await h.read(buf, 0, 8, 0);
      return bytesRead === 8 && BMFF_BOXES.has(buf.toString('latin1', 4, 8));
    } finally {
      await h.close();
    }
  } catch {
    return false;
  }
}

/**
 * Maps a failed ffprobe/ffmpeg run (from its stderr) to the user error for `file`.
 * `isoBmff`: the result of `looksLikeIsoBmff(file)`.
 */
export function classifyFfmpegFailure(file: string, stderr: StderrLog, what: string, isoBmff: boolean): RisalahError {
  const name = path.basename(file);
  const text = stderr.text();
  const reason = cleanLogLine(stderr.last() ?? 'no output', file);
  const make = (code: ErrorCode, why: string): RisalahError =>
    new RisalahError(code, `${what} ${file}: ${why}\n${text}`.trim(), { file: name, reason: why });
  if (/moov atom not found/i.test(text)) {
    return isoBmff
      ? make('MEDIA_DAMAGED', 'moov atom not found (the recording was not finished)')
      : make('MEDIA_NOT_MEDIA', 'not an mp4/m4a/mov file (no mp4 header)');
  }
  if (/No such file or directory/i.test(text)) return make('FILE_UNREADABLE', 'does not exist');
  if (/Permission denied/i.test(text)) return make('FILE_UNREADABLE', 'permission denied');
  if (/does not contain any stream|matches no streams/i.test(text)) return make('MEDIA_NO_AUDIO', 'no audio stream');
  if (/partial file|File ended prematurely|Error while decoding stream|decode_frame\(\) failed|Invalid PCM packet/i.test(text)) {
    return make('MEDIA_DAMAGED', reason);
  }
  return make('MEDIA_NOT_MEDIA', reason);
}

export interface ProbeOptions {
  signal?: AbortSignal;
  /** Kill ffprobe after this long (default 60 s; a file on a stalled network drive). */
  timeoutMs?: number;
}

/**
 * Probes `file` with ffprobe and classifies it. Resolves only for a file with a usable audio
 * stream; everything else is a RisalahError (see the module header). Never decodes the audio.
 */
export async function probeMedia(file: string, ff: Pick<FfmpegTools, 'ffprobe'>, opts: ProbeOptions = {}): Promise<MediaProbe> {
  const abs = path.resolve(file);
  const name = path.basename(abs);
  const sizeBytes = await checkReadableFile(abs);

  const r = await runProcess(
    ff.ffprobe,
    ['-hide_banner', '-v', 'warning', '-show_format', '-show_streams', '-of', 'json', '-i', inputUrl(abs)],
    { signal: opts.signal, timeoutMs: opts.timeoutMs ?? 60_000, file: name },
  );
  if (r.spawnError) {
    throw new RisalahError('FFMPEG_MISSING', `ffprobe ${ff.ffprobe} does not run (${r.spawnError.code})`, {
      file: path.basename(ff.ffprobe),
      path: ff.ffprobe,
      reason: `does not run (${r.spawnError.code ?? r.spawnError.message})`,
    });
  }
  if (r.timedOut) {
    throw new RisalahError('FILE_UNREADABLE', `ffprobe did not finish reading ${abs} in time`, { file: name, reason: 'reading timed out' });
  }
  if (r.code !== 0) throw classifyFfmpegFailure(abs, r.stderr, 'ffprobe', await looksLikeIsoBmff(abs));

  let raw: RawProbe;
  try {
    raw = JSON.parse(r.stdout) as RawProbe;
  } catch {
    throw new RisalahError('MEDIA_NOT_MEDIA', `ffprobe gave no readable answer for ${abs}`, { file: name, reason: 'unreadable probe output' });
  }
  const streams = raw.streams ?? [];
  const formatName = raw.format?.format_name ?? 'unknown';
  const notMedia = (reason: string): RisalahError =>
    new RisalahError('MEDIA_NOT_MEDIA', `${abs} is not audio or video: ${reason}`, { file: name, reason });

  if (TEXT_FORMATS.has(formatName) || streams.some((s) => TEXT_CODECS.has(s.codec_name ?? ''))) {
    throw notMedia(`a text file (ffprobe read it as ${formatName})`);
  }

  const audioRaw = streams.filter((s) => s.codec_type === 'audio');
  const videoRaw = streams.filter((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (audioRaw.length === 0) {
    if (videoRaw.length > 0) {
      const kind = streams.length === 1 && num(raw.format?.duration) === undefined ? 'a picture' : 'a video without sound';
      throw new RisalahError('MEDIA_NO_AUDIO', `${abs} has no audio stream (${kind})`, { file: name, reason: kind });
    }
    throw notMedia(streams.length ? `no audio or video stream (${formatName})` : 'no streams');
  }

  const usable = audioRaw.find((s) => positive(s.sample_rate) !== undefined && positive(s.channels) !== undefined);
  if (!usable) {
    const first = r.stderr.head[0];
    throw notMedia(`no decodable audio${first ? ` (${cleanLogLine(first, abs)})` : ''}`);
  }

  const audio: AudioStreamInfo = {
    index: num(usable.index) ?? 0,
    codec: usable.codec_name ?? 'unknown',
    sampleRate: positive(usable.sample_rate) ?? 0,
    channels: positive(usable.channels) ?? 0,
  };
  if (usable.channel_layout) audio.channelLayout = usable.channel_layout;
  const bitRate = positive(usable.bit_rate);
  if (bitRate !== undefined) audio.bitRate = bitRate;
  const streamDuration = positive(usable.duration);
  if (streamDuration !== undefined) audio.durationSec = streamDuration;

  const containerDuration = positive(raw.format?.duration);
  const estimated = /Estimating duration from bitrate/i.test(r.stderr.text());
  let durationSec: number | undefined;
  let durationSource: DurationSource = 'none';
  if (streamDuration !== undefined) {
    durationSec = streamDuration;
    durationSource = estimated ? 'estimate' : 'audio-stream';
  } else if (containerDuration !== undefined) {
    durationSec = containerDuration;
    durationSource = estimated ? 'estimate' : 'container';
  }

  const probe: MediaProbe = {
    file: name,
    path: abs,
    sizeBytes,
    formatName,
    durationSource,
    audio,
    audioStreams: audioRaw.length,
    streams: streams.length,
  };
  if (durationSec !== undefined) probe.durationSec = durationSec;
  if (containerDuration !== undefined) probe.containerDurationSec = containerDuration;
  const v = videoRaw[0];
  if (v) probe.video = { index: num(v.index) ?? 0, codec: v.codec_name ?? 'unknown', width: num(v.width) ?? 0, height: num(v.height) ?? 0 };
  const created = raw.format?.tags?.creation_time ?? raw.format?.tags?.date;
  if (created && !Number.isNaN(Date.parse(created))) probe.creationTime = new Date(created).toISOString();
  return probe;
}
