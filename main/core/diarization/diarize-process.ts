/**
 * Speaker diarization from the host's side: the child process and its events.
 *
 * Owns: finding the bundled entry (`dist/workers/diarize-worker.mjs`), starting one child per
 * recording, relaying its typed events (progress, turns), turning its answer into a result or a
 * RisalahError, cancel (the child is killed at once: it writes nothing, so a cancel never leaves
 * anything half-done, and it is gone well within a second), and a child that dies without
 * answering → DIARIZATION_CRASHED (or DIARIZATION_MODEL_INVALID when sherpa-onnx said so on its
 * way out). The input is the 16 kHz mono PCM the transcription pipeline decodes (s16le), or
 * any media file, decoded here first (ffmpeg) to a temporary PCM file.
 *
 * The child is a process, not a worker thread: sherpa-onnx ships its own onnxruntime, which must
 * not share a process with onnxruntime-node (the VAD), and its native code may exit or crash.
 * `fork` works in Electron's main process too (ELECTRON_RUN_AS_NODE).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ErrorCode } from '../../api/errors';
import { RisalahError } from '../errors';
import { decodePcm, type FfmpegTools } from '../media';
import { findRepoRoot } from '../transcription/engine-paths';
import type { DiarizationEvent, DiarizationModels, DiarizationParams, DiarizationResult, Turn } from './types';

export function resolveDiarizeWorker(env: NodeJS.ProcessEnv = process.env): string {
  const name = 'diarize-worker.mjs';
  const candidates = [
    env.RISALAH_WORKERS_DIR ? path.join(env.RISALAH_WORKERS_DIR, name) : null,
    path.join(import.meta.dirname, 'workers', name), // dist/cli.js → dist/workers
    path.join(import.meta.dirname, '..', 'workers', name), // dist/electron/main.js → dist/workers
  ];
  const root = findRepoRoot();
  if (root) candidates.push(path.join(root, 'dist', 'workers', name));
  const found = candidates.find((c): c is string => c !== null && existsSync(c));
  if (!found) throw new RisalahError('ENGINE_MISSING', 'the diarization worker is not built (run `npm run build`)', { file: name });
  return found;
}

export interface DiarizeOptions {
  models: DiarizationModels;
  params?: DiarizationParams;
  signal?: AbortSignal;
  /** Overall progress 0…1 (segmentation ≈ first 5 %, embeddings to 90 %, centroids the rest). */
  onProgress?: (fraction: number, phase: string) => void;
  /** The final turns, as soon as they are known (just before the result). */
  onTurns?: (turns: Turn[]) => void;
  /** Called with the child's pid once it runs (tests). */
  onSpawn?: (pid: number) => void;
}

const PHASES = { segmentation: [0, 0.05], embedding: [0.05, 0.9], centroids: [0.9, 1] } as const;
const MODEL_EXIT = /does not exist in the metadata|Invalid value|not supported|Expect a (wespeaker|NeMo)|Load model from|ONNXRuntimeError|Protobuf parsing failed/i;

/** Diarizes a 16 kHz mono PCM file (`s16le` as the transcription pipeline writes it, or `f32le`). */
export function diarizePcmFile(pcmFile: string, format: 's16le' | 'f32le', opts: DiarizeOptions): Promise<DiarizationResult> {
  if (opts.signal?.aborted) return Promise.reject(new RisalahError('CANCELLED', 'cancelled', {}));
  const job = { pcmFile, format, models: opts.models, params: opts.params ?? {} };
  // --expose-gc: the child frees its copy of the samples as soon as sherpa-onnx has taken its own
  const child = fork(resolveDiarizeWorker(), [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  if (child.pid) opts.onSpawn?.(child.pid);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-8000);
  });
  return new Promise<DiarizationResult>((resolve, reject) => {
    let settled = false;
    let answer: (() => void) | null = null;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      child.kill('SIGKILL');
    };
    child.on('message', (m: DiarizationEvent) => {
      if (m.type === 'progress') {
        const [a, b] = PHASES[m.phase];
        opts.onProgress?.(a + (b - a) * Math.max(0, Math.min(1, m.fraction)), m.phase);
      } else if (m.type === 'turns') opts.onTurns?.(m.turns);
      // the answer counts once the process is gone (no child outlives a settled call)
      else if (m.type === 'done') answer = () => resolve(m.result);
      else answer = () => reject(new RisalahError(m.code as ErrorCode, m.message, m.params));
    });
    child.on('error', (e) => finish(() => reject(e)));
    child.on('exit', (code, signal) => {
      finish(() => {
        if (answer) answer();
        else if (opts.signal?.aborted) reject(new RisalahError('CANCELLED', 'cancelled', {}));
        else if (MODEL_EXIT.test(stderr)) {
          const file = path.basename(/segmentation|pyannote/i.test(stderr) ? opts.models.segmentation : opts.models.embedding);
          reject(new RisalahError('DIARIZATION_MODEL_INVALID', `sherpa-onnx refused a model: ${stderr.trim().slice(-500)}`, { file, reason: stderr.trim().split('\n').at(-1)!.slice(0, 200) }));
        } else reject(new RisalahError('DIARIZATION_CRASHED', `the diarization process ended (${signal ?? code}) before answering: ${stderr.trim().slice(-500)}`, {}));
      });
    });
    child.send(job);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Diarizes any media file: decodes it (ffmpeg) to a temporary 16 kHz s16le file in `workDir`
 * (default: the system's temp folder), diarizes that, and removes it.
 */
export async function diarizeMedia(file: string, ff: FfmpegTools, opts: DiarizeOptions & { workDir?: string }): Promise<DiarizationResult> {
  const dir = await mkdtemp(path.join(opts.workDir ?? os.tmpdir(), 'risalah-diarize-'));
  try {
    const pcmFile = path.join(dir, 'audio.s16le');
    const handle = await open(pcmFile, 'w');
    let bytes = 0;
    try {
      for await (const chunk of decodePcm(file, ff, { sampleRate: 16000, format: 's16le', ...(opts.signal ? { signal: opts.signal } : {}) })) {
        await handle.write(chunk);
        bytes += chunk.length;
      }
    } finally {
      await handle.close();
    }
    if (bytes === 0) throw new RisalahError('MEDIA_NO_AUDIO', `${file}: no audio decoded`, { file: path.basename(file) });
    return await diarizePcmFile(pcmFile, 's16le', opts);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
