/**
 * The transcription engine for real: the risalah-whisper build, random-weight ggml models and
 * espeak-ng Indonesian speech. The model's text is garbage, so these tests check structure,
 * ranges, progress, cancel, crashes and errors — never words.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RisalahError } from '../../../main/core/errors';
import type { EnginePaths } from '../../../main/core/transcription/engine-paths';
import {
  SAMPLE_RATE,
  WhisperSidecar,
  type Segment,
  type TranscribeOptions,
} from '../../../main/core/transcription/sidecar';
import { fixturesDir, repeatedPcm, requireEngine, slicePcm, speechPcm, SPEECH_ID, testModel, type Pcm } from '../../helpers/engine';
import { tempDir } from '../../helpers/tmp';

/** Few tokens per segment and no temperature fallback: a random model then finishes fast. */
const FAST: TranscribeOptions = { language: 'id', maxTokens: 6, temperatureInc: 0, threads: 2 };

let engine: EnginePaths;
let tiny: string;
let speech: Pcm; // ~11 s
let long: Pcm; // ~65 s: three 30 s windows
const tmp = tempDir('risalah-engine-');

beforeAll(async () => {
  engine = requireEngine();
  [tiny, speech] = await Promise.all([testModel('tiny'), speechPcm(SPEECH_ID)]);
  long = await repeatedPcm(speech, 6);
});
afterAll(() => tmp.cleanup());

async function rejection(p: Promise<unknown>): Promise<RisalahError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RisalahError);
    return e as RisalahError;
  }
  throw new Error('expected the promise to reject');
}

function start(model = tiny, extra: { threads?: number } = {}): Promise<WhisperSidecar> {
  return WhisperSidecar.start({ binary: engine.sidecar, model, threads: extra.threads ?? 2, startTimeoutMs: 30_000 });
}

/** A promise that resolves on the first progress event of a request. */
function firstProgress(): { onProgress: (p: number) => void; seen: Promise<void> } {
  let resolve!: () => void;
  const seen = new Promise<void>((r) => (resolve = r));
  return { onProgress: () => resolve(), seen };
}

