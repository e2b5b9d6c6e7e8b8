import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeMedia, inspectMedia, type MediaWarning } from '../../../main/core/media/analyze';
import { probeMedia } from '../../../main/core/media/probe';
import { BAD_NAMES, GOOD_NAMES, mediaFixtures, type MediaFixtures } from '../../helpers/media-fixtures';
import { caught, testDir } from './_util';

let fx: MediaFixtures;
beforeAll(async () => {
  fx = await mediaFixtures();
});

const codes = (ws: MediaWarning[]): string[] => ws.map((w) => w.code);

describe('analyzeMedia: good files', () => {
  it.each(GOOD_NAMES)('%s: exact duration, peaks, progress, no warnings', async (name) => {
    const g = fx.good[name];
    const probe = await probeMedia(g.path, fx.tools);
    const progress: (number | undefined)[] = [];
    const a = await analyzeMedia(g.path, fx.tools, { onProgress: (f) => progress.push(f) });

    expect(a.samples / 16000).toBe(a.decodedDurationSec);
    // Decoded length matches what the file says (and, for the webm that says nothing, the clip).
    const reference = probe.durationSec ?? fx.speechDurationSec;
    expect(Math.abs(a.decodedDurationSec - reference)).toBeLessThan(0.1);
    expect(Math.abs(a.decodedDurationSec - fx.speechDurationSec)).toBeLessThan(0.1);

    // 50 peaks per second: 320 samples per peak, the last bucket partial.
    expect(a.peaks.samplesPerPeak).toBe(320);
    expect(a.peaks.sampleRate).toBe(16000);
    expect(a.peaks.length).toBe(Math.ceil(a.samples / 320));
    expect(a.peaks.data.length).toBe(2 * a.peaks.length);
    // Speech is there: every bucket has min ≤ max, the file is not silent, and a good part of
    // it is loud relative to its own peak (a voice downmixed from 5.1 is ~10 dB quieter).
    const ranges: number[] = [];
    for (let i = 0; i < a.peaks.length; i++) {
      const min = a.peaks.data[2 * i] as number;
      const max = a.peaks.data[2 * i + 1] as number;
      expect(min).toBeLessThanOrEqual(max);
      ranges.push(max - min);
    }
    const top = Math.max(...ranges);
    expect(top).toBeGreaterThan(30);
    expect(ranges.filter((r) => r > top / 4).length).toBeGreaterThan(a.peaks.length / 4);

    expect(a.warnings).toEqual([]);
    expect(progress.at(-1)).toBe(1);
    if (probe.durationSec !== undefined) {
      const fractions = progress.filter((p): p is number => p !== undefined);
      expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
      expect(fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
    } else {
      // Unknown duration: fraction unknown until the end.
      expect(progress.slice(0, -1).every((p) => p === undefined)).toBe(true);
    }
  });

  it('honours peaksPerSecond', async () => {
    const a = await analyzeMedia(fx.good.flac.path, fx.tools, { peaksPerSecond: 10 });
    expect(a.peaks.samplesPerPeak).toBe(1600);
    expect(a.peaks.length).toBe(Math.ceil(a.samples / 1600));
  });

  it('keeps a gap in the timestamps as silence, so PCM time = player time', async () => {
    const probe = await probeMedia(fx.gapWebm, fx.tools);
    expect(probe.durationSec).toBeGreaterThan(fx.speechDurationSec + 2.5);
    const a = await analyzeMedia(fx.gapWebm, fx.tools, { probe });
    expect(Math.abs(a.decodedDurationSec - (probe.durationSec ?? 0))).toBeLessThan(0.1);
    // The 3 s gap after 3 s is silent in the peaks.
    const at = (sec: number): number => {
      const i = Math.floor(sec * 50);
      return (a.peaks.data[2 * i + 1] as number) - (a.peaks.data[2 * i] as number);
    };
    for (const sec of [3.5, 4.5, 5.5]) expect(at(sec)).toBeLessThanOrEqual(2);
    expect(a.warnings).toEqual([]);
  });

  it('reports damage in the middle as DECODE_ERRORS, keeps the timeline, and is not TRUNCATED', async () => {
    const a = await analyzeMedia(fx.corruptMiddleM4a, fx.tools);
    expect(codes(a.warnings)).toEqual(['DECODE_ERRORS']);
    const w = a.warnings[0];
    if (w?.code !== 'DECODE_ERRORS') throw new Error('unreachable');
    expect(w.count).toBeGreaterThan(0);
    expect(w.lines.length).toBeGreaterThan(0);
    expect(w.lines.length).toBeLessThanOrEqual(9);
    expect(Math.abs(a.decodedDurationSec - (a.probe.durationSec ?? 0))).toBeLessThan(0.1);
  });
});

describe('analyzeMedia: cut-off recordings', () => {
  it('mp3 cut at 60 %: keeps the decodable part, TRUNCATED against the Xing duration', async () => {
    const a = await analyzeMedia(fx.truncated.mp3, fx.tools);
    expect(a.decodedDurationSec).toBeGreaterThan(0.5 * fx.speechDurationSec);
    expect(a.decodedDurationSec).toBeLessThan(0.75 * fx.speechDurationSec);
    const t = a.warnings.find((w) => w.code === 'TRUNCATED');
    expect(t).toMatchObject({ code: 'TRUNCATED', decodedSec: expect.closeTo(a.decodedDurationSec, 2) });
    if (t?.code !== 'TRUNCATED') throw new Error('unreachable');
    expect(Math.abs((t.expectedSec ?? 0) - fx.speechDurationSec)).toBeLessThan(0.1);
    expect(a.peaks.length).toBe(Math.ceil(a.samples / 320));
  });

  it.each(['flac', 'faststartM4a'] as const)('%s cut at 60 percent: TRUNCATED with the expected duration', async (name) => {
    const a = await analyzeMedia(fx.truncated[name], fx.tools);
    expect(a.decodedDurationSec).toBeGreaterThan(0.3 * fx.speechDurationSec);
    expect(a.decodedDurationSec).toBeLessThan(0.8 * fx.speechDurationSec);
    const t = a.warnings.find((w) => w.code === 'TRUNCATED');
    if (t?.code !== 'TRUNCATED') throw new Error(`no TRUNCATED in ${JSON.stringify(a.warnings)}`);
    expect(t.decodedSec).toBeCloseTo(a.decodedDurationSec, 2);
    expect(Math.abs((t.expectedSec ?? 0) - fx.speechDurationSec)).toBeLessThan(0.1);
  });

  it('MediaRecorder webm cut at 60 % (no duration anywhere): TRUNCATED from ffmpeg saying so', async () => {
    const a = await analyzeMedia(fx.truncated.recorderWebm, fx.tools);
    expect(a.probe.durationSec).toBeUndefined();
    expect(a.decodedDurationSec).toBeGreaterThan(0.3 * fx.speechDurationSec);
    expect(a.decodedDurationSec).toBeLessThan(0.8 * fx.speechDurationSec);
    const t = a.warnings.find((w) => w.code === 'TRUNCATED');
    if (t?.code !== 'TRUNCATED') throw new Error(`no TRUNCATED in ${JSON.stringify(a.warnings)}`);
    expect(t.expectedSec).toBeUndefined();
    expect(t.detail).toMatch(/ended prematurely/i);
  });
});

describe('analyzeMedia: errors', () => {
  it('classifies bad files like probeMedia', async () => {
    for (const name of BAD_NAMES) {
      const bad = fx.bad[name];
      const err = await caught(analyzeMedia(bad.path, fx.tools));
      expect([name, err.code]).toEqual([name, bad.code]);
      expect(err.params.file).toBe(path.basename(bad.path));
    }
  });

  it('aborting throws CANCELLED', async () => {
    const ac = new AbortController();
    const err = await caught(
      analyzeMedia(fx.good.wav44kStereo.path, fx.tools, {
        signal: ac.signal,
        onPcm: () => ac.abort(),
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(err.params.file).toBe(path.basename(fx.good.wav44kStereo.path));
  });

  it('onPcm receives exactly the analysed samples', async () => {
    let bytes = 0;
    const a = await analyzeMedia(fx.good.ogg.path, fx.tools, {
      onPcm: async (chunk) => {
        bytes += chunk.length;
        await new Promise((r) => setImmediate(r));
      },
    });
    expect(bytes).toBe(2 * a.samples);
  });
});

describe('inspectMedia', () => {
  it.each(GOOD_NAMES)('%s: accepted with its kind', async (name) => {
    const g = fx.good[name];
    const i = await inspectMedia(g.path, fx.tools);
    expect(i.kind).toBe(g.video ? 'video' : 'audio');
    expect(i.file).toBe(path.basename(g.path));
  });

  it.each(BAD_NAMES)('%s: refused with the right code and the file name', async (name) => {
    const bad = fx.bad[name];
    const err = await caught(inspectMedia(bad.path, fx.tools));
    expect(err.code).toBe(bad.code);
    expect(err.params).toMatchObject({ file: path.basename(bad.path) });
  });

  it('file names with spaces, colons, a leading dash or a protocol-like prefix are just files', async () => {
    const dir = await testDir('nama');
    for (const name of ['Rekaman HUT RI ke-80: Upacara (1).m4a', '-rekaman.m4a', 'concat:a.m4a', 'pipe:1']) {
      const file = path.join(dir, name);
      await copyFile(fx.good.m4a.path, file);
      const i = await inspectMedia(file, fx.tools);
      expect(i.file).toBe(name);
      const a = await analyzeMedia(file, fx.tools, { probe: i });
      expect(Math.abs(a.decodedDurationSec - fx.speechDurationSec)).toBeLessThan(0.1);
    }
    const err = await caught(inspectMedia(path.join(dir, 'Notulen: rapat.m4a'), fx.tools));
    expect(err.params.file).toBe('Notulen: rapat.m4a');
  });

  it('accepts a cut-off file (the decodable part is imported)', async () => {
    const i = await inspectMedia(fx.truncated.mp3, fx.tools);
    expect(i.kind).toBe('audio');
  });
});
