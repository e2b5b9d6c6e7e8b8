/**
 * The diarization engine: sherpa-onnx's OfflineSpeakerDiarization (pyannote segmentation +
 * speaker embeddings + clustering) and the cluster centroids, for one 16 kHz mono PCM file.
 *
 * Owns: checking both model files before sherpa-onnx loads them (onnx-inspect.ts: sherpa-onnx
 * exits the process on a bad model), reading the PCM, running the diarization off the event loop
 * (`offlineSpeakerDiarizationProcessAsync`, a libuv thread, with its per-embedding progress),
 * embedding each cluster's speech with the same embedding model (`SpeakerEmbeddingExtractor`:
 * sherpa-onnx does not expose the embeddings it clustered), merging clusters that are one voice
 * (clusters.ts) and the result.
 *
 * Runs ONLY inside the diarization child process (diarize-worker.ts): sherpa-onnx carries its own
 * onnxruntime, which must never share a process with onnxruntime-node (the VAD), and a crash in
 * native code must not take the host down. Never import it from the host.
 *
 * Memory: the samples as float32 (4 bytes a sample: 230 MB an hour), once — sherpa-onnx copies
 * them, so ours are released as soon as it has (the centroids read their pieces from the file) —
 * plus its pairwise distance matrix over all window embeddings (bounded by `maxWindows`). See
 * docs/diarization.md.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setImmediate as nextTick } from 'node:timers/promises';
import { RisalahError } from '../errors';
import { centroidPieces, mergeClusters } from './clusters';
import { checkDiarizationModel } from './onnx-inspect';
import type { DiarizationEvent, DiarizationModels, DiarizationParams, DiarizationResult, Turn } from './types';
import type { EmbeddingPiece } from './voiceprint';

export const DIARIZATION_SAMPLE_RATE = 16_000;

export const DEFAULT_DIARIZATION_PARAMS: Required<Omit<DiarizationParams, 'numSpeakers'>> = Object.freeze({
  threshold: 0.5,
  mergeSimilarity: 0.6,
  minClusterSec: 1,
  minLongestTurnSec: 2,
  minDurationOn: 0.3,
  minDurationOff: 0.5,
  windowShiftRatio: 0.1,
  maxWindows: 3000,
  numThreads: 1,
});

/**
 * The segmentation window shift for a recording: the asked ratio, raised for long recordings so
 * that there are at most `maxWindows` windows. sherpa-onnx clusters every (window, local speaker)
 * embedding with a full pairwise distance matrix (8 bytes a pair): 2 hours of the real model at
 * pyannote's 0.1 would be ≈ 7,200 windows, up to ≈ 20,000 embeddings and ≈ 1.6 GB of distances.
 */
export function windowShiftRatioFor(samples: number, windowSize: number, ratio: number, maxWindows: number): number {
  if (samples <= windowSize || windowSize <= 0) return ratio;
  const needed = (samples - windowSize) / (Math.max(1, maxWindows - 1) * windowSize);
  return Math.min(1, Math.max(ratio, needed));
}

export interface DiarizationJob {
  pcmFile: string;
  format: 's16le' | 'f32le';
  models: DiarizationModels;
  params?: DiarizationParams;
}

interface RawSegment {
  start: number;
  end: number;
  speaker: number;
}
interface Stream {
  acceptWaveform(o: { samples: Float32Array; sampleRate: number }): void;
  inputFinished(): void;
}
interface SherpaAddon {
  createOfflineSpeakerDiarization(config: object): unknown;
  getOfflineSpeakerDiarizationSampleRate(handle: unknown): number;
  offlineSpeakerDiarizationProcessAsync(handle: unknown, samples: Float32Array, cb: (done: number, total: number) => void): Promise<RawSegment[]>;
}
interface SherpaModule {
  SpeakerEmbeddingExtractor: new (config: object) => { dim: number; createStream(): Stream; isReady(s: Stream): boolean; compute(s: Stream, external?: boolean): Float32Array };
}

const requireNative = createRequire(import.meta.url);

