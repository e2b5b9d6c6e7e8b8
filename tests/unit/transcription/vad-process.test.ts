/**
 * The VAD in its own process (main/core/transcription/vad-process.ts + the bundled vad-worker.mjs,
 * built by `npm run build`): the same answer as in this process, progress, cancellation, a bad
 * file, and no child left behind in any of these cases.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RisalahError } from '../../../main/core/errors';
import { detectSpeech } from '../../../main/core/transcription/vad';
import { detectSpeechInProcess } from '../../../main/core/transcription/vad-process';
import { speechWithSilence } from '../../helpers/speech';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
let pcm: string;
let longPcm: string;

/** Our children that run the VAD entry, still alive. */
function vadChildren(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('vad-worker.mjs');
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(async () => {
  tmp = tempDir('risalah-vad-process-');
  const speech = await speechWithSilence(15);
  pcm = path.join(tmp.dir, 'speech.s16le');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', speech.path, '-ac', '1', '-ar', '16000', '-f', 's16le', pcm]);
  // About 10 minutes: long enough to cancel in the middle.
  longPcm = path.join(tmp.dir, 'long.s16le');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '24', '-i', speech.path, '-ac', '1', '-ar', '16000', '-f', 's16le', longPcm]);
});

afterAll(() => tmp?.cleanup());

describe('the VAD in a child process', () => {
  it('finds what the VAD finds in this process, reports progress, and leaves no process behind', async () => {
    const progress: number[] = [];
    const result = await detectSpeechInProcess(pcm, { onProgress: (sec) => progress.push(sec) });
    const here = await detectSpeech(createReadStream(pcm));
    expect(result.segments.length).toBeGreaterThanOrEqual(2);
    expect(result.segments).toEqual(here.segments);
    expect(result.durationSec).toBeCloseTo(here.durationSec, 3);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    await expect.poll(vadChildren, { timeout: 3000 }).toEqual([]);
  });

  it('is cancelled within a second, with CANCELLED, and the process ends', async () => {
    const controller = new AbortController();
    let cancelledAt = 0;
    let childrenWhileRunning: number[] = [];
    const running = detectSpeechInProcess(longPcm, {
      signal: controller.signal,
      onProgress: (sec) => {
        if (childrenWhileRunning.length === 0) childrenWhileRunning = vadChildren();
        if (sec > 30 && !controller.signal.aborted) {
          cancelledAt = performance.now();
          controller.abort();
        }
      },
    });
    const error = await running.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RisalahError);
    expect((error as RisalahError).code).toBe('CANCELLED');
    expect(cancelledAt).toBeGreaterThan(0);
    // (So that "none left" below means something: while it ran, there was one.)
    expect(childrenWhileRunning).toHaveLength(1);
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    await expect.poll(vadChildren, { timeout: 3000 }).toEqual([]);
  });

  it('rejects a missing PCM file with an error, and the process ends', async () => {
    const error = await detectSpeechInProcess(path.join(tmp.dir, 'missing.s16le')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RisalahError);
    expect((error as RisalahError).message).toMatch(/missing\.s16le|ENOENT/);
    await expect.poll(vadChildren, { timeout: 3000 }).toEqual([]);
  });
});
