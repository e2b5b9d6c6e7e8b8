import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeMedia } from '../../../main/core/media/analyze';
import { decodePcm } from '../../../main/core/media/decode';
import { PeakBuilder, decodePeaks, encodePeaks } from '../../../main/core/media/peaks';
import { mediaFixtures, type MediaFixtures } from '../../helpers/media-fixtures';
import { drain, testDir } from './_util';

let fx: MediaFixtures;
beforeAll(async () => {
  fx = await mediaFixtures();
});

/** min/max per bucket computed the obvious way, for comparison. */
function naivePeaks(pcm: Buffer, spp: number): number[] {
  const n = pcm.length / 2;
  const out: number[] = [];
  for (let start = 0; start < n; start += spp) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = start; i < Math.min(n, start + spp); i++) {
      const s = pcm.readInt16LE(2 * i);
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    out.push(Math.floor(min / 256), Math.min(127, Math.ceil(max / 256)));
  }
  return out;
}

describe('waveform peaks', () => {
  it('a 0.5-amplitude sine then silence gives ±64 then 0', async () => {
    const dir = await testDir('peaks');
    const file = path.join(dir, 'sinus.wav');
    const r = spawnSync(fx.tools.ffmpeg, [
      '-nostdin', '-v', 'error', '-f', 'lavfi',
      '-i', "aevalsrc='if(lt(t,2),0.5*sin(2*PI*440*t),0)':s=16000:d=3",
      '-c:a', 'pcm_s16le', file,
    ]);
    expect(r.status, String(r.stderr)).toBe(0);
    const a = await analyzeMedia(file, fx.tools);
    expect(a.samples).toBe(48000);
    expect(a.peaks.length).toBe(150);
    for (let i = 0; i < 150; i++) {
      const min = a.peaks.data[2 * i] as number;
      const max = a.peaks.data[2 * i + 1] as number;
      if (i < 99) {
        expect(max).toBeGreaterThanOrEqual(62);
        expect(max).toBeLessThanOrEqual(64);
        expect(min).toBeGreaterThanOrEqual(-65);
        expect(min).toBeLessThanOrEqual(-62);
      } else if (i > 100) {
        expect([min, max]).toEqual([0, 0]);
      }
    }
  });

  it('equal the obvious per-bucket min/max of the decoded PCM, whatever the chunking', async () => {
    const file = fx.good.m4a.path;
    const pcm = (await drain(decodePcm(file, fx.tools))).data;
    const expected = naivePeaks(pcm, 320);
    const a = await analyzeMedia(file, fx.tools);
    expect(Array.from(a.peaks.data)).toEqual(expected);

    // Odd chunk sizes and a Buffer at an odd byte offset.
    const b = new PeakBuilder(16000, 320);
    const odd = Buffer.alloc(pcm.length + 1);
    pcm.copy(odd, 1);
    const shifted = odd.subarray(1);
    for (let off = 0; off < shifted.length; ) {
      const size = 2 * (1 + ((off * 7919) % 997));
      b.push(shifted.subarray(off, off + size));
      off += size;
    }
    expect(Array.from(b.finish().data)).toEqual(expected);
  });

  it('file format: audiowaveform v1, 8-bit, round trip', async () => {
    const a = await analyzeMedia(fx.good.flac.path, fx.tools);
    const buf = encodePeaks(a.peaks);
    expect(buf.length).toBe(20 + 2 * a.peaks.length);
    expect(buf.readInt32LE(0)).toBe(1); // version
    expect(buf.readUInt32LE(4)).toBe(1); // flags: 8-bit
    expect(buf.readInt32LE(8)).toBe(16000);
    expect(buf.readInt32LE(12)).toBe(320);
    expect(buf.readUInt32LE(16)).toBe(a.peaks.length);
    expect(buf.readInt8(20)).toBe(a.peaks.data[0]);
    const back = decodePeaks(buf);
    expect(back.length).toBe(a.peaks.length);
    expect(back.samplesPerPeak).toBe(320);
    expect(Array.from(back.data)).toEqual(Array.from(a.peaks.data));
    expect(() => decodePeaks(buf.subarray(0, buf.length - 1))).toThrow(/length/);
  });
});