describe('WhisperSidecar with the real engine', () => {
  let sc: WhisperSidecar;
  beforeAll(async () => {
    sc = await start();
  });
  afterAll(async () => {
    await sc?.close();
  });

  it('loads the model once and reports it when ready', () => {
    expect(sc.alive).toBe(true);
    expect(sc.info.whisperVersion).toBe('1.9.1');
    expect(sc.info.model).toMatchObject({ type: 'tiny', nVocab: 51865, multilingual: true, nAudioLayer: 4, nTextLayer: 4, nMels: 80 });
    expect(sc.info.system).toMatch(/CPU/);
    expect(sc.info.threads).toBe(2);
  });

  it('streams monotone progress to 100 and ordered segments inside the window, offset by timeOffsetMs', async () => {
    const offset = 120_000;
    const progress: number[] = [];
    const streamed: Segment[] = [];
    const r = await sc.transcribe(
      { path: speech.path, format: 'f32le' },
      { ...FAST, timeOffsetMs: offset },
      { onProgress: (p) => progress.push(p), onSegment: (s) => streamed.push(s) },
    );

    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]!);

    expect(r.language).toBe('id');
    expect(r.samples).toBe(speech.samples);
    expect(r.durationMs).toBe(speech.durationMs);
    expect(r.timings.nEncode).toBeGreaterThanOrEqual(1);
    expect(r.timings.encodeMs).toBeGreaterThan(0);
    expect(r.timings.totalMs).toBeGreaterThan(0);

    expect(r.segments.length).toBeGreaterThan(0);
    expect(streamed).toEqual(r.segments);
    r.segments.forEach((s, i) => {
      expect(s.index).toBe(i);
      expect(s.t0Ms).toBeGreaterThanOrEqual(offset);
      expect(s.t1Ms).toBeLessThanOrEqual(offset + speech.durationMs);
      expect(s.t1Ms).toBeGreaterThanOrEqual(s.t0Ms);
      if (i > 0) expect(s.t0Ms).toBeGreaterThanOrEqual(r.segments[i - 1]!.t1Ms);
      expect(s.noSpeechProb).toBeGreaterThanOrEqual(0);
      expect(s.noSpeechProb).toBeLessThanOrEqual(1);
      expect(s.tokens.length).toBeGreaterThan(0);
      for (const t of s.tokens) {
        expect(t.id).toBeLessThan(50257); // text tokens only: no <|endoftext|>, <|id|>, timestamps
        expect(t.p).toBeGreaterThanOrEqual(0);
        expect(t.p).toBeLessThanOrEqual(1);
        expect(t.t0Ms).not.toBeNull();
        expect(t.t0Ms!).toBeGreaterThanOrEqual(offset);
        expect(t.t1Ms!).toBeLessThanOrEqual(offset + speech.durationMs);
      }
    });
  });

  it('reads exactly the requested range of a longer file', async () => {
    const offset = speech.samples + SAMPLE_RATE; // 1 s into the second copy
    const count = 5 * SAMPLE_RATE;
    const opts = { ...FAST, timeOffsetMs: 7_000 };
    const ranged = await sc.transcribe({ path: long.path, format: 'f32le', offsetSamples: offset, countSamples: count }, opts);
    expect(ranged.samples).toBe(count);
    expect(ranged.durationMs).toBe(5000);
    for (const s of ranged.segments) {
      expect(s.t0Ms).toBeGreaterThanOrEqual(7_000);
      expect(s.t1Ms).toBeLessThanOrEqual(12_000);
    }

    // The same samples in a file of their own give the very same output (probabilities included:
    // they depend on the audio even where the random model's words do not)...
    const alone = await slicePcm(long, offset, count, path.join(tmp.dir, 'window.f32'));
    const single = await sc.transcribe({ path: alone.path, format: 'f32le' }, opts);
    expect(single.segments).toEqual(ranged.segments);

    // ...and half a second later is other audio, so the output differs.
    const shifted = await sc.transcribe(
      { path: long.path, format: 'f32le', offsetSamples: offset + SAMPLE_RATE / 2, countSamples: count },
      opts,
    );
    expect(shifted.segments).not.toEqual(ranged.segments);
  });

  it('reads s16le PCM, and a range past the end of the file as empty audio', async () => {
    const s16 = await speechPcm(SPEECH_ID, 's16le');
    const r = await sc.transcribe({ path: s16.path, format: 's16le' }, FAST);
    expect(r.samples).toBe(speech.samples);
    expect(r.segments.length).toBeGreaterThan(0);

    const progress: number[] = [];
    const empty = await sc.transcribe(
      { path: speech.path, format: 'f32le', offsetSamples: speech.samples + 10 },
      FAST,
      { onProgress: (p) => progress.push(p) },
    );
    expect(empty).toMatchObject({ samples: 0, durationMs: 0, segments: [] });
    expect(progress.at(-1)).toBe(100);
  });

  it('fails a request for an unreadable PCM file and stays alive for the next one', async () => {
    const missing = await rejection(sc.transcribe({ path: path.join(tmp.dir, 'nope.f32'), format: 'f32le' }, FAST));
    expect(missing.code).toBe('FILE_UNREADABLE');
    expect(missing.params).toEqual({ file: 'nope.f32' });

    const dir = await rejection(sc.transcribe({ path: tmp.dir, format: 'f32le' }, FAST));
    expect(dir.code).toBe('FILE_UNREADABLE');

    const bad = await rejection(sc.transcribe({ path: speech.path, format: 'f32le' }, { ...FAST, language: 'xx' as 'id' }));
    expect(bad.code).toBe('ENGINE_FAILED');
    expect(bad.message).toMatch(/unknown language/);

    expect(sc.alive).toBe(true);
    const ok = await sc.transcribe({ path: speech.path, format: 'f32le', countSamples: 3 * SAMPLE_RATE }, FAST);
    expect(ok.samples).toBe(3 * SAMPLE_RATE);
  });

  it('answers a ping while busy and cancels a queued request without running it', async () => {
    const first = new AbortController();
    const fp = firstProgress();
    const running = sc.transcribe({ path: long.path, format: 'f32le' }, FAST, { signal: first.signal, onProgress: fp.onProgress });
    let firstSettled = false;
    const firstOutcome = rejection(running).finally(() => (firstSettled = true));
    await fp.seen;
    // Lines come in order: a pong before the first request's end means the stdin reader answered
    // while the main thread was transcribing.
    await sc.ping(10_000);
    expect(firstSettled).toBe(false);

    const second = new AbortController();
    const queuedProgress: number[] = [];
    const queued = sc.transcribe({ path: speech.path, format: 'f32le' }, FAST, {
      signal: second.signal,
      onProgress: (p) => queuedProgress.push(p),
    });
    second.abort();
    expect((await rejection(queued)).code).toBe('CANCELLED');
    expect(firstSettled).toBe(false); // answered from the queue, not after running it
    expect(queuedProgress).toEqual([]);

    first.abort();
    expect((await firstOutcome).code).toBe('CANCELLED');
    expect(sc.alive).toBe(true);
  });
});

