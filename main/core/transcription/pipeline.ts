/**
 * The transcription pipeline: from a recording to a machine transcript, resumable and with
 * bounded memory whatever the recording's length.
 *
 * Owns: the steps of one transcription —
 *   1. decode the recording once to 16 kHz mono PCM on disk (a cache, not RAM), then let the
 *      Silero VAD read it in a child process; PCM left behind by jobs abandoned long ago is pruned;
 *   2. plan windows cut at silence (long silence, applause and music are skipped);
 *   3. feed each window to the whisper sidecar by file range, with absolute timestamps;
 *   4. journal every finished segment the moment it arrives (fdatasync);
 *   5. when the engine dies (crash, kill, out of memory), restart it and continue from the end
 *      of the last journaled segment; after a crash of the whole app the next run does the same;
 *   6. assemble the transcript (glossary replacements applied, Whisper's own text kept).
 * and the engine holder that keeps one sidecar (model loaded once) for a series of jobs.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { MachineTranscript, Replacement, TranscriptSegment } from '../../api/schemas';
import { RisalahError, isRisalahError } from '../errors';
import { mkdirDurable, writeFileAtomic } from '../fs/atomic';
import { decodePcm, type FfmpegTools } from '../media';
import { Journal, type JournalSegment } from './journal';
import { SAMPLE_RATE, WhisperSidecar, type EngineLanguage, type Segment, type StartOptions } from './sidecar';
import { applyReplacements, wordsFromTokens } from './text';
import { detectSpeechInProcess } from './vad-process';
import { planWindows, planWithoutVad, resumeWindows, type AudioWindow, type TimeSpan } from './windows';

export const ENGINE_NAME = 'whisper.cpp 1.9.1';

/** Keeps one sidecar alive for a model and thread count; restarts it when it has died. */
export class EngineHolder {
  private sidecar: WhisperSidecar | null = null;
  private key = '';
  private starting: Promise<WhisperSidecar> | null = null;

  constructor(private readonly base: Omit<StartOptions, 'model' | 'threads'> = {}) {}

  async get(model: string, threads: number): Promise<WhisperSidecar> {
    const key = `${model}\u0000${threads}`;
    if (this.sidecar && this.key === key && this.sidecar.alive) return this.sidecar;
    if (this.starting && this.key === key) return this.starting;
    await this.close();
    this.key = key;
    this.starting = WhisperSidecar.start({ ...this.base, model, threads }).then(
      (s) => {
        this.sidecar = s;
        this.starting = null;
        return s;
      },
      (e: unknown) => {
        this.starting = null;
        throw e;
      },
    );
    return this.starting;
  }

  /** Stop the engine (frees the model's memory). */
  async close(): Promise<void> {
    const s = this.sidecar;
    this.sidecar = null;
    if (s) await s.close().catch(() => undefined);
  }
}

export interface TranscribeJob {
  /** The recording (any format ffmpeg reads). */
  source: string;
  /** Its SHA-256 when known (names the PCM cache); otherwise derived from path, size and mtime. */
  sourceSha256?: string;
  /** Where segments are journaled (resume point). */
  journalFile: string;
  /** Where the PCM cache and VAD result live while the job runs (deleted when it finishes). */
  workDir: string;
  /** Machine transcript destination (written atomically at the end); omit to only return it. */
  outputFile?: string;
  /** Or: how to store it (the archive's own writer), before the journal is removed. */
  writeOutput?: (transcript: MachineTranscript) => Promise<void>;
  recordingId: string;
  model: { path: string; id?: string | null; sha256?: string | null };
  language: EngineLanguage;
  prompt: string;
  replacements: readonly Replacement[];
  threads: number;
  /** Skip non-speech with the Silero VAD (default true). */
  vad?: boolean;
  /** Tests: cap tokens per segment (random-weight models never stop talking). */
  maxTokens?: number;
  /** Temperature fallback step (whisper.cpp's default 0.2; tests use 0: no retries). */
  temperatureInc?: number;
  /** Tests and benchmarks: shorter windows. */
  maxWindowSec?: number;
}

