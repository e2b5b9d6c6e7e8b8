import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../../main/core/media/probe';
import { BAD_NAMES, GOOD_NAMES, mediaFixtures, type GoodName, type MediaFixtures } from '../../helpers/media-fixtures';
import { caught, testDir } from './_util';

let fx: MediaFixtures;
beforeAll(async () => {
  fx = await mediaFixtures();
});

/** What each good fixture must probe as. */
const EXPECTED: Record<GoodName, { codec: string; sampleRate: number; channels: number; video?: string; streams: number }> = {
  mp3: { codec: 'mp3', sampleRate: 22050, channels: 1, streams: 1 },
  m4a: { codec: 'aac', sampleRate: 22050, channels: 1, streams: 1 },
  mp4: { codec: 'aac', sampleRate: 22050, channels: 1, video: 'h264', streams: 2 },
  mov: { codec: 'aac', sampleRate: 22050, channels: 1, video: 'h264', streams: 2 },
  webm: { codec: 'opus', sampleRate: 48000, channels: 1, streams: 1 },
  recorderWebm: { codec: 'opus', sampleRate: 48000, channels: 1, streams: 1 },
  ogg: { codec: 'vorbis', sampleRate: 22050, channels: 1, streams: 1 },
  whatsappOpus: { codec: 'opus', sampleRate: 48000, channels: 1, streams: 1 },
  flac: { codec: 'flac', sampleRate: 22050, channels: 1, streams: 1 },
  wav8kMono: { codec: 'pcm_s16le', sampleRate: 8000, channels: 1, streams: 1 },
  wav44kStereo: { codec: 'pcm_s16le', sampleRate: 44100, channels: 2, streams: 1 },
  wav48k6ch: { codec: 'pcm_s16le', sampleRate: 48000, channels: 6, streams: 1 },
  wav24bit: { codec: 'pcm_s24le', sampleRate: 48000, channels: 1, streams: 1 },
};

describe('probeMedia: good files', () => {
  it.each(GOOD_NAMES)('%s', async (name) => {
    const g = fx.good[name];
    const exp = EXPECTED[name];
    const p = await probeMedia(g.path, fx.tools);
    expect(p.file).toBe(path.basename(g.path));
    expect(p.path).toBe(path.resolve(g.path));
    expect(p.audio).toMatchObject({ codec: exp.codec, sampleRate: exp.sampleRate, channels: exp.channels });
    expect(p.audioStreams).toBe(1);
    expect(p.streams).toBe(exp.streams);
    expect(p.sizeBytes).toBeGreaterThan(1000);
    if (exp.video) {
      expect(p.video).toEqual({ index: 0, codec: exp.video, width: 96, height: 64 });
      expect(p.audio.index).toBe(1);
    } else {
      expect(p.video).toBeUndefined();
    }
    if (g.durationInHeader) {
      expect(p.durationSec).toBeDefined();
      expect(Math.abs((p.durationSec ?? 0) - fx.speechDurationSec)).toBeLessThan(0.1);
      expect(['audio-stream', 'container']).toContain(p.durationSource);
    } else {
      // MediaRecorder-style webm: no duration anywhere; analyzeMedia measures it.
      expect(p.durationSec).toBeUndefined();
      expect(p.durationSource).toBe('none');
    }
  });

  it('marks a duration ffprobe estimated from the bit rate (mp3 without Xing header)', async () => {
    const dir = await testDir('probe');
    const out = path.join(dir, 'cbr-tanpa-xing.mp3');
    const r = spawnSync(fx.tools.ffmpeg, ['-nostdin', '-v', 'error', '-i', fx.speechWav, '-c:a', 'libmp3lame', '-b:a', '64k', '-write_xing', '0', out]);
    expect(r.status).toBe(0);
    const p = await probeMedia(out, fx.tools);
    expect(p.durationSource).toBe('estimate');
    const withXing = await probeMedia(fx.good.mp3.path, fx.tools);
    expect(withXing.durationSource).toBe('audio-stream');
  });
});

describe('probeMedia: files that cannot be imported', () => {
  it.each(BAD_NAMES)('%s', async (name) => {
    const bad = fx.bad[name];
    const err = await caught(probeMedia(bad.path, fx.tools));
    expect(err.code).toBe(bad.code);
    expect(err.params.file).toBe(path.basename(bad.path));
    // The message is for logs: it names the file too.
    expect(err.message).toContain(path.basename(bad.path));
  });

  it('reads a long text file as text (ffprobe calls it tty), not as a picture without sound', async () => {
    const err = await caught(probeMedia(fx.bad.textLong.path, fx.tools));
    expect(err.code).toBe('MEDIA_NOT_MEDIA');
    expect(String(err.params.reason)).toMatch(/text/);
  });

  it('tells an unfinished m4a (damaged) from random bytes named .m4a (not media)', async () => {
    const unfinished = await caught(probeMedia(fx.bad.moovMissing.path, fx.tools));
    expect(unfinished.code).toBe('MEDIA_DAMAGED');
    expect(String(unfinished.params.reason)).toMatch(/moov/);
    const random = await caught(probeMedia(fx.bad.randomM4a.path, fx.tools));
    expect(random.code).toBe('MEDIA_NOT_MEDIA');
  });

  it('reports a missing ffprobe as FFMPEG_MISSING', async () => {
    const err = await caught(probeMedia(fx.good.mp3.path, { ffprobe: path.join(fx.dir, 'no-such-ffprobe') }));
    expect(err.code).toBe('FFMPEG_MISSING');
  });

  it('is cancellable', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await caught(probeMedia(fx.good.mp3.path, fx.tools, { signal: ac.signal }));
    expect(err.code).toBe('CANCELLED');
  });
});
