/**
 * Real media files for tests.
 *
 * Owns: generating, from one espeak-ng Indonesian sentence (~6 s), the media files the tests
 * import — good ones in every format users bring (phone m4a, camera mp4/mov, MediaRecorder webm,
 * WhatsApp voice note, mp3, ogg, flac, wav of several rates/channels/depths), bad ones (text, empty, picture, video
 * without sound, random bytes, an m4a whose recording never finished), cut-off ones, and a long
 * (1 hour) file for memory tests.
 *
 * Files are made once and cached in `<tmp>/risalah-media-fixtures-<hash>/` (hash of this file,
 * the ffmpeg used and espeak-ng's version), so every test file and every run after the first
 * reuses them; parallel test workers wait for one another with a lock folder. Needs espeak-ng and
 * an ffmpeg with libmp3lame, libopus, libvorbis and libx264 (Debian's, or the bundled static one).
 * `RISALAH_TEST_FIXTURES` overrides the parent folder. Folders of older versions of this file are
 * removed after a day.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { resolveFfmpeg, type FfmpegTools } from '../../main/core/media/ffmpeg';

export const SPEECH_TEXT =
  'Selamat pagi, hari ini Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman';

export const GOOD_NAMES = [
  'mp3',
  'm4a',
  'mp4',
  'mov',
  'webm',
  'recorderWebm',
  'ogg',
  'whatsappOpus',
  'flac',
  'wav8kMono',
  'wav44kStereo',
  'wav48k6ch',
  'wav24bit',
] as const;
export type GoodName = (typeof GOOD_NAMES)[number];

export interface GoodFixture {
  name: GoodName;
  path: string;
  /** Has a video stream (mp4, mov). */
  video: boolean;
  /** The file states its duration (false: a MediaRecorder-style webm written to a pipe). */
  durationInHeader: boolean;
}

export const BAD_NAMES = [
  'textShort',
  'textLong',
  'textNamedMp3',
  'empty',
  'image',
  'videoNoAudio',
  'randomMp3',
  'randomM4a',
  'moovMissing',
  'folder',
  'missing',
] as const;
export type BadName = (typeof BAD_NAMES)[number];

export const TRUNCATED_NAMES = ['mp3', 'flac', 'faststartM4a', 'recorderWebm'] as const;
export type TruncatedName = (typeof TRUNCATED_NAMES)[number];

export interface MediaFixtures {
  dir: string;
  /** The ffmpeg that made the files. */
  tools: FfmpegTools;
  /** The espeak-ng clip everything is made from (22.05 kHz mono wav). */
  speechWav: string;
  speechDurationSec: number;
  good: Record<GoodName, GoodFixture>;
  /** Files that must be refused, with the error code each must give. */
  bad: Record<BadName, { path: string; code: string }>;
  /** Good files cut at 60 % of their bytes. */
  truncated: Record<TruncatedName, string>;
  /** webm/opus with a 3-second gap in its timestamps after 3 s (8.9 s as a player shows it). */
  gapWebm: string;
  /** m4a (moov first) with 10 % of its bytes in the middle overwritten by garbage. */
  corruptMiddleM4a: string;
}

const SELF = fileURLToPath(import.meta.url);

function run(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${path.basename(bin)} ${args.join(' ')} failed (${code}):\n${err}`)),
    );
  });
}

/** Writes ffmpeg's output from a pipe (non-seekable: no duration, no cues — like MediaRecorder). */
async function ffmpegToPipe(ffmpeg: string, args: string[], out: string): Promise<void> {
  const child = spawn(ffmpeg, [...args, 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  await pipeline(child.stdout, createWriteStream(out));
  const code = await closed;
  if (code !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed (${code}):\n${err}`);
}

/** Deterministic pseudo-random bytes (mulberry32), so a "random" file is the same every run. */
export function seededBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