export interface PipelineDeps {
  ff: Pick<FfmpegTools, 'ffmpeg'>;
  engine: EngineHolder;
  signal?: AbortSignal;
  /**
   * Stage: `decode` (decoding + VAD), `transcribe`, `finish`; fraction of the whole job (0..1);
   * estimated seconds left (null until there is a rate to go by).
   */
  onProgress?: (stage: 'decode' | 'transcribe' | 'finish', fraction: number | null, etaSec: number | null) => void;
  /** Every segment as soon as it is journaled (live transcript). */
  onSegment?: (segment: TranscriptSegment) => void;
  /** Earlier work was found in the journal: `segments` finished, continuing at `fromSec`. */
  onResume?: (segments: number, fromSec: number) => void;
  log?: (line: string) => void;
  /** How many engine deaths a job survives before it fails (default 3). */
  maxRestarts?: number;
}

/** What the journal header must match for a resume to be valid. */
function jobKey(job: TranscribeJob, sourceKey: string): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        sourceKey,
        model: job.model.sha256 ?? job.model.path,
        language: job.language,
        prompt: job.prompt,
        vad: job.vad !== false,
        maxTokens: job.maxTokens ?? 0,
        temperatureInc: job.temperatureInc ?? null,
        maxWindowSec: job.maxWindowSec ?? 0,
      }),
    )
    .digest('hex')
    .slice(0, 32);
}

async function sourceKeyOf(job: TranscribeJob): Promise<string> {
  if (job.sourceSha256) return job.sourceSha256;
  const stat = await fs.stat(job.source).catch(() => null);
  if (!stat) throw new RisalahError('FILE_UNREADABLE', `cannot read ${job.source}`, { file: path.basename(job.source) });
  return createHash('sha256').update(`${path.resolve(job.source)}\u0000${stat.size}\u0000${stat.mtimeMs}`).digest('hex');
}

interface Prepared {
  pcmFile: string;
  samples: number;
  speech: TimeSpan[] | null;
}

/**
 * Decode once to `<work>/<key>.s16le`, then run the VAD over it in a child process
 * (vad-process.ts); or reuse a complete earlier result. Memory stays bounded: chunks go to disk with backpressure.
 */
