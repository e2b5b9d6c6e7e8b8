/**
 * Background jobs (imports, transcriptions, model downloads) as the UI sees them.
 *
 * Owns: the job record pushed as `job.updated` and what a finished job produced.
 */
import type { MediaWarning } from './events';

/** Background work (imports, transcriptions, model downloads) as the UI sees it. */
export interface JobInfo {
  id: string;
  kind: 'import' | 'transcribe' | 'model' | 'diarize';
  /** The event the job works for (none for model jobs). */
  eventId?: string;
  /** The recording a transcription or a diarization works on. */
  recordingId?: string;
  /** The catalog model a download works on. */
  modelId?: string;
  /** What the job works on, for people: usually a file name. */
  label: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  /** The current step: `probe`, `hash`, `analyze`, `copy` (import); `decode`, `transcribe`, `finish` (transcription); `download`, `verify` (model); `decode`, `segmentation`, `embedding`, `centroids`, `apply` (diarize). */
  stage: string;
  /** 0..1 of the whole job, when known. */
  fraction: number | null;
  /** Estimated seconds left, when there is a rate to go by. */
  etaSec?: number | null;
  createdAt: string;
  finishedAt?: string;
  /** For failed jobs: the error, with code and params for its translated message. */
  error?: { code: string; message: string; params?: Record<string, string | number> };
  /** What a finished job produced. */
  result?: JobResult;
}

export interface JobResult {
  /** import: the recording (new or, when `duplicate`, the one already there). */
  recordingId?: string;
  duplicate?: boolean;
  durationSec?: number;
  warnings?: MediaWarning[];
  /** transcribe: segments written. */
  segments?: number;
  /** model: the installed model. */
  modelId?: string;
  /** diarize: speakers found (clusters). */
  speakers?: number;
}
