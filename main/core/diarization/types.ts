/**
 * Shapes of speaker diarization shared by the engine (child process), its parent-side runner and
 * the pure functions (turns → segments, voiceprints, DER). JSON-safe: they cross the IPC channel.
 */

/** A stretch of one speaker's speech, in seconds from the start of the recording. */
export interface Turn {
  start: number;
  end: number;
  /** The cluster: 0…K−1 in order of first appearance ("Pembicara 1" is 0). */
  speaker: number;
}

/** One speaker cluster of a recording. */
export interface SpeakerCluster {
  speaker: number;
  /** Seconds of speech in its turns. */
  speechSec: number;
  turns: number;
  /**
   * The L2-normalised mean of the embeddings of its speech (each piece weighted by its length),
   * from the embedding model named in the result; null when no piece was long enough to embed.
   */
  centroid: number[] | null;
  /** Seconds of speech the centroid rests on. */
  centroidSec: number;
}

export interface DiarizationParams {
  /** A hint: exactly this many speakers (sherpa-onnx's num_clusters); 0 or absent: automatic. */
  numSpeakers?: number;
  /** Automatic mode: cosine-distance threshold of sherpa-onnx's clustering (default 0.5). */
  threshold?: number;
  /** Automatic mode: clusters whose centroids are at least this similar are one speaker (default 0.6). */
  mergeSimilarity?: number;
  /** Automatic mode: a cluster with less speech than this is merged into its nearest (default 1 s). */
  minClusterSec?: number;
  /** Automatic mode: a cluster without one turn this long (fragments only) is merged into its nearest (default 2 s). */
  minLongestTurnSec?: number;
  /** Turns shorter than this are dropped (sherpa-onnx's min_duration_on, default 0.3 s). */
  minDurationOn?: number;
  /** Gaps shorter than this between one speaker's turns are closed (min_duration_off, default 0.5 s). */
  minDurationOff?: number;
  /** Segmentation window shift as a fraction of its window (default 0.1, as pyannote). */
  windowShiftRatio?: number;
  /** At most this many segmentation windows: the shift grows for long recordings (default 3000; memory). */
  maxWindows?: number;
  /** onnxruntime threads for each model (default 1). */
  numThreads?: number;
}

export interface DiarizationModels {
  segmentation: string;
  embedding: string;
}

export interface DiarizationResult {
  turns: Turn[];
  clusters: SpeakerCluster[];
  durationSec: number;
  speechSec: number;
  /** The embedding model the centroids come from: voiceprints compare only within one model. */
  embeddingModel: { file: string; sha256: string; dim: number };
  stats: {
    wallSec: number;
    /** Clusters sherpa-onnx found before centroid merging. */
    rawClusters: number;
    /** (chunk, local speaker) embeddings sherpa-onnx computed. */
    embeddings: number;
    /** The window shift used (raised for long recordings, see `maxWindows`). */
    windowShiftRatio: number;
  };
}

/** What the engine child streams (see diarize-worker.ts). */
export type DiarizationEvent =
  | { type: 'progress'; phase: 'segmentation' | 'embedding' | 'centroids'; fraction: number }
  | { type: 'turns'; turns: Turn[] }
  | { type: 'done'; result: DiarizationResult }
  | { type: 'error'; code: string; message: string; params: Record<string, string | number> };