async function preparePcm(job: TranscribeJob, key: string, deps: PipelineDeps, onFraction: (f: number | null) => void): Promise<Prepared> {
  await mkdirDurable(job.workDir);
  const pcmFile = path.join(job.workDir, `${key.slice(0, 24)}.s16le`);
  const doneFile = `${pcmFile}.done.json`;
  const useVad = job.vad !== false;
  const done = await fs
    .readFile(doneFile, 'utf8')
    .then((t) => JSON.parse(t) as { samples: number; speech: TimeSpan[] | null })
    .catch(() => null);
  if (done && (done.speech !== null || !useVad)) {
    const stat = await fs.stat(pcmFile).catch(() => null);
    if (stat?.size === done.samples * 2) {
      // In use again: fresh for pruneWorkDir (which a job running elsewhere may call).
      const now = new Date();
      await fs.utimes(pcmFile, now, now).catch(() => undefined);
      return { pcmFile, samples: done.samples, speech: useVad ? done.speech : null };
    }
  }

  const pcm = decodePcm(job.source, deps.ff, { sampleRate: SAMPLE_RATE, format: 's16le', ...(deps.signal ? { signal: deps.signal } : {}) });
  const handle = await fs.open(pcmFile, 'w');
  let samples = 0;
  try {
    for await (const chunk of pcm) {
      await handle.write(chunk);
      samples += chunk.length >> 1;
      onFraction(null);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  let speech: TimeSpan[] | null = null;
  if (useVad && samples > 0) {
    const result = await detectSpeechInProcess(pcmFile, {
      ...(deps.signal ? { signal: deps.signal } : {}),
      onProgress: (sec) => onFraction(Math.min(1, sec / (samples / SAMPLE_RATE))),
    });
    speech = result.segments.map((s) => ({ startSec: s.startSec, endSec: s.endSec }));
  }
  if (samples === 0) throw new RisalahError('MEDIA_NO_AUDIO', `${job.source}: no audio decoded`, { file: path.basename(job.source) });
  await writeFileAtomic(doneFile, JSON.stringify({ samples, speech }), { backup: false });
  return { pcmFile, samples, speech };
}

function toJournalSegment(s: Segment, language: string): JournalSegment {
  const words = wordsFromTokens(s.tokens, { t0Ms: s.t0Ms, t1Ms: s.t1Ms });
  return {
    id: `s${Math.round(s.t0Ms)}`,
    start: Math.round(s.t0Ms) / 1000,
    end: Math.round(s.t1Ms) / 1000,
    text: s.text.trim(),
    words,
    noSpeechProb: Math.round(s.noSpeechProb * 1000) / 1000,
    language,
  };
}

/** Transcribe one recording. See the module header. */
export async function transcribeRecording(job: TranscribeJob, deps: PipelineDeps): Promise<MachineTranscript> {
  const started = Date.now();
  const log = deps.log ?? (() => undefined);
  const progress = deps.onProgress ?? (() => undefined);
  const { signal } = deps;
  const sourceKey = await sourceKeyOf(job);
  const key = jobKey(job, sourceKey);
  const opened = await Journal.open(job.journalFile, key, {
    recordingId: job.recordingId,
    model: job.model,
    language: job.language,
  });
  const { journal } = opened;
  const segments = [...opened.segments];
  let restarts = opened.restarts;
  if (opened.resumed) {
    log(`resuming after ${segments.length} journaled segments at ${opened.resumeFromSec.toFixed(2)} s`);
    deps.onResume?.(segments.length, opened.resumeFromSec);
  }

  try {
    // 1. PCM + VAD (about the first 10 % of the job's time on a typical laptop).
    progress('decode', 0, null);
    await pruneWorkDir(job.workDir).catch((e: unknown) => log(`pruning ${job.workDir} failed: ${String(e)}`));
    const prepared = await preparePcm(job, sourceKey, deps, (f) => progress('decode', f === null ? null : 0.1 * f, null));
    const durationSec = prepared.samples / SAMPLE_RATE;

    // 2. Windows.
    // Two minutes: whisper.cpp works in 30 s passes whatever the window, so longer windows gain
    // nothing, while the engine holds a window's PCM and mel in memory.
    const maxWindowSec = job.maxWindowSec ?? 120;
    const plan = prepared.speech ? planWindows(prepared.speech, durationSec, { maxWindowSec }) : planWithoutVad(durationSec, maxWindowSec);
    const total = plan.coveredSec || 1;

    // 3–5. Windows through the engine, journaled, resumed across engine deaths.
    const rateStart = Date.now();
    let doneBefore = 0; // covered seconds already transcribed when this run started
    let transcribedThisRun = 0;
    const report = (currentWindowDone: number) => {
      const doneSec = Math.min(total, doneBefore + transcribedThisRun + currentWindowDone);
      const elapsed = (Date.now() - rateStart) / 1000;
      const rate = transcribedThisRun + currentWindowDone > 0 && elapsed > 1 ? (transcribedThisRun + currentWindowDone) / elapsed : null;
      progress('transcribe', 0.1 + 0.88 * (doneSec / total), rate ? Math.max(0, (total - doneSec) / rate) : null);
    };

    let resumeFrom = segments.reduce((m, s) => Math.max(m, s.end), 0);
    for (;;) {
      const remaining: AudioWindow[] = resumeWindows(plan.windows, resumeFrom);
      doneBefore = plan.coveredSec - remaining.reduce((sum, w) => sum + (w.endSec - w.startSec), 0);
      transcribedThisRun = 0;
      report(0);
      try {
        for (const w of remaining) {
          if (signal?.aborted) throw new RisalahError('CANCELLED', 'cancelled', {});
          const windowSec = w.endSec - w.startSec;
          if (windowSec < 0.05) continue;
          const engine = await deps.engine.get(job.model.path, job.threads);
          let chain: Promise<void> = Promise.resolve();
          const result = await engine.transcribe(
            {
              path: prepared.pcmFile,
              format: 's16le',
              offsetSamples: Math.round(w.startSec * SAMPLE_RATE),
              countSamples: Math.round(windowSec * SAMPLE_RATE),
            },
            {
              language: job.language,
              initialPrompt: job.prompt,
              timeOffsetMs: Math.round(w.startSec * 1000),
              threads: job.threads,
              ...(job.maxTokens ? { maxTokens: job.maxTokens } : {}),
              ...(job.temperatureInc !== undefined ? { temperatureInc: job.temperatureInc } : {}),
            },
            {
              ...(signal ? { signal } : {}),
              onProgress: (percent) => report((windowSec * percent) / 100),
              onSegment: (s) => {
                const seg = toJournalSegment(s, job.language);
                if (!seg.text || seg.end <= resumeFrom) return;
                chain = chain.then(async () => {
                  await journal.append(seg);
                  segments.push(seg);
                  const { language: _language, ...live } = seg;
                  deps.onSegment?.(live);
                });
              },
            },
          );
          await chain;
          // Language detected for `auto`: keep it on the segments of this window.
          if (result.language && job.language === 'auto') {
            for (const s of segments) if (s.start >= w.startSec && s.language === 'auto') s.language = result.language;
          }
          transcribedThisRun += windowSec;
          resumeFrom = Math.max(resumeFrom, w.endSec);
        }
        break;
      } catch (e) {
        if (isRisalahError(e) && e.code === 'ENGINE_CRASHED' && !signal?.aborted) {
          restarts++;
          await journal.noteRestart(e.message);
          if (restarts > (deps.maxRestarts ?? 3)) throw e;
          log(`engine died (${e.message}); restart ${restarts}, resuming`);
          resumeFrom = segments.reduce((m, s) => Math.max(m, s.end), 0);
          continue;
        }
        throw e;
      }
    }

    // 6. Assemble.
    progress('finish', 0.99, 0);
    const ordered = [...segments].sort((a, b) => a.start - b.start || a.end - b.end);
    const replacementCounts = job.replacements.map(() => 0);
    const finalSegments: TranscriptSegment[] = ordered.map((s, i) => {
      const { text, counts } = applyReplacements(s.text, job.replacements);
      counts.forEach((n, k) => (replacementCounts[k] = (replacementCounts[k] ?? 0) + n));
      const { language: _language, ...rest } = s;
      return { ...rest, id: `s${String(i + 1).padStart(4, '0')}`, text, ...(text !== s.text ? { rawText: s.text } : {}) };
    });
    const detected = ordered.find((s) => s.language !== 'auto')?.language ?? job.language;
    const transcript: MachineTranscript = {
      formatVersion: 1,
      recordingId: job.recordingId,
      createdAt: new Date().toISOString(),
      engine: ENGINE_NAME,
      model: { id: job.model.id ?? null, file: path.basename(job.model.path), sha256: job.model.sha256 ?? null },
      language: job.language,
      detectedLanguage: detected,
      prompt: job.prompt,
      replacements: job.replacements.map((r, k) => ({ ...r, count: replacementCounts[k] ?? 0 })),
      segments: finalSegments,
      stats: {
        audioSec: round(durationSec),
        coveredSec: round(plan.coveredSec),
        skippedSec: round(plan.skippedSec),
        wallSec: round((Date.now() - started) / 1000),
        windows: plan.windows.length,
        restarts,
      },
    };
    if (job.writeOutput) {
      await job.writeOutput(transcript);
    } else if (job.outputFile) {
      await mkdirDurable(path.dirname(job.outputFile));
      await writeFileAtomic(job.outputFile, `${JSON.stringify(transcript, null, 1)}\n`);
    }
    await journal.remove();
    await fs.rm(prepared.pcmFile, { force: true });
    await fs.rm(`${prepared.pcmFile}.done.json`, { force: true });
    progress('finish', 1, 0);
    return transcript;
  } finally {
    await journal.close();
  }
}

/** How long the PCM of an interrupted job is kept for its resume (then it is decoded again). */
export const WORK_FILE_MAX_AGE_DAYS = 7;

/**
 * Deletes decoded PCM (`*.s16le` and its `.done.json`) not used for `maxAgeDays`: what cancelled
 * or crashed jobs left behind (≈ 115 MB per hour of audio). Only derived files: journals — the
 * finished work — are never touched, and a resumed job simply decodes its recording again.
 * Returns the files deleted.
 */
export async function pruneWorkDir(dir: string, maxAgeDays = WORK_FILE_MAX_AGE_DAYS, now = Date.now()): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const cutoff = now - maxAgeDays * 86_400_000;
  const deleted: string[] = [];
  for (const name of names) {
    if (!name.endsWith('.s16le')) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat || stat.mtimeMs >= cutoff) continue;
    // The marker first: a PCM without it is never reused, whatever happens in between.
    await fs.rm(`${file}.done.json`, { force: true });
    await fs.rm(file, { force: true });
    deleted.push(name);
  }
  return deleted;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** SHA-256 of a file (for model identity when the model manager did not record it). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
