/**
 * Child-process entry of speaker diarization (bundled by scripts/build.mjs to
 * dist/workers/diarize-worker.mjs; started by diarize-process.ts with `fork`).
 *
 * Owns: running engine.ts for one job in a process of its own — sherpa-onnx brings its own
 * onnxruntime (never in a process with onnxruntime-node), and whatever its native code does
 * (a crash, an `exit(-1)` on a bad model, running out of memory) ends only this process.
 * Messages in: the job `{ pcmFile, format, models, params }`. Messages out: the typed events of
 * types.ts (`progress`, `turns`, then `done` or `error`); then the process ends by itself.
 * Cancel is the parent killing it (nothing here is written to disk, so nothing can be left
 * half-done); when the parent goes away, it kills itself at once (no orphan keeps computing),
 * noticed by the IPC channel closing or, while native code keeps the main thread waiting, by a
 * watchdog thread that sees the process handed to another parent.
 */
import { Worker } from 'node:worker_threads';
import { isRisalahError } from '../errors';
import { runDiarization, type DiarizationJob } from './engine';
import type { DiarizationEvent } from './types';

if (!process.send) throw new Error('diarize-worker must be started with child_process.fork');
const send: NonNullable<typeof process.send> = process.send.bind(process);

function emit(e: DiarizationEvent): void {
  if (process.connected) send(e);
}

/** Sends, then ends: the answer must leave before the process does. */
let finishing = false;
function answer(e: DiarizationEvent): void {
  finishing = true;
  const end = () => {
    if (process.connected) process.disconnect();
    setTimeout(() => process.exit(0), 200).unref();
  };
  if (process.connected) send(e, undefined, {}, end);
  else end();
}

let started = false;
process.on('message', (m: unknown) => {
  if (started || typeof m !== 'object' || m === null) return;
  started = true;
  runDiarization(m as DiarizationJob, emit)
    .then((result) => answer({ type: 'done', result }))
    .catch((e: unknown) =>
      answer(
        isRisalahError(e)
          ? { type: 'error', code: e.code, message: e.message, params: e.params }
          : { type: 'error', code: 'INTERNAL', message: (e as Error)?.stack ?? String(e), params: {} },
      ),
    );
});
// The parent went away (closed, crashed, killed): stop now, even inside native code.
process.on('disconnect', () => {
  if (!finishing) process.kill(process.pid, 'SIGKILL');
});
// …and the same when this thread cannot hear it: sherpa-onnx keeps the main thread waiting while
// it clusters with a speaker-count hint, so a thread of its own watches for the parent's death
// (this process is handed to another parent) and ends the process.
const watchdog = new Worker(
  `const parent = ${process.ppid}; setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL'); }, 200);`,
  { eval: true },
);
watchdog.unref();
