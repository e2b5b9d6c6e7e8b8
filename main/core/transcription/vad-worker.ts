/**
 * Worker-thread entry of the VAD (bundled by scripts/build.mjs to dist/workers/vad-worker.mjs).
 *
 * Owns: running the Silero VAD over a PCM file off the caller's thread — onnxruntime's
 * `session.run` computes on the thread that calls it, about 50 s of CPU for a 3-hour recording,
 * which must not happen in Electron's main process or the web host's event loop. Messages in:
 * `{ pcmFile, params, modelPath? }`, then optionally `'cancel'`. Messages out:
 * `{ type: 'progress', sec }`, `{ type: 'done', result }`, `{ type: 'error', code, message, params }`.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { isRisalahError } from '../errors';
import { createVad, type VadParams } from './vad';

interface Job {
  pcmFile: string;
  params: VadParams;
  modelPath?: string;
}

const port = parentPort;
if (!port) throw new Error('vad-worker must run in a worker thread');
const job = workerData as Job;
const controller = new AbortController();
port.on('message', (m) => {
  if (m === 'cancel') controller.abort();
});

// The answer is posted only after the ONNX session is released, and the thread then ends by
// itself: terminating a worker while onnxruntime-node still holds native resources aborts the
// whole process ("terminate called after throwing an instance of 'Napi::Error'").
try {
  const vad = await createVad({ ...job.params, ...(job.modelPath ? { modelPath: job.modelPath } : {}) });
  let result;
  try {
    result = await vad.detectSpeech(createReadStream(job.pcmFile, { highWaterMark: 1 << 16 }), {
      signal: controller.signal,
      onProgress: (sec) => port.postMessage({ type: 'progress', sec }),
    });
  } finally {
    await vad.close();
  }
  port.postMessage({ type: 'done', result });
  port.close();
} catch (e) {
  port.postMessage(
    isRisalahError(e)
      ? { type: 'error', code: e.code, message: e.message, params: e.params }
      : { type: 'error', code: 'INTERNAL', message: (e as Error)?.stack ?? String(e), params: {} },
  );
  port.close();
}