async function cutAt(src: string, dst: string, fraction: number): Promise<void> {
  const buf = await fs.readFile(src);
  await fs.writeFile(dst, buf.subarray(0, Math.floor(buf.length * fraction)));
}

async function probeDuration(ffprobe: string, file: string): Promise<number> {
  const out = await run(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  const d = Number(out.trim());
  if (!Number.isFinite(d) || d <= 0) throw new Error(`no duration for ${file}: ${out}`);
  return d;
}

async function generate(dir: string, tools: FfmpegTools): Promise<void> {
  const f = (name: string): string => path.join(dir, name);
  const ff = (...args: string[]): Promise<string> => run(tools.ffmpeg, ['-nostdin', '-y', '-hide_banner', '-v', 'error', ...args]);
  const speech = f('speech.wav');
  await run('espeak-ng', ['-v', 'id', '-w', speech, SPEECH_TEXT]);
  const dur = (await probeDuration(tools.ffprobe, speech)).toFixed(3);
  const video = (size: string): string[] => ['-f', 'lavfi', '-i', `color=c=0x1f4e79:s=${size}:r=10:d=${dur}`];
  const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

  // Good files.
  await ff('-i', speech, '-c:a', 'libmp3lame', '-b:a', '64k', f('speech.mp3'));
  await ff('-i', speech, '-c:a', 'aac', '-b:a', '64k', f('speech.m4a'));
  await ff(...video('96x64'), '-i', speech, '-map', '0:v', '-map', '1:a', ...h264, '-c:a', 'aac', '-b:a', '64k', f('speech.mp4'));
  await ff(...video('96x64'), '-i', speech, '-map', '0:v', '-map', '1:a', ...h264, '-c:a', 'aac', '-b:a', '64k', f('speech.mov'));
  await ff('-i', speech, '-c:a', 'libopus', '-b:a', '32k', f('speech.webm'));
  await ffmpegToPipe(tools.ffmpeg, ['-nostdin', '-v', 'error', '-i', speech, '-ar', '48000', '-c:a', 'libopus', '-b:a', '32k', '-f', 'webm'], f('recorder.webm'));
  await ff('-i', speech, '-c:a', 'libvorbis', '-q:a', '3', f('speech.ogg'));
  // A WhatsApp voice note: Opus in Ogg, 16 kHz-ish voice bit rate, named .opus.
  await ff('-i', speech, '-c:a', 'libopus', '-b:a', '16k', '-application', 'voip', f('voice-note.opus'));
  await ff('-i', speech, '-c:a', 'flac', f('speech.flac'));
  await ff('-i', speech, '-ar', '8000', '-ac', '1', '-c:a', 'pcm_s16le', f('speech-8k-mono.wav'));
  await ff('-i', speech, '-ar', '44100', '-ac', '2', '-c:a', 'pcm_s16le', f('speech-44k-stereo.wav'));
  await ff('-i', speech, '-ar', '48000', '-ac', '6', '-c:a', 'pcm_s16le', f('speech-48k-6ch.wav'));
  await ff('-i', speech, '-ar', '48000', '-c:a', 'pcm_s24le', f('speech-24bit.wav'));

  // Bad files.
  await fs.writeFile(f('notes-short.txt'), 'halo, ini bukan rekaman\n');
  const long = Array.from({ length: 200 }, (_, i) => `Baris ${i + 1}: notulen rapat koordinasi humas, bukan rekaman suara.`).join('\n');
  await fs.writeFile(f('notes-long.txt'), long + '\n');
  await fs.writeFile(f('notes.mp3'), long + '\n');
  await fs.writeFile(f('empty.mp3'), '');
  await ff('-f', 'lavfi', '-i', 'color=c=red:s=32x32', '-frames:v', '1', f('picture.png'));
  await ff('-f', 'lavfi', '-i', 'color=c=red:s=64x64:r=10:d=3', ...h264, f('video-no-audio.mp4'));
  await fs.writeFile(f('random.mp3'), seededBytes(200_000, 20240817));
  await fs.writeFile(f('random.m4a'), seededBytes(200_000, 7));
  await cutAt(f('speech.m4a'), f('unfinished.m4a'), 0.6); // moov is at the end: cut off with it
  await fs.mkdir(f('folder.mp3'));

  // Cut-off files.
  await cutAt(f('speech.mp3'), f('cut.mp3'), 0.6);
  await cutAt(f('speech.flac'), f('cut.flac'), 0.6);
  await ff('-i', speech, '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', f('faststart.m4a'));
  await cutAt(f('faststart.m4a'), f('cut-faststart.m4a'), 0.6);
  await cutAt(f('recorder.webm'), f('cut-recorder.webm'), 0.6);

  // Timeline cases.
  await ff('-i', speech, '-af', "asetpts='if(gte(T,3),PTS+3/TB,PTS)'", '-c:a', 'libopus', '-b:a', '32k', f('gap.webm'));
  const fs2 = await fs.readFile(f('faststart.m4a'));
  const start = Math.floor(fs2.length * 0.45);
  seededBytes(Math.floor(fs2.length * 0.1), 99).copy(fs2, start);
  await fs.writeFile(f('corrupt-middle.m4a'), fs2);

  await fs.writeFile(f('manifest.json'), JSON.stringify({ speechDurationSec: Number(dur), ffmpeg: tools.ffmpeg, version: tools.version }));
}

function describeFixtures(dir: string, tools: FfmpegTools, speechDurationSec: number): MediaFixtures {
  const f = (name: string): string => path.join(dir, name);
  const good = (name: GoodName, file: string, video = false, durationInHeader = true): GoodFixture => ({
    name,
    path: f(file),
    video,
    durationInHeader,
  });
  return {
    dir,
    tools,
    speechWav: f('speech.wav'),
    speechDurationSec,
    good: {
      mp3: good('mp3', 'speech.mp3'),
      m4a: good('m4a', 'speech.m4a'),
      mp4: good('mp4', 'speech.mp4', true),
      mov: good('mov', 'speech.mov', true),
      webm: good('webm', 'speech.webm'),
      recorderWebm: good('recorderWebm', 'recorder.webm', false, false),
      ogg: good('ogg', 'speech.ogg'),
      whatsappOpus: good('whatsappOpus', 'voice-note.opus'),
      flac: good('flac', 'speech.flac'),
      wav8kMono: good('wav8kMono', 'speech-8k-mono.wav'),
      wav44kStereo: good('wav44kStereo', 'speech-44k-stereo.wav'),
      wav48k6ch: good('wav48k6ch', 'speech-48k-6ch.wav'),
      wav24bit: good('wav24bit', 'speech-24bit.wav'),
    },
    bad: {
      textShort: { path: f('notes-short.txt'), code: 'MEDIA_NOT_MEDIA' },
      textLong: { path: f('notes-long.txt'), code: 'MEDIA_NOT_MEDIA' },
      textNamedMp3: { path: f('notes.mp3'), code: 'MEDIA_NOT_MEDIA' },
      empty: { path: f('empty.mp3'), code: 'MEDIA_EMPTY' },
      image: { path: f('picture.png'), code: 'MEDIA_NO_AUDIO' },
      videoNoAudio: { path: f('video-no-audio.mp4'), code: 'MEDIA_NO_AUDIO' },
      randomMp3: { path: f('random.mp3'), code: 'MEDIA_NOT_MEDIA' },
      randomM4a: { path: f('random.m4a'), code: 'MEDIA_NOT_MEDIA' },
      moovMissing: { path: f('unfinished.m4a'), code: 'MEDIA_DAMAGED' },
      folder: { path: f('folder.mp3'), code: 'FILE_UNREADABLE' },
      missing: { path: f('tidak-ada.m4a'), code: 'FILE_UNREADABLE' },
    },
    truncated: {
      mp3: f('cut.mp3'),
      flac: f('cut.flac'),
      faststartM4a: f('cut-faststart.m4a'),
      recorderWebm: f('cut-recorder.webm'),
    },
    gapWebm: f('gap.webm'),
    corruptMiddleM4a: f('corrupt-middle.m4a'),
  };
}

function fixturesRoot(): string {
  return process.env.RISALAH_TEST_FIXTURES || os.tmpdir();
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Makes `final` (a folder) once across parallel workers: whoever takes the lock builds into a
 * temporary folder and renames it; the others wait for the result.
 */
async function buildOnce(final: string, done: string, build: (tmp: string) => Promise<void>): Promise<void> {
  if (await exists(done)) return;
  const lock = `${final}.lock`;
  for (let waited = 0; ; waited += 200) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (await exists(done)) return;
      const st = await fs.stat(lock).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > 10 * 60_000) await fs.rm(lock, { recursive: true, force: true }); // stale
      if (waited > 15 * 60_000) throw new Error(`timed out waiting for ${lock}`, { cause: e });
      await sleep(200);
    }
  }
  try {
    if (await exists(done)) return;
    const tmp = await fs.mkdtemp(`${final}.tmp-`);
    try {
      await build(tmp);
      await fs.rm(final, { recursive: true, force: true });
      await fs.rename(tmp, final);
    } catch (e) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw e;
    }
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/** Removes fixture folders of older versions of this file, unused for a day. */
async function pruneStale(root: string, keep: string): Promise<void> {
  const names = await fs.readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith('risalah-media-fixtures-') || name === keep || name.includes('.')) continue;
    const st = await fs.stat(path.join(root, name)).catch(() => undefined);
    if (st?.isDirectory() && Date.now() - st.mtimeMs > 24 * 3600_000) {
      await fs.rm(path.join(root, name), { recursive: true, force: true });
    }
  }
}