function loadSherpa(): { addon: SherpaAddon; sherpa: SherpaModule } {
  try {
    return { addon: requireNative('sherpa-onnx-node/addon.js') as SherpaAddon, sherpa: requireNative('sherpa-onnx-node') as SherpaModule };
  } catch (e) {
    throw new RisalahError('ENGINE_MISSING', `sherpa-onnx-node cannot be loaded: ${(e as Error).message}`, { file: 'sherpa-onnx-node' });
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Samples [from, to) of a PCM file as floats in [−1, 1], read in chunks (no second copy of the
 * whole file in memory). `to` defaults to the end.
 */
export async function readPcm(file: string, format: 's16le' | 'f32le', from = 0, to?: number): Promise<Float32Array> {
  const bytesPer = format === 's16le' ? 2 : 4;
  const fh = await open(file, 'r').catch(() => {
    throw new RisalahError('FILE_UNREADABLE', `cannot read ${file}`, { file });
  });
  try {
    const total = Math.floor((await fh.stat()).size / bytesPer);
    const end = Math.min(total, to ?? total);
    const start = Math.max(0, Math.min(from, end));
    const out = new Float32Array(end - start);
    const chunk = Buffer.alloc(1 << 20);
    for (let i = 0; i < out.length; ) {
      const want = Math.min(chunk.length / bytesPer, out.length - i);
      const { bytesRead } = await fh.read(chunk, 0, want * bytesPer, (start + i) * bytesPer);
      const n = Math.floor(bytesRead / bytesPer);
      if (n === 0) break;
      for (let k = 0; k < n; k++) out[i + k] = format === 's16le' ? chunk.readInt16LE(2 * k) / 32768 : chunk.readFloatLE(4 * k);
      i += n;
    }
    return out;
  } finally {
    await fh.close();
  }
}

export async function runDiarization(job: DiarizationJob, emit: (e: DiarizationEvent) => void): Promise<DiarizationResult> {
  const started = Date.now();
  const p = { ...DEFAULT_DIARIZATION_PARAMS, ...Object.fromEntries(Object.entries(job.params ?? {}).filter(([, v]) => v !== undefined)) };
  const numSpeakers = job.params?.numSpeakers && job.params.numSpeakers > 0 ? Math.round(job.params.numSpeakers) : 0;
  const segmentationInfo = await checkDiarizationModel('segmentation', job.models.segmentation);
  const embeddingInfo = await checkDiarizationModel('embedding', job.models.embedding);
  const embeddingSha = await sha256File(job.models.embedding);
  // held in a box so that it can be let go of while sherpa-onnx runs (below)
  const held: { samples: Float32Array | null } = { samples: await readPcm(job.pcmFile, job.format) };
  const sampleCount = held.samples!.length;
  const durationSec = sampleCount / DIARIZATION_SAMPLE_RATE;
  const { addon, sherpa } = loadSherpa();
  const shiftRatio = windowShiftRatioFor(sampleCount, Number(segmentationInfo.metadata.window_size), p.windowShiftRatio, p.maxWindows);

  const handle = addon.createOfflineSpeakerDiarization({
    segmentation: { pyannote: { model: job.models.segmentation, windowShiftRatio: shiftRatio }, numThreads: p.numThreads, debug: 0 },
    embedding: { model: job.models.embedding, numThreads: p.numThreads, debug: 0 },
    clustering: numSpeakers ? { numClusters: numSpeakers, threshold: p.threshold } : { numClusters: 0, threshold: p.threshold },
    minDurationOn: p.minDurationOn,
    minDurationOff: p.minDurationOff,
  });
  const rate = addon.getOfflineSpeakerDiarizationSampleRate(handle);
  if (rate !== DIARIZATION_SAMPLE_RATE) {
    throw new RisalahError('DIARIZATION_MODEL_INVALID', `segmentation model wants ${rate} Hz`, { file: job.models.segmentation, reason: `sample rate ${rate}` });
  }

  emit({ type: 'progress', phase: 'segmentation', fraction: 0 });
  let embeddings = 0;
  const running = sampleCount
    ? addon.offlineSpeakerDiarizationProcessAsync(handle, held.samples!, (done, total) => {
        embeddings = total;
        emit({ type: 'progress', phase: 'embedding', fraction: total > 0 ? done / total : 1 });
      })
    : Promise.resolve([]);
  // sherpa-onnx has its own copy now: give ours back (the centroids read their pieces from the file)
  held.samples = null;
  (globalThis as { gc?: () => void }).gc?.();
  const raw = await running;
  const rawTurns: Turn[] = raw.filter((s) => s.end > s.start).map((s) => ({ start: s.start, end: Math.min(s.end, durationSec), speaker: s.speaker }));

  // each cluster's speech, embedded for its centroid
  const extractor = new sherpa.SpeakerEmbeddingExtractor({ model: job.models.embedding, numThreads: p.numThreads, debug: 0 });
  const pieces = centroidPieces(rawTurns);
  const perCluster = new Map<number, EmbeddingPiece[]>();
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const a = Math.max(0, Math.floor(piece.start * DIARIZATION_SAMPLE_RATE));
    const b = Math.min(sampleCount, Math.ceil(piece.end * DIARIZATION_SAMPLE_RATE));
    if (b - a < DIARIZATION_SAMPLE_RATE / 10) continue;
    const stream = extractor.createStream();
    stream.acceptWaveform({ samples: await readPcm(job.pcmFile, job.format, a, b), sampleRate: DIARIZATION_SAMPLE_RATE });
    stream.inputFinished();
    if (!extractor.isReady(stream)) continue;
    const vector = Array.from(extractor.compute(stream, false));
    if (vector.every(Number.isFinite)) {
      const list = perCluster.get(piece.speaker) ?? [];
      list.push({ vector, seconds: (b - a) / DIARIZATION_SAMPLE_RATE });
      perCluster.set(piece.speaker, list);
    }
    emit({ type: 'progress', phase: 'centroids', fraction: (i + 1) / pieces.length });
    await nextTick(); // lets a cancel or a lost parent be noticed between pieces
  }

  const merged = mergeClusters(rawTurns, perCluster, {
    hinted: numSpeakers > 0,
    mergeSimilarity: p.mergeSimilarity,
    minClusterSec: p.minClusterSec,
    minLongestTurnSec: p.minLongestTurnSec,
    joinGapSec: p.minDurationOff,
  });
  emit({ type: 'turns', turns: merged.turns });
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    turns: merged.turns,
    clusters: merged.clusters.map((c) => ({
      speaker: c.speaker,
      speechSec: c.speechSec,
      turns: c.turns,
      centroid: c.centroid ? c.centroid.vector.map((x) => Math.round(x * 1e6) / 1e6) : null,
      centroidSec: c.centroid ? round(c.centroid.seconds) : 0,
    })),
    durationSec: round(durationSec),
    speechSec: round(merged.clusters.reduce((s, c) => s + c.speechSec, 0)),
    embeddingModel: { file: job.models.embedding, sha256: embeddingSha, dim: Number(embeddingInfo.metadata.output_dim) },
    stats: { wallSec: round((Date.now() - started) / 1000), rawClusters: new Set(rawTurns.map((t) => t.speaker)).size, embeddings, windowShiftRatio: round(shiftRatio) },
  };
}
