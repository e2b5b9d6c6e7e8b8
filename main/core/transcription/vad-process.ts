/**
 * Running the VAD in a child process of its own (see vad-worker.ts for what it runs).
 *
 * Owns: finding the bundled entry (`dist/workers/vad-worker.mjs`, beside the bundle that runs, or
 * in the clone's dist/), starting it for one PCM file, relaying progress and cancellation, and
 * turning its answer back into a result or a RisalahError.
 *
 * Why a process and not a worker thread: onnxruntime's allocations (≈ 65 MB for the Silero model,
 * its thread pool and arenas) stay in the process after the session is released — glibc keeps
 * the freed memory — so a worker thread left the CLI (or the app's main process) that much bigger
 * for the rest of a transcription, next to the loaded Whisper model. A process gives it all back
 * when it exits. (Terminating a worker thread while onnxruntime held native resources also
 * aborted the whole process; a child that is killed takes only itself down.) `fork` works in
 * Electron's main process too: it runs the entry with Electron's own Node (ELECTRON_RUN_AS_NODE).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
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

/** What the child says (see vad-worker.ts). */
type VadMessage =
  | { type: 'progress'; sec: number }
  | { type: 'done'; result: VadResult }
  | { type: 'error'; code: ErrorCode; message: string; params: Record<string, string | number> };

/** How long a cancelled child may take to stop by itself before it is killed. */
const CANCEL_GRACE_MS = 2000;

export function detectSpeechInProcess(
  pcmFile: string,
  opts: { params?: VadParams; modelPath?: string; signal?: AbortSignal; onProgress?: (sec: number) => void } = {},
): Promise<VadResult> {
  const job = { pcmFile, params: opts.params ?? {}, ...(opts.modelPath ? { modelPath: opts.modelPath } : {}) };
  // No inherited execArgv (a test runner's loaders): the entry is plain bundled JavaScript.
  const child = fork(resolveVadWorker(), [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  return new Promise<VadResult>((resolve, reject) => {
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      if (child.connected) child.send('cancel');
      killTimer = setTimeout(() => child.kill('SIGKILL'), CANCEL_GRACE_MS);
      killTimer.unref();
    };
    child.on('message', (m: VadMessage) => {
      if (m.type === 'progress') opts.onProgress?.(m.sec);
      else if (m.type === 'done') finish(() => resolve(m.result));
      else finish(() => reject(new RisalahError(m.code, m.message, m.params)));
    });
    child.on('error', (e) => finish(() => reject(e)));
    child.on('exit', (code, signal) => {
      clearTimeout(killTimer);
      finish(() => {
        if (opts.signal?.aborted) reject(new RisalahError('CANCELLED', 'cancelled', {}));
        else reject(new RisalahError('ENGINE_FAILED', `the VAD process ended (${signal ?? code}) before answering: ${stderr.trim().slice(-500)}`, {}));
      });
    });
    child.send(job);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
  });
}
