/**
 * The static binaries from @ffmpeg-installer (ffmpeg N-47683, 2018) and @ffprobe-installer
 * (ffprobe, 2023): the fallback on a machine without ffmpeg. Every fixture format must work with
 * them too (see docs/media.md); the fixtures themselves are made with the ffmpeg on PATH.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeMedia, inspectMedia } from '../../../main/core/media/analyze';
import { resolveFfmpeg, type FfmpegTools } from '../../../main/core/media/ffmpeg';
import { BAD_NAMES, GOOD_NAMES, TRUNCATED_NAMES, mediaFixtures, type MediaFixtures } from '../../helpers/media-fixtures';
import { caught } from './_util';

let fx: MediaFixtures;
let tools: FfmpegTools;
beforeAll(async () => {
  fx = await mediaFixtures();
  tools = await resolveFfmpeg({ env: { PATH: '' } });
});

describe('bundled ffmpeg (2018) + ffprobe (2023)', () => {
  it('are the bundled ones', () => {
    expect(tools.source).toBe('bundled');
    expect(tools.version).toMatch(/^N-47683/);
  });

  it.each(GOOD_NAMES)('%s: probe and decode', async (name) => {
    const g = fx.good[name];
    const a = await analyzeMedia(g.path, tools);
    expect(Math.abs(a.decodedDurationSec - fx.speechDurationSec)).toBeLessThan(0.1);
    if (a.probe.durationSec !== undefined) expect(Math.abs(a.decodedDurationSec - a.probe.durationSec)).toBeLessThan(0.1);
    expect(a.peaks.length).toBe(Math.ceil(a.samples / 320));
    expect(a.warnings).toEqual([]);
  });

  it.each(BAD_NAMES)('%s: same error code', async (name) => {
    const bad = fx.bad[name];
    const err = await caught(inspectMedia(bad.path, tools));
    expect(err.code).toBe(bad.code);
    expect(err.params.file).toBe(path.basename(bad.path));
  });

  it.each(TRUNCATED_NAMES)('cut-off %s: TRUNCATED', async (name) => {
    const a = await analyzeMedia(fx.truncated[name], tools);
    expect(a.decodedDurationSec).toBeLessThan(0.8 * fx.speechDurationSec);
    expect(a.warnings.map((w) => w.code)).toContain('TRUNCATED');
  });

  it('keeps timestamp gaps', async () => {
    const a = await analyzeMedia(fx.gapWebm, tools);
    expect(Math.abs(a.decodedDurationSec - (a.probe.durationSec ?? 0))).toBeLessThan(0.1);
  });
});
