/**
 * Speaker diarization end to end: real sherpa-onnx (its own onnxruntime, in the child process of
 * diarize-process.ts and the bundled diarize-worker.mjs), the designed test models, espeak-ng
 * voices. A 3-voice event with a returning speaker, voiceprints across two recordings, and the
 * bad cases: models that are not ONNX or have the wrong inputs, one speaker, silence, cancel and
 * kill -9 in the middle of a run — never a child left behind.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diarizationErrorRate } from '../../../main/core/diarization/der';
import { diarizeMedia, diarizePcmFile } from '../../../main/core/diarization/diarize-process';
import type { DiarizationResult } from '../../../main/core/diarization/types';
import { foldIntoVoiceprint, formatSuggestion, suggestPeople, type Voiceprint } from '../../../main/core/diarization/voiceprint';
import { RisalahError } from '../../../main/core/errors';
import { resolveFfmpeg } from '../../../main/core/media';
import { diarizationTestModels, EVENT_A, EVENT_B, repeatedEventPcm, syntheticEvent, turnsText, VOICES, type SyntheticEvent, type TestModels } from '../../helpers/diarization';
import { tempDir } from '../../helpers/tmp';

let models: TestModels;
let eventA: SyntheticEvent;
let eventB: SyntheticEvent;
let tmp: ReturnType<typeof tempDir>;

function diarizeChildren(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('diarize-worker.mjs');
      } catch {
        return false;
      }
    })
    .map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function caught(p: Promise<unknown>): Promise<RisalahError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RisalahError);
  return e as RisalahError;
}

beforeAll(async () => {
  tmp = tempDir('risalah-diarize-');
  [models, eventA, eventB] = await Promise.all([diarizationTestModels(), syntheticEvent(EVENT_A), syntheticEvent(EVENT_B)]);
});

afterAll(() => tmp?.cleanup());

describe('diarization of a synthetic event (3 espeak-ng voices, one returning)', () => {
  let a: DiarizationResult;

  it('finds the 3 speakers, with a DER ≤ 20 % against the known turns', async () => {
    const fractions: number[] = [];
    let streamed: unknown = null;
    a = await diarizePcmFile(eventA.pcm, 's16le', { models, onProgress: (f) => fractions.push(f), onTurns: (t) => (streamed = t) });
    const der = diarizationErrorRate(eventA.reference, a.turns, { collar: 0.25 });
    const strict = diarizationErrorRate(eventA.reference, a.turns);
    console.log(
      `[diarization] event A (${eventA.durationSec} s): ${a.clusters.length} clusters, DER ${(der.der * 100).toFixed(1)} % (collar 0.25 s), ${(strict.der * 100).toFixed(1)} % (no collar) — missed ${der.missed.toFixed(2)} s, false alarm ${der.falseAlarm.toFixed(2)} s, confusion ${der.confusion.toFixed(2)} s; ${a.stats.wallSec} s wall\n  ${turnsText(a.turns)}`,
    );
    expect(a.clusters).toHaveLength(3);
    expect(der.der).toBeLessThanOrEqual(0.2);
    expect(strict.der).toBeLessThanOrEqual(0.2);
    // the MC's two turns are one speaker, and it is the first one ("Pembicara 1")
    const mcTurns = eventA.reference.filter((r) => r.speaker === 'mc');
    const who = (r: { start: number; end: number }) => a.turns.find((t) => t.start < r.end && t.end > r.start)?.speaker;
    expect(mcTurns.map(who)).toEqual([0, 0]);
    expect(streamed).toEqual(a.turns);
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((x, y) => x - y)).toEqual(fractions);
    // every cluster has a centroid of the embedding model's size, resting on its speech
    for (const c of a.clusters) {
      expect(c.centroid).toHaveLength(192);
      expect(c.centroidSec).toBeGreaterThan(2);
      expect(c.centroidSec).toBeLessThanOrEqual(c.speechSec + 0.01);
    }
    expect(a.embeddingModel.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(diarizeChildren()).toEqual([]);
  });

  it('names the same people on another recording: each cluster’s top suggestion is the right person', async () => {
    // recording A: the user names its clusters (through the DER mapping: cluster → person)
    const map = diarizationErrorRate(eventA.reference, a.turns).mapping;
    let prints: Voiceprint[] = [];
    for (const c of a.clusters) {
      const person = map.get(String(c.speaker))!;
      prints = [...prints.filter((p) => p.personId !== person), foldIntoVoiceprint(prints.find((p) => p.personId === person) ?? null, { personId: person, model: a.embeddingModel.sha256, centroid: { vector: c.centroid!, seconds: c.centroidSec }, recordingId: 'rec-a' })];
    }
    const b = await diarizePcmFile(eventB.pcm, 's16le', { models });
    const truth = diarizationErrorRate(eventB.reference, b.turns).mapping;
    expect(b.clusters).toHaveLength(3);
    const suggestions = suggestPeople(b.clusters, prints, { model: b.embeddingModel.sha256, threshold: 0.5 });
    console.log(`[diarization] recording B suggestions: ${suggestions.map((s) => `P${s.speaker + 1} → ${s.top ? formatSuggestion(s.top.personId, s.top.similarity, 'id') : '—'}`).join('; ')}`);
    for (const s of suggestions) expect(s.top?.personId).toBe(truth.get(String(s.speaker)));
    // prints of another embedding model are never compared
    expect(suggestPeople(b.clusters, prints, { model: 'other-model' }).every((s) => s.top === null)).toBe(true);
  });
});

describe('diarization: bad input and edge cases', () => {
  it('refuses a file that is not ONNX, and a model with the wrong inputs, with a clear message', async () => {
    const notOnnx = path.join(tmp.dir, 'segmentation.onnx');
    writeFileSync(notOnnx, 'PK\u0003\u0004 this is a zip, not a model');
    const e1 = await caught(diarizePcmFile(eventA.pcm, 's16le', { models: { ...models, segmentation: notOnnx } }));
    expect(e1.code).toBe('DIARIZATION_MODEL_INVALID');
    expect(e1.params).toMatchObject({ file: 'segmentation.onnx' });
    // the two models swapped: each has the wrong inputs (and metadata) for its role
    const e2 = await caught(diarizePcmFile(eventA.pcm, 's16le', { models: { segmentation: models.embedding, embedding: models.segmentation } }));
    expect(e2.code).toBe('DIARIZATION_MODEL_INVALID');
    expect(String(e2.params.reason)).toMatch(/segmentation/);
    const e3 = await caught(diarizePcmFile(eventA.pcm, 's16le', { models: { ...models, embedding: path.join(tmp.dir, 'absent.onnx') } }));
    expect(e3.code).toBe('DIARIZATION_MODEL_MISSING');
    expect(diarizeChildren()).toEqual([]);
  });

  it('one speaker only: one cluster', async () => {
    const solo = await syntheticEvent({
      turns: [
        { who: 'karutan', voice: VOICES.karutan, text: 'Selamat pagi. Saya melaporkan kegiatan pembinaan bulan ini.' },
        { who: 'karutan', voice: VOICES.karutan, text: 'Warga binaan mengikuti pelatihan menjahit dan pertanian.' },
        { who: 'karutan', voice: VOICES.karutan, text: 'Demikian laporan kami, terima kasih.' },
      ],
    });
    const r = await diarizePcmFile(solo.pcm, 's16le', { models });
    expect(r.clusters).toHaveLength(1);
    expect(diarizationErrorRate(solo.reference, r.turns, { collar: 0.25 }).der).toBeLessThanOrEqual(0.2);
  });

  it('a recording of silence: no turns, no clusters', async () => {
    const silent = path.join(tmp.dir, 'silence.s16le');
    writeFileSync(silent, Buffer.alloc(2 * 16000 * 20));
    const r = await diarizePcmFile(silent, 's16le', { models });
    expect(r.turns).toEqual([]);
    expect(r.clusters).toEqual([]);
    expect(r.durationSec).toBe(20);
  });

  it('takes a media file (decoded by ffmpeg), and a speaker-count hint', async () => {
    const mp3 = path.join(tmp.dir, 'event-a.mp3');
    const ff = await resolveFfmpeg();
    execFileSync(ff.ffmpeg, ['-v', 'error', '-y', '-i', eventA.wav, '-b:a', '64k', mp3]);
    const r = await diarizeMedia(mp3, ff, { models, params: { numSpeakers: 2 }, workDir: tmp.dir });
    expect(r.clusters).toHaveLength(2);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('risalah-diarize-'))).toEqual([]);
  });

  it('cancel in the middle of a run: answered within a second, no process left', async () => {
    const long = await repeatedEventPcm(eventA, 20);
    const controller = new AbortController();
    let pid = 0;
    let abortedAt = 0;
    const run = diarizePcmFile(long, 's16le', {
      models,
      signal: controller.signal,
      onSpawn: (p) => (pid = p),
      onProgress: (_f, phase) => {
        if (phase === 'embedding' && !abortedAt) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    const e = await caught(run);
    expect(e.code).toBe('CANCELLED');
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
    expect(diarizeChildren()).toEqual([]);
  });

  it('kill -9 of the engine in the middle of a run: a clear error, and a rerun works', async () => {
    const long = await repeatedEventPcm(eventA, 20);
    let pid = 0;
    let killed = false;
    const e = await caught(
      diarizePcmFile(long, 's16le', {
        models,
        onSpawn: (p) => (pid = p),
        onProgress: (_f, phase) => {
          if (phase === 'embedding' && !killed) {
            killed = true;
            process.kill(pid, 'SIGKILL');
          }
        },
      }),
    );
    expect(e.code).toBe('DIARIZATION_CRASHED');
    expect(diarizeChildren()).toEqual([]);
    const again = await diarizePcmFile(eventA.pcm, 's16le', { models });
    expect(again.clusters).toHaveLength(3);
  });
});
