/**
 * Running the VAD in a worker thread (see vad-worker.ts for why).
 *
 * Owns: finding the bundled worker (`dist/workers/vad-worker.mjs`, beside the bundle that runs,
 * or in the clone's dist/), starting it for one PCM file, relaying progress and cancellation, and
 * turning its answer back into a result or a RisalahError.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RisalahError } from '../errors';
import type { ErrorCode } from '../../api/errors';
import { findRepoRoot } from './engine-paths';
import type { VadParams, VadResult } from './vad';

export function resolveVadWorker(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.RISALAH_WORKERS_DIR ? path.join(env.RISALAH_WORKERS_DIR, 'vad-worker.mjs') : null,
    path.join(import.meta.dirname, 'workers', 'vad-worker.mjs'), // dist/cli.js → dist/workers
    path.join(import.meta.dirname, '..', 'workers', 'vad-worker.mjs'), // dist/electron/main.js → dist/workers
  ];
  const root = findRepoRoot();
  if (root) candidates.push(path.join(root, 'dist', 'workers', 'vad-worker.mjs'));
  const found = candidates.find((c): c is string => c !== null && existsSync(c));
  if (!found) {
    throw new RisalahError('ENGINE_MISSING', 'the VAD worker is not built (run `npm run build`)', { file: 'vad-worker.mjs' });
  }
  return found;
}

export function detectSpeechInWorker(
  pcmFile: string,
  opts: { params?: VadParams; modelPath?: string; signal?: AbortSignal; onProgress?: (sec: number) => void } = {},
): Promise<VadResult> {
  const worker = new Worker(resolveVadWorker(), {
    workerData: { pcmFile, params: opts.params ?? {}, ...(opts.modelPath ? { modelPath: opts.modelPath } : {}) },
  });
  return new Promise<VadResult>((resolve, reject) => {
    let settled = false;
    // The worker ends by itself after its answer (see vad-worker.ts): never terminate it while
    // onnxruntime may still hold native resources.
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => worker.postMessage('cancel');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    worker.on('message', (m: { type: string; sec?: number; result?: VadResult; code?: ErrorCode; message?: string; params?: Record<string, string | number> }) => {
      if (m.type === 'progress') opts.onProgress?.(m.sec ?? 0);
      else if (m.type === 'done') finish(() => resolve(m.result as VadResult));
      else if (m.type === 'error') finish(() => reject(new RisalahError(m.code ?? 'INTERNAL', m.message ?? 'VAD failed', m.params ?? {})));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new RisalahError('ENGINE_FAILED', `VAD worker exited with ${code} before answering`, {}))));
  });
}