let cached: Promise<MediaFixtures> | undefined;

/** The fixtures (made on first use, then cached on disk and per process). */
export function mediaFixtures(): Promise<MediaFixtures> {
  cached ??= (async () => {
    const tools = await resolveFfmpeg();
    const espeak = (
      await run('espeak-ng', ['--version']).catch((e: unknown) => {
        throw new Error('media fixtures need espeak-ng (apt-get install espeak-ng)', { cause: e });
      })
    ).trim();
    const hash = createHash('sha256')
      .update(readFileSync(SELF))
      .update(`${tools.ffmpeg}\n${tools.version}\n${espeak}`)
      .digest('hex')
      .slice(0, 12);
    const dir = path.join(fixturesRoot(), `risalah-media-fixtures-${hash}`);
    const manifest = path.join(dir, 'manifest.json');
    await buildOnce(dir, manifest, async (tmp) => {
      await generate(tmp, tools);
      await pruneStale(path.dirname(dir), path.basename(dir));
    });
    const { speechDurationSec } = JSON.parse(await fs.readFile(manifest, 'utf8')) as { speechDurationSec: number };
    return describeFixtures(dir, tools, speechDurationSec);
  })();
  return cached;
}

/**
 * A long recording: the speech clip looped for `seconds` (default one hour), as 8 kHz 8-bit wav
 * (cheap to make and to decode: 28.8 MB per hour; it decodes to 115.2 MB of 16 kHz s16 PCM).
 */
export async function longAudioFixture(seconds = 3600): Promise<string> {
  const fx = await mediaFixtures();
  const folder = path.join(fx.dir, `long-${seconds}`);
  const file = path.join(folder, `rapat-${seconds}s.wav`);
  await buildOnce(folder, file, async (tmp) => {
    await run(fx.tools.ffmpeg, [
      '-nostdin', '-y', '-v', 'error', '-stream_loop', '-1', '-i', fx.speechWav,
      '-t', String(seconds), '-ar', '8000', '-ac', '1', '-c:a', 'pcm_u8', path.join(tmp, path.basename(file)),
    ]);
  });
  return file;
}
