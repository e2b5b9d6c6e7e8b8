import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledBinaries, clearFfmpegCache, findOnPath, resolveFfmpeg } from '../../../main/core/media/ffmpeg';
import { caught } from './_util';

let systemDir: string | undefined; // where Debian's ffmpeg is (/usr/bin)
let bundled: { ffmpeg?: string; ffprobe?: string };
let tmp: string;

beforeAll(async () => {
  const sys = await findOnPath('ffmpeg');
  systemDir = sys ? path.dirname(sys) : undefined;
  bundled = bundledBinaries();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'risalah-ffmpeg-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('bundled binaries', () => {
  it('are found in the npm packages and run', async () => {
    expect(bundled.ffmpeg).toMatch(/@ffmpeg-installer[\\/]linux-x64[\\/]ffmpeg$/);
    expect(bundled.ffprobe).toMatch(/@ffprobe-installer[\\/]linux-x64[\\/]ffprobe$/);
    const t = await resolveFfmpeg({ env: { PATH: '' } });
    expect(t).toMatchObject({ ffmpeg: bundled.ffmpeg, ffprobe: bundled.ffprobe, source: 'bundled', ffprobeSource: 'bundled' });
    expect(t.version).toMatch(/^N-47683/); // the 2018 static build
    expect(t.ffprobeVersion).toMatch(/^N-66595/); // the 2023 static build
  });

  it('are absent when the packages cannot be resolved', async () => {
    expect(bundledBinaries(tmp)).toEqual({});
    const err = await caught(resolveFfmpeg({ env: { PATH: '' }, bundledFrom: tmp }));
    expect(err.code).toBe('FFMPEG_MISSING');
    expect(err.params.file).toBe('ffmpeg');
    const off = await caught(resolveFfmpeg({ env: { PATH: '' }, bundledFrom: false }));
    expect(off.code).toBe('FFMPEG_MISSING');
  });
});

describe.runIf(process.platform === 'linux')('resolution order', () => {
  it('PATH before bundled', async () => {
    expect(systemDir, 'these tests need ffmpeg on PATH (Debian package)').toBeDefined();
    const t = await resolveFfmpeg({ env: { PATH: systemDir } });
    expect(t).toMatchObject({
      ffmpeg: path.join(systemDir as string, 'ffmpeg'),
      ffprobe: path.join(systemDir as string, 'ffprobe'),
      source: 'path',
      ffprobeSource: 'path',
    });
    expect(t.version).not.toMatch(/^N-47683/);
  });

  it('environment before PATH', async () => {
    const t = await resolveFfmpeg({
      env: { PATH: systemDir, RISALAH_FFMPEG: bundled.ffmpeg, RISALAH_FFPROBE: bundled.ffprobe },
    });
    expect(t).toMatchObject({ ffmpeg: bundled.ffmpeg, ffprobe: bundled.ffprobe, source: 'env', ffprobeSource: 'env' });
  });

  it('settings before environment; ffprobe beside the chosen ffmpeg', async () => {
    const t = await resolveFfmpeg({
      ffmpegPath: path.join(systemDir as string, 'ffmpeg'),
      env: { PATH: '', RISALAH_FFMPEG: bundled.ffmpeg, RISALAH_FFPROBE: bundled.ffprobe },
    });
    expect(t).toMatchObject({
      ffmpeg: path.join(systemDir as string, 'ffmpeg'),
      ffprobe: path.join(systemDir as string, 'ffprobe'),
      source: 'settings',
      ffprobeSource: 'settings',
    });
  });

  it('settings ffmpeg without an ffprobe beside it: ffprobe continues down the order', async () => {
    const t = await resolveFfmpeg({ ffmpegPath: bundled.ffmpeg, env: { PATH: systemDir } });
    expect(t).toMatchObject({ ffmpeg: bundled.ffmpeg, source: 'settings', ffprobe: path.join(systemDir as string, 'ffprobe'), ffprobeSource: 'path' });
  });

  it('a bare command name in settings is looked up on PATH', async () => {
    const t = await resolveFfmpeg({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', env: { PATH: systemDir } });
    expect(t).toMatchObject({ ffmpeg: path.join(systemDir as string, 'ffmpeg'), source: 'settings', ffprobeSource: 'settings' });
  });

  it('a settings path that does not exist is an error naming it — no silent fallback', async () => {
    const bad = path.join(tmp, 'tidak-ada', 'ffmpeg');
    const err = await caught(resolveFfmpeg({ ffmpegPath: bad, env: { PATH: systemDir } }));
    expect(err.code).toBe('FFMPEG_MISSING');
    expect(err.params).toMatchObject({ file: 'ffmpeg', path: bad });
    expect(String(err.params.reason)).toMatch(/does not exist/);
    expect(err.message).toContain(bad);
  });

  it('a settings path to a program that is not ffmpeg is an error', async () => {
    const err = await caught(resolveFfmpeg({ ffmpegPath: '/bin/echo', env: { PATH: systemDir } }));
    expect(err.code).toBe('FFMPEG_MISSING');
    expect(err.params.path).toBe('/bin/echo');
    expect(String(err.params.reason)).toMatch(/is not ffmpeg/);
    // ffmpeg given as ffprobe: also refused.
    const swapped = await caught(resolveFfmpeg({ ffprobePath: bundled.ffmpeg, env: { PATH: systemDir } }));
    expect(swapped.code).toBe('FFMPEG_MISSING');
    expect(String(swapped.params.reason)).toMatch(/is not ffprobe/);
  });

  it('a broken RISALAH_FFMPEG is an error too', async () => {
    const err = await caught(resolveFfmpeg({ env: { PATH: systemDir, RISALAH_FFMPEG: path.join(tmp, 'nope') } }));
    expect(err.code).toBe('FFMPEG_MISSING');
    expect(err.params.path).toBe(path.join(tmp, 'nope'));
  });

  it('a broken ffmpeg on PATH is skipped for the bundled one', async () => {
    const dir = await mkdtemp(path.join(tmp, 'rusak-'));
    await writeFile(path.join(dir, 'ffmpeg'), '#!/bin/sh\nexit 3\n');
    await chmod(path.join(dir, 'ffmpeg'), 0o755);
    const t = await resolveFfmpeg({ env: { PATH: dir } });
    expect(t.source).toBe('bundled');
  });

  it('verifies each path once (cached), until the cache is cleared', async () => {
    const dir = await mkdtemp(path.join(tmp, 'hitung-'));
    const counter = path.join(dir, 'count');
    const fake = path.join(dir, 'ffmpeg');
    await writeFile(counter, '');
    await writeFile(fake, `#!/bin/sh\necho x >> '${counter}'\necho 'ffmpeg version 9.9-palsu Copyright'\n`);
    await chmod(fake, 0o755);
    const opts = { ffmpegPath: fake, ffprobePath: bundled.ffprobe, env: { PATH: '' } };
    const a = await resolveFfmpeg(opts);
    const b = await resolveFfmpeg(opts);
    expect(a.version).toBe('9.9-palsu');
    expect(b.source).toBe('settings');
    expect((await readFile(counter, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    clearFfmpegCache();
    await resolveFfmpeg(opts);
    expect((await readFile(counter, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
  });
});
