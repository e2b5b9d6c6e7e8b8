/**
 * Child-process entry of the VAD (bundled by scripts/build.mjs to dist/workers/vad-worker.mjs;
 * started by vad-process.ts with `fork`).
 *
 * Owns: running the Silero VAD over a PCM file outside the caller's process — onnxruntime's
 * `session.run` computes on the thread that calls it, about 50 s of CPU for a 3-hour recording,
 * which must not happen in Electron's main process or the web host's event loop, and its memory
 * is only given back when the process ends. Messages in: the job `{ pcmFile, params, modelPath? }`,
 * then optionally `'cancel'`. Messages out: `{ type: 'progress', sec }`, `{ type: 'done', result }`,
 * `{ type: 'error', code, message, params }`; then the process ends by itself (and when its parent
 * goes away, it ends too).
 */
import { createReadStream } from 'node:fs';
import { isRisalahError } from '../errors';
import { createVad, type VadParams } from './vad';

interface Job {
  pcmFile: string;
  params: VadParams;
  modelPath?: string;
}

if (!process.send) throw new Error('vad-worker must be started with child_process.fork');
const send: NonNullable<typeof process.send> = process.send.bind(process);
const controller = new AbortController();

/** Sends, then ends: the answer must leave before the process does. */
function answer(message: unknown): void {
  const end = () => {
    if (process.connected) process.disconnect();
    // With the session released nothing should keep the process alive; if a native handle did,
    // this still ends it (unref'd: it never holds up a natural exit).
    setTimeout(() => process.exit(0), 1000).unref();
  };
  if (process.connected) send(message, undefined, {}, end);
  else end();
}

async function run(job: Job): Promise<void> {
  try {
    const vad = await createVad({ ...job.params, ...(job.modelPath ? { modelPath: job.modelPath } : {}) });
    let result;
    try {
      result = await vad.detectSpeech(createReadStream(job.pcmFile, { highWaterMark: 1 << 16 }), {
        signal: controller.signal,
        onProgress: (sec) => {
          if (process.connected) send({ type: 'progress', sec });
        },
      });
    } finally {
      await vad.close();
    }
    answer({ type: 'done', result });
  } catch (e) {
    answer(
      isRisalahError(e)
        ? { type: 'error', code: e.code, message: e.message, params: e.params }
        : { type: 'error', code: 'INTERNAL', message: (e as Error)?.stack ?? String(e), params: {} },
    );
  }
}

let started = false;
process.on('message', (m: unknown) => {
  if (m === 'cancel') controller.abort();
  else if (!started && typeof m === 'object' && m !== null) {
    started = true;
    void run(m as Job);
  }
});
// The parent went away (closed, crashed, killed): nothing to answer to.
process.on('disconnect', () => {
  if (!controller.signal.aborted) controller.abort();
});
