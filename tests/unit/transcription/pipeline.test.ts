/**
 * The transcription pipeline with the real parts: ffmpeg decode, the Silero VAD in its worker,
 * the whisper.cpp sidecar with a random-weight model (its words are garbage: only structure,
 * timing, progress, cancel and resume are asserted), the journal on disk.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptSegment } from '../../../main/api/schemas';
import { RisalahError } from '../../../main/core/errors';
import { resolveFfmpeg, type FfmpegTools } from '../../../main/core/media';
import { EngineHolder, pruneWorkDir, transcribeRecording, type TranscribeJob } from '../../../main/core/transcription/pipeline';
import { requireEngine, testModel } from '../../helpers/engine';
import { speechWithSilence, type SpeechFile } from '../../helpers/speech';
import { tempDir } from '../../helpers/tmp';

let ff: FfmpegTools;
let model: string;
let speech: SpeechFile;
let tmp: ReturnType<typeof tempDir>;
const engine = new EngineHolder();

beforeAll(async () => {
  requireEngine();
  ff = await resolveFfmpeg();
  model = await testModel('tiny');
  speech = await speechWithSilence(15);
  tmp = tempDir();
}, 300_000);
afterAll(async () => {
  await engine.close();
  tmp?.cleanup();
});

let n = 0;
function job(over: Partial<TranscribeJob> = {}): TranscribeJob {
  n++;
  return {
    source: speech.path,
    journalFile: path.join(tmp.dir, `job${n}`, 'rec.journal.jsonl'),
    workDir: path.join(tmp.dir, 'work'),
    outputFile: path.join(tmp.dir, `job${n}`, 'rec.machine.json'),
    recordingId: 'rec-uji',
    model: { path: model },
    language: 'id',
    prompt: 'Ditjenpas, Mashudi, warga binaan.',
    replacements: [],
    threads: 1,
    maxTokens: 4,
    temperatureInc: 0,
    maxWindowSec: 6,
    ...over,
  };
}

function expectWellFormed(segments: readonly TranscriptSegment[], durationSec: number) {
  expect(segments.length).toBeGreaterThan(0);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as TranscriptSegment;
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.end).toBeGreaterThanOrEqual(s.start);
    expect(s.end).toBeLessThanOrEqual(durationSec + 0.05);
    if (i > 0) expect(s.start).toBeGreaterThanOrEqual((segments[i - 1] as TranscriptSegment).start);
    for (const w of s.words) {
      expect(w.p).toBeGreaterThanOrEqual(0);
      expect(w.p).toBeLessThanOrEqual(1);
      expect(w.start).toBeGreaterThanOrEqual(s.start - 0.05);
      expect(w.end).toBeLessThanOrEqual(s.end + 0.05);
    }
  }
}

describe('transcribing a recording', () => {
  it('decodes, skips the silent stretch with the VAD, and writes an ordered transcript with monotone progress', async () => {
    const stages: string[] = [];
    const fractions: number[] = [];
    const live: TranscriptSegment[] = [];
    const j = job();
    const t = await transcribeRecording(j, {
      ff,
      engine,
      onProgress: (stage, f) => {
        if (stages.at(-1) !== stage) stages.push(stage);
        if (f !== null) fractions.push(f);
      },
      onSegment: (s) => live.push(s),
    });
    expect(stages).toEqual(['decode', 'transcribe', 'finish']);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
    expect(fractions.at(-1)).toBe(1);
    expectWellFormed(t.segments, speech.durationSec);
    expect(t.segments.map((s) => s.id)).toEqual(t.segments.map((_, i) => `s${String(i + 1).padStart(4, '0')}`));
    expect(live.length).toBe(t.segments.length);
    // The 15 s of silence was never fed to Whisper, and nothing was "heard" in its middle.
    expect(t.stats.skippedSec).toBeGreaterThan(10);
    expect(t.stats.coveredSec + t.stats.skippedSec).toBeCloseTo(speech.durationSec, 1);
    const mid = (speech.silence.startSec + speech.silence.endSec) / 2;
    expect(t.segments.some((s) => s.start < mid - 3 && s.end > mid + 3)).toBe(false);
    expect(t.segments.some((s) => s.start > speech.silence.startSec + 2 && s.end < speech.silence.endSec - 2)).toBe(false);
    // Written atomically; the journal and the PCM cache are gone.
    expect(JSON.parse(readFileSync(j.outputFile as string, 'utf8'))).toEqual(t);
    expect(existsSync(j.journalFile)).toBe(false);
    expect(t.stats.restarts).toBe(0);
  });

  it('without the VAD covers the whole recording', async () => {
    const t = await transcribeRecording(job({ vad: false }), { ff, engine });
    expect(t.stats.skippedSec).toBe(0);
    expect(t.stats.coveredSec).toBeCloseTo(speech.durationSec, 1);
    expectWellFormed(t.segments, speech.durationSec);
  });

  it('survives kill -9 of the engine: restarts it and resumes without recomputing finished segments', async () => {
    const j = job({ vad: false, maxWindowSec: 4 });
    const seen: TranscriptSegment[] = [];
    let killed = false;
    const t = await transcribeRecording(j, {
      ff,
      engine,
      onSegment: (s) => {
        seen.push(s);
        if (!killed && seen.length === 2) {
          killed = true;
          void engine.get(model, 1).then((sidecar) => process.kill(sidecar.pid as number, 'SIGKILL'));
        }
      },
    });
    expect(killed).toBe(true);
    expect(t.stats.restarts).toBe(1);
    expectWellFormed(t.segments, speech.durationSec);
    // Every segment arrived once: nothing before the resume point was computed again.
    const starts = seen.map((s) => s.start);
    expect(new Set(starts).size).toBe(starts.length);
    expect(t.segments.map((s) => s.start)).toEqual([...starts].sort((a, b) => a - b));
  });

  it('is cancelled within a second, keeps its journal, and the next run resumes from it', async () => {
    const j = job({ vad: false, maxWindowSec: 4 });
    const controller = new AbortController();
    const first: TranscriptSegment[] = [];
    let abortedAt = 0;
    const err = await transcribeRecording(j, {
      ff,
      engine,
      signal: controller.signal,
      onSegment: (s) => {
        first.push(s);
        if (first.length === 2) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    }).catch((e: unknown) => e);
    const stoppedAfter = Date.now() - abortedAt;
    expect(err).toBeInstanceOf(RisalahError);
    expect((err as RisalahError).code).toBe('CANCELLED');
    expect(stoppedAfter).toBeLessThan(2000);
    expect(existsSync(j.journalFile)).toBe(true);
    const journaled = readFileSync(j.journalFile, 'utf8').trim().split('\n').filter((l) => l.includes('"segment"')).length;
    expect(journaled).toBeGreaterThanOrEqual(2);

    const second: TranscriptSegment[] = [];
    const t = await transcribeRecording(j, { ff, engine, onSegment: (s) => second.push(s) });
    const resumeFrom = Math.max(...first.slice(0, journaled).map((s) => s.end));
    for (const s of second) expect(s.start).toBeGreaterThanOrEqual(resumeFrom - 0.001);
    expect(t.segments.length).toBe(journaled + second.length);
    expectWellFormed(t.segments, speech.durationSec);
  });

  it('reports a corrupt model file clearly and writes no transcript', async () => {
    const bad = path.join(tmp.dir, 'rusak.bin');
    writeFileSync(bad, Buffer.alloc(4096, 7));
    const j = job({ model: { path: bad } });
    const err = await transcribeRecording(j, { ff, engine }).catch((e: unknown) => e);
    expect((err as RisalahError).code).toBe('MODEL_INVALID');
    expect(existsSync(j.outputFile as string)).toBe(false);
  });

  it('prunes the PCM of jobs abandoned over a week ago, never journals, and leaves no PCM of its own', async () => {
    const workDir = path.join(tmp.dir, 'work-prune');
    mkdirSync(workDir, { recursive: true });
    const put = (name: string, ageDays: number) => {
      const file = path.join(workDir, name);
      writeFileSync(file, 'x');
      const t = new Date(Date.now() - ageDays * 86_400_000);
      utimesSync(file, t, t);
    };
    put('lama.s16le', 10);
    put('lama.s16le.done.json', 10);
    put('kemarin.s16le', 1);
    put('kemarin.s16le.done.json', 1);
    put('lama.journal.jsonl', 30);
    const j = job({ workDir, vad: false });
    await transcribeRecording(j, { ff, engine });
    expect(readdirSync(workDir).sort()).toEqual(['kemarin.s16le', 'kemarin.s16le.done.json', 'lama.journal.jsonl']);
    // Directly: the age is what counts.
    expect(await pruneWorkDir(workDir, 7, Date.now() + 7 * 86_400_000)).toEqual(['kemarin.s16le']);
    expect(readdirSync(workDir)).toEqual(['lama.journal.jsonl']);
    expect(await pruneWorkDir(path.join(tmp.dir, 'tidak-ada'))).toEqual([]);
  });
});