describe('cancel', () => {
  let base: string;
  beforeAll(async () => {
    base = await testModel('base');
  });

  it('stops a base-size model in the middle of an encoder pass within a second, then takes the next request', async () => {
    // One thread: a base encoder pass then takes ~2.5 s here, so a cancel that had to wait for
    // the end of the pass (unpatched whisper.cpp 1.9.1) would miss the 2 s bound below.
    const sc = await start(base, { threads: 1 });
    try {
      const ac = new AbortController();
      let abortedAt = 0;
      let timer: NodeJS.Timeout | undefined;
      const p = sc.transcribe({ path: long.path, format: 'f32le' }, { ...FAST, threads: 1 }, {
        signal: ac.signal,
        onProgress: () => {
          timer ??= setTimeout(() => {
            abortedAt = performance.now();
            ac.abort();
          }, 400);
        },
      });
      const err = await rejection(p);
      const latency = performance.now() - abortedAt;
      expect(err.code).toBe('CANCELLED');
      expect(err.params).toEqual({ file: path.basename(long.path) });
      expect(abortedAt).toBeGreaterThan(0);
      expect(latency).toBeLessThan(2000);

      const next = await sc.transcribe({ path: speech.path, format: 'f32le', countSamples: 2 * SAMPLE_RATE }, { ...FAST, threads: 2 });
      expect(next.samples).toBe(2 * SAMPLE_RATE);
    } finally {
      await sc.close();
    }
  });

  it('lands inside the encoder pass (protocol level: no pass completed)', async () => {
    const child = spawn(engine.sidecar, ['--model', base, '--threads', '1'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const lines = readline.createInterface({ input: child.stdout });
    const messages: Array<Record<string, unknown>> = [];
    let sentCancelAt = 0;
    const outcome = new Promise<Record<string, unknown>>((resolve) => {
      lines.on('line', (line) => {
        const m = JSON.parse(line) as Record<string, unknown>;
        messages.push(m);
        if (m.type === 'ready') {
          // One 30 s window: its mel takes ~0.1 s, then one encoder pass of ~2.5 s on one thread.
          const pcm = { path: long.path, format: 'f32le', count: 30 * SAMPLE_RATE };
          child.stdin.write(`${JSON.stringify({ type: 'transcribe', id: 'x', pcm, options: { max_tokens: 6, temperature_inc: 0, threads: 1 } })}\n`);
        } else if (m.type === 'progress' && sentCancelAt === 0) {
          sentCancelAt = -1;
          setTimeout(() => {
            sentCancelAt = performance.now();
            child.stdin.write('{"type":"cancel","id":"x"}\n');
          }, 700);
        } else if (m.type === 'cancelled' || m.type === 'done' || m.type === 'fatal') {
          resolve(m);
        }
      });
    });
    try {
      const m = await outcome;
      const latency = performance.now() - sentCancelAt;
      expect(m.type).toBe('cancelled');
      expect(latency).toBeLessThan(2000);
      // One pass had started and none completed: whisper.cpp records encoder time only for a
      // completed pass, so a mean of 0 means the abort cut the pass short.
      expect(m.timings).toMatchObject({ n_encode: 1, encode_ms: 0 });
      expect(messages.filter((x) => x.type === 'segment')).toEqual([]);
    } finally {
      child.stdin.end();
      await new Promise((r) => child.once('close', r));
    }
    expect(child.exitCode).toBe(0); // EOF on stdin: clean exit
  });
});

describe('a dying engine', () => {
  it('rejects the pending request with ENGINE_CRASHED on kill -9, reports itself dead, and a new engine works', async () => {
    const sc = await start();
    const fp = firstProgress();
    const pending = sc.transcribe({ path: long.path, format: 'f32le' }, FAST, { onProgress: fp.onProgress });
    await fp.seen;
    process.kill(sc.pid!, 'SIGKILL');

    const err = await rejection(pending);
    expect(err.code).toBe('ENGINE_CRASHED');
    expect(err.message).toMatch(/SIGKILL/);
    expect(err.params).toEqual({ file: path.basename(long.path) });
    await sc.whenExited();
    expect(sc.alive).toBe(false);
    expect((await rejection(sc.transcribe({ path: speech.path, format: 'f32le' }, FAST))).code).toBe('ENGINE_CRASHED');
    expect((await rejection(sc.ping())).code).toBe('ENGINE_CRASHED');
    await sc.close(); // no-op, no hang

    const again = await start();
    try {
      const r = await again.transcribe({ path: speech.path, format: 'f32le', countSamples: 2 * SAMPLE_RATE }, FAST);
      expect(r.samples).toBe(2 * SAMPLE_RATE);
    } finally {
      await again.close();
    }
  });

  it('close() ends a running request with CANCELLED and the process exits', async () => {
    const sc = await start();
    const fp = firstProgress();
    const pending = sc.transcribe({ path: long.path, format: 'f32le' }, FAST, { onProgress: fp.onProgress });
    await fp.seen;
    const outcome = rejection(pending); // it settles while close() is still waiting for the exit
    await sc.close();
    expect((await outcome).code).toBe('CANCELLED');
    expect(sc.alive).toBe(false);
  });
});

describe('start failures', () => {
  /** Offset where the vocabulary ends: a file cut there has a header but no tensors. */
  async function endOfVocab(model: string): Promise<number> {
    const fh = await open(model, 'r');
    try {
      const head = Buffer.alloc(1 << 20);
      await fh.read(head, 0, head.length, 0);
      let o = 4 + 11 * 4;
      const nMel = head.readInt32LE(o);
      const nFft = head.readInt32LE(o + 4);
      o += 8 + nMel * nFft * 4;
      const nVocab = head.readInt32LE(o);
      o += 4;
      for (let i = 0; i < nVocab; i++) o += 4 + head.readUInt32LE(o);
      return o;
    } finally {
      await fh.close();
    }
  }

  async function fileWith(name: string, data: Buffer): Promise<string> {
    await mkdir(tmp.dir, { recursive: true });
    const f = path.join(tmp.dir, name);
    await writeFile(f, data);
    return f;
  }

  it('reports a missing model as MODEL_MISSING', async () => {
    const err = await rejection(start(path.join(tmp.dir, 'ggml-nothing.bin')));
    expect(err.code).toBe('MODEL_MISSING');
    expect(err.params).toEqual({ file: 'ggml-nothing.bin' });
  });

  it('reports random bytes, a GGUF file, a directory and truncated models as MODEL_INVALID, without crashing or hanging', async () => {
    const model = await readFile(tiny);
    const random = Buffer.alloc(300_000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    const gguf = Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(100_000)]);
    const cases: Array<[string, string]> = [
      ['random bytes', await fileWith('random.bin', random)],
      ['GGUF', await fileWith('model.gguf', gguf)],
      ['a directory', fixturesDir],
      ['cut in the header', await fileWith('cut-header.bin', model.subarray(0, 30))],
      ['cut in the vocabulary', await fileWith('cut-vocab.bin', model.subarray(0, 300_000))],
      ['header without tensors', await fileWith('cut-tensors.bin', model.subarray(0, await endOfVocab(tiny)))],
      ['cut in the weights', await fileWith('cut-half.bin', model.subarray(0, Math.floor(model.length / 2)))],
      ['one byte short', await fileWith('cut-one.bin', model.subarray(0, model.length - 1))],
    ];
    for (const [what, file] of cases) {
      const err = await rejection(start(file));
      expect(err.code, what).toBe('MODEL_INVALID');
      expect(err.params, what).toEqual({ file: path.basename(file) });
    }
  });

  it('reports a missing or non-executable engine binary as ENGINE_MISSING', async () => {
    const err = await rejection(WhisperSidecar.start({ binary: path.join(tmp.dir, 'no-engine'), model: tiny }));
    expect(err.code).toBe('ENGINE_MISSING');
    expect(err.message).toMatch(/build:native/);

    const notExecutable = await fileWith('not-executable', Buffer.from('#!/bin/sh\n'));
    const err2 = await rejection(WhisperSidecar.start({ binary: notExecutable, model: tiny }));
    expect(err2.code).toBe('ENGINE_MISSING');
    expect(err2.params).toEqual({ file: 'not-executable' });
  });

  it('ignores noise on stdout and reports an engine that exits before ready as ENGINE_CRASHED', async () => {
    // Not the engine: a process that misbehaves the ways a broken build or a wrong binary can.
    const script = await fileWith(
      'noisy-engine.sh',
      Buffer.from('#!/bin/sh\necho "hello"\necho "{not json"\necho \'{"type":"surprise"}\'\necho "dying now" >&2\nexit 3\n'),
    );
    await chmod(script, 0o755);
    const log: string[] = [];
    const err = await rejection(WhisperSidecar.start({ binary: script, model: tiny, log: (l) => log.push(l) }));
    expect(err.code).toBe('ENGINE_CRASHED');
    expect(err.message).toMatch(/exit code 3/);
    expect(err.message).toMatch(/dying now/);
    expect(log.join('\n')).toMatch(/non-JSON output: hello/);
    expect(log.join('\n')).toMatch(/unexpected message: \{"type":"surprise"\}/);
  });
});
