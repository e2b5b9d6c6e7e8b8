import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeMedia } from '../../../main/core/media/analyze';
import { decodePcm } from '../../../main/core/media/decode';
import { longAudioFixture, mediaFixtures, type MediaFixtures } from '../../helpers/media-fixtures';
import { caught, childrenOf, drain, processExists } from './_util';

let fx: MediaFixtures;
beforeAll(async () => {
  fx = await mediaFixtures();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('decodePcm', () => {
  it.each(['m4a', 'mp4', 'webm', 'recorderWebm', 'wav48k6ch', 'wav24bit'] as const)(
    '%s: 16 kHz mono s16le, whole samples, as long as the analysis says',
    async (name) => {
      const g = fx.good[name];
      const s = decodePcm(g.path, fx.tools);
      const { data, sizes } = await drain(s);
      expect(sizes.every((n) => n > 0 && n % 2 === 0)).toBe(true);
      expect(s.summary).toBeDefined();
      expect(s.summary?.bytes).toBe(data.length);
      expect(s.summary?.samples).toBe(data.length / 2);
      expect(s.summary?.warnings).toEqual([]);
      const a = await analyzeMedia(g.path, fx.tools);
      expect(data.length / 2).toBe(a.samples);
      expect(Math.abs(data.length / 2 - fx.speechDurationSec * 16000)).toBeLessThan(0.1 * 16000);
    },
  );

  it('f32le gives the same samples as s16le, scaled to [-1, 1]', async () => {
    const file = fx.good.flac.path;
    const s16 = (await drain(decodePcm(file, fx.tools, { format: 's16le' }))).data;
    const f32s = decodePcm(file, fx.tools, { format: 'f32le' });
    const { data: f32, sizes } = await drain(f32s);
    expect(sizes.every((n) => n % 4 === 0)).toBe(true);
    expect(f32.length / 4).toBe(s16.length / 2);
    let maxDiff = 0;
    let peak = 0;
    for (let i = 0; i < s16.length / 2; i++) {
      const a = s16.readInt16LE(2 * i) / 32768;
      const b = f32.readFloatLE(4 * i);
      peak = Math.max(peak, Math.abs(b));
      maxDiff = Math.max(maxDiff, Math.abs(a - b));
    }
    expect(peak).toBeGreaterThan(0.1); // there is sound
    expect(peak).toBeLessThanOrEqual(1);
    // Not bit-identical (ffmpeg resamples in another precision for s16 output), but the same
    // signal within −60 dB: a wrong scale, byte order or offset would be far off.
    expect(maxDiff).toBeLessThan(1e-3);
  });

  it('other sample rates', async () => {
    const { data } = await drain(decodePcm(fx.good.mp3.path, fx.tools, { sampleRate: 8000 }));
    expect(Math.abs(data.length / 2 - fx.speechDurationSec * 8000)).toBeLessThan(0.1 * 8000);
  });

  it('startSec and durationSec cut a window', async () => {
    const file = fx.good.wav44kStereo.path;
    const full = (await drain(decodePcm(file, fx.tools))).data;
    const part = (await drain(decodePcm(file, fx.tools, { startSec: 2, durationSec: 1.5 }))).data;
    expect(Math.abs(part.length / 2 - 1.5 * 16000)).toBeLessThanOrEqual(320);
    // The window is the same audio as the full decode from 2 s on (not the start of the file).
    const at = 2 * 16000;
    let err = 0;
    let energy = 0;
    for (let i = 0; i < part.length / 2 - 100; i++) {
      const a = part.readInt16LE(2 * i);
      const b = full.readInt16LE(2 * (at + i));
      err += (a - b) ** 2;
      energy += b ** 2;
    }
    expect(energy).toBeGreaterThan(0);
    expect(err / energy).toBeLessThan(0.01);
    const tail = (await drain(decodePcm(file, fx.tools, { startSec: 4 }))).data;
    expect(Math.abs(tail.length / 2 - (full.length / 2 - 4 * 16000))).toBeLessThanOrEqual(320);
  });

  it('fails with the media error when nothing decodes', async () => {
    const cases: [string, string][] = [
      [fx.bad.moovMissing.path, 'MEDIA_DAMAGED'],
      [fx.bad.videoNoAudio.path, 'MEDIA_NO_AUDIO'],
      [fx.bad.image.path, 'MEDIA_NO_AUDIO'],
      [fx.bad.textShort.path, 'MEDIA_NOT_MEDIA'],
      [fx.bad.randomM4a.path, 'MEDIA_NOT_MEDIA'],
      [fx.bad.missing.path, 'FILE_UNREADABLE'],
    ];
    for (const [file, code] of cases) {
      const err = await caught(drain(decodePcm(file, fx.tools)));
      expect([path.basename(file), err.code]).toEqual([path.basename(file), code]);
      expect(err.params.file).toBe(path.basename(file));
    }
  });

  it('a missing ffmpeg is FFMPEG_MISSING', async () => {
    const err = await caught(drain(decodePcm(fx.good.mp3.path, { ffmpeg: path.join(fx.dir, 'no-such-ffmpeg') })));
    expect(err.code).toBe('FFMPEG_MISSING');
  });

  it('can be iterated once only', async () => {
    const s = decodePcm(fx.good.mp3.path, fx.tools);
    await drain(s);
    expect(() => s[Symbol.asyncIterator]()).toThrow(/once/);
  });
});

describe('decodePcm: cancellation and processes', () => {
  it('an aborted signal before start throws CANCELLED and starts nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const s = decodePcm(fx.good.mp3.path, fx.tools, { signal: ac.signal });
    const err = await caught(drain(s));
    expect(err.code).toBe('CANCELLED');
    expect(s.pid).toBeUndefined();
  });

  it('abort mid-way kills ffmpeg, reaps it, and throws CANCELLED', async () => {
    const long = await longAudioFixture();
    const ac = new AbortController();
    const s = decodePcm(long, fx.tools, { signal: ac.signal });
    let chunks = 0;
    let pid: number | undefined;
    const err = await caught(
      (async () => {
        for await (const chunk of s) {
          void chunk;
          pid = s.pid;
          if (++chunks === 3) {
            // ffmpeg is running (blocked on the full pipe) while we abort.
            expect(childrenOf().some((c) => c.pid === pid)).toBe(true);
            ac.abort();
          }
        }
      })(),
    );
    expect(err.code).toBe('CANCELLED');
    expect(err.params.file).toBe(path.basename(long));
    expect(chunks).toBe(3); // nothing more was yielded after the abort
    expect(pid).toBeDefined();
    expect(processExists(pid as number)).toBe(false); // not even a zombie
    expect(childrenOf().filter((c) => c.comm.includes('ffmpeg'))).toEqual([]);
  });

  it('abort while the consumer waits for data also ends it', async () => {
    const long = await longAudioFixture();
    const ac = new AbortController();
    const s = decodePcm(long, fx.tools, { signal: ac.signal });
    const it = s[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    ac.abort();
    const err = await caught(
      (async () => {
        let r = await pending;
        while (!r.done) r = await it.next();
      })(),
    );
    expect(err.code).toBe('CANCELLED');
    expect(processExists(s.pid as number)).toBe(false);
  });

  it('breaking out of the loop stops ffmpeg', async () => {
    const long = await longAudioFixture();
    const s = decodePcm(long, fx.tools);
    for await (const chunk of s) {
      void chunk;
      break;
    }
    expect(s.pid).toBeDefined();
    expect(processExists(s.pid as number)).toBe(false);
    expect(s.summary).toBeUndefined();
  });
});

describe('decodePcm: memory stays bounded with a slow consumer', () => {
  it('1 hour of audio (115 MB of PCM) through a slow consumer', async () => {
    const long = await longAudioFixture(3600);
    // Collect garbage while sampling, so that RSS shows what is retained, not what awaits the
    // next collection (chunks are garbage once consumed; V8 collects them lazily).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage();
    let maxRss = before.rss;
    let maxExternal = before.external + before.arrayBuffers;
    const sample = (): void => {
      const m = process.memoryUsage();
      maxRss = Math.max(maxRss, m.rss);
      maxExternal = Math.max(maxExternal, m.external + m.arrayBuffers);
    };
    const s = decodePcm(long, fx.tools);
    let bytes = 0;
    let chunks = 0;
    let stallGrowth = NaN;
    for await (const chunk of s) {
      bytes += chunk.length;
      chunks++;
      if (chunks === 1) {
        // Stall: ffmpeg decodes this file in well under a second; a decoder that buffers would
        // now hold the whole 115 MB (measured: +122 MB when stdout is collected on 'data').
        for (let i = 0; i < 15; i++) {
          await sleep(100);
          sample();
        }
        stallGrowth = (maxRss - before.rss) / 1e6;
      } else if (chunks % 16 === 0) {
        await new Promise((r) => setImmediate(r)); // keep consuming slowly-ish
        if (chunks % 256 === 0) gc();
        sample();
      }
    }
    sample();
    expect(bytes).toBe(3600 * 16000 * 2);
    expect(s.summary?.samples).toBe(3600 * 16000);
    const growthMb = (maxRss - before.rss) / 1e6;
    const externalMb = (maxExternal - before.external - before.arrayBuffers) / 1e6;
    console.log(
      `1 h decode: RSS growth ${stallGrowth.toFixed(1)} MB while stalled, ${growthMb.toFixed(1)} MB max ` +
        `(buffers ${externalMb.toFixed(1)} MB), ${chunks} chunks`,
    );
    // While the consumer stalls, only the pipe and the stream's buffer fill (~128 KB).
    expect(stallGrowth).toBeLessThan(20);
    // Over the whole run: bounded (measured ~4 MB), not proportional to the file's length.
    expect(growthMb).toBeLessThan(30);
  });
});
