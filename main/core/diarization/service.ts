/**
 * "Kenali pembicara" on a recording of the archive: run, record, put onto the transcript, view.
 *
 * Owns: one diarization of an archive recording from start to end — the models installed on this
 * computer (models.ts), the recording decoded to a temporary PCM file in the work folder, the
 * engine (diarize-process.ts: a child process, cancel kills it), then, each step written before
 * the next starts (`events/<id>/transcripts/<rec>.diarization.json`, the cluster centroids under
 * `voiceprints/`): `running` → `result` → `done`. A run cancelled or failed puts the record back
 * as it was; one the app's death interrupted (kill -9, power cut) left `running` or `result`:
 * running it again starts the engine over (an
 * hour takes minutes; nothing partial is worth keeping) or, when the result is already on disk,
 * only puts it onto the transcript. Putting it on (`applyToTranscript`, apply.ts) keeps every
 * choice a person made, and is itself safe against a kill between its writes (`pending`). A
 * recording without a transcript yet keeps its result (`result`) until one arrives
 * (`applyPendingDiarization`). Also the view the contract gives (`diarizationView`).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DiarizationView, WorkingTranscript } from '../../api/schemas';
import type { Archive } from '../archive/archive';
import { readDiarization, readMachine, readWorking, writeDiarization, writeRecordingVoices } from '../archive/documents';
import type { StoredDiarization } from '../archive/formats';
import { layout } from '../archive/layout';
import { RisalahError } from '../errors';
import { hashFile } from '../fs/copy';
import { decodePcm, type FfmpegTools } from '../media';
import { findRecording } from '../transcription/service';
import { fromMachine, validateContent } from '../transcript/working';
import { applyDiarization } from './apply';
import { DIARIZATION_CATALOG } from './catalog';
import { diarizePcmFile } from './diarize-process';
import { activeDiarizationModels, type InstalledDiarizationModel } from './models';
import type { DiarizationResult } from './types';
import { clusterLabelName, DEFAULT_SUGGESTION_THRESHOLD } from './voiceprint';
import { suggestionsFor, syncRecordingVoiceprints } from './voices';

export interface DiarizeEnv {
  archive: Archive;
  ff: Pick<FfmpegTools, 'ffmpeg'>;
  /** The models folder (`RISALAH_MODELS_DIR`, else `<user data>/models`). */
  modelsDir: string;
  /** Machine cache for the temporary PCM file. */
  workDir: string;
  /** onnxruntime threads per model (default 1). */
  threads?: number;
}

export interface DiarizeRequest {
  eventId?: string;
  recordingId: string;
  /** A hint ("± 5 orang"); undefined: the interrupted run's own, else automatic; null: automatic. */
  numSpeakers?: number | null;
}

export interface DiarizeDeps {
  signal?: AbortSignal;
  /** Stage (`decode`, `segmentation`, `embedding`, `centroids`, `apply`) and overall fraction. */
  onProgress?: (stage: string, fraction: number) => void;
  /** The engine child's pid (tests). */
  onSpawn?: (pid: number) => void;
}

export interface DiarizeOutcome {
  eventId: string;
  recordingId: string;
  /** The engine ran (false: an interrupted run's result was only put onto the transcript). */
  ran: boolean;
  /** `done`: on the transcript; `pending`: waiting for a transcript. */
  state: 'done' | 'pending';
  record: StoredDiarization;
}

const modelRef = (m: InstalledDiarizationModel, sha256: string) => ({ id: m.catalog?.id ?? null, file: m.file, sha256 });

/** Run "Kenali pembicara" on one recording (see the module header). */
export async function diarizeArchiveRecording(env: DiarizeEnv, req: DiarizeRequest, deps: DiarizeDeps = {}): Promise<DiarizeOutcome> {
  const { archive } = env;
  const { store } = archive;
  const { event, recording } = await findRecording(archive, req.recordingId, req.eventId);
  const eventId = event.id;
  const recordingId = recording.id;
  const models = await activeDiarizationModels(env.modelsDir);
  const progress = (stage: string, f: number) => deps.onProgress?.(stage, Math.max(0, Math.min(1, f)));
  const before = await readDiarization(store, eventId, recordingId);
  const numSpeakers = req.numSpeakers === undefined ? (before?.params.numSpeakers ?? null) : req.numSpeakers;

  // An interrupted run whose result is already on disk (same hint, same models): only put it on.
  const resumable =
    before?.state === 'result' &&
    before.result &&
    before.params.numSpeakers === numSpeakers &&
    before.result.models.segmentation.file === models.segmentation.file &&
    before.result.models.embedding.file === models.embedding.file;
  let record: StoredDiarization;
  let ran = false;
  if (resumable) {
    record = before;
  } else {
    record = {
      formatVersion: 1,
      recordingId,
      state: 'running',
      startedAt: new Date().toISOString(),
      params: { numSpeakers },
      result: before?.result ?? null,
      applied: before?.applied ?? null,
      pending: before?.pending ?? null,
    };
    await store.mkdirs(layout.transcriptsDir(eventId));
    await store.mkdirs(layout.eventVoicesDir(eventId));
    await store.locked(() => writeDiarization(store, eventId, recordingId, record));
    let result: DiarizationResult;
    try {
      result = await runEngine(env, await store.fileForTool(archive.eventFile(eventId, recording.file)), recording.durationSec, models, numSpeakers, deps, progress);
    } catch (e) {
      // cancelled or failed (the job says which): the recording is as it was before this run
      await store.locked(async () => {
        if (before) await writeDiarization(store, eventId, recordingId, before);
        else await store.remove(layout.diarization(eventId, recordingId));
      });
      throw e;
    }
    ran = true;
    record = await recordDiarizationResult(archive, eventId, recordingId, record, result, {
      segmentation: modelRef(models.segmentation, models.segmentation.record?.sha256 ?? (await hashFile(models.segmentation.path))),
      embedding: { ...modelRef(models.embedding, result.embeddingModel.sha256), dim: result.embeddingModel.dim || 1 },
    });
  }
  if (deps.signal?.aborted) throw new RisalahError('CANCELLED', 'cancelled', {});
  progress('apply', 0.97);
  const applied = await applyToTranscript(archive, eventId, recordingId);
  progress('apply', 1);
  return { eventId, recordingId, ran, state: applied?.state === 'done' ? 'done' : 'pending', record: applied ?? record };
}

/**
 * Write what the engine found: the cluster centroids (biometric, under `voiceprints/`), then the
 * record that names them by `createdAt` (state `result`). When the record cannot be written (a
 * full disk) the centroids file is put back as it was: nothing changed.
 */
export async function recordDiarizationResult(
  archive: Archive,
  eventId: string,
  recordingId: string,
  base: StoredDiarization,
  result: Pick<DiarizationResult, 'turns' | 'clusters' | 'durationSec' | 'speechSec' | 'stats'>,
  models: { segmentation: { id: string | null; file: string; sha256: string }; embedding: { id: string | null; file: string; sha256: string; dim: number } },
): Promise<StoredDiarization> {
  const { store } = archive;
  const createdAt = new Date().toISOString();
  const record: StoredDiarization = {
    ...base,
    state: 'result',
    result: {
      createdAt,
      durationSec: result.durationSec,
      speechSec: result.speechSec,
      turns: result.turns,
      clusters: result.clusters.map((c) => ({ speaker: c.speaker, speechSec: c.speechSec, turns: c.turns, centroidSec: c.centroidSec })),
      models,
      stats: result.stats,
    },
  };
  await store.locked(async () => {
    const held = await store.hold(layout.recordingVoices(eventId, recordingId));
    try {
      await writeRecordingVoices(store, eventId, recordingId, {
        formatVersion: 1,
        eventId,
        recordingId,
        createdAt,
        model: models.embedding,
        clusters: result.clusters.map((c) => ({ speaker: c.speaker, seconds: c.centroidSec, vector: c.centroid })),
      });
      await writeDiarization(store, eventId, recordingId, record);
    } catch (e) {
      await held.restore();
      throw e;
    }
    await held.release();
  });
  return record;
}

async function runEngine(
  env: DiarizeEnv,
  source: string,
  durationSec: number,
  models: { segmentation: InstalledDiarizationModel; embedding: InstalledDiarizationModel },
  numSpeakers: number | null,
  deps: DiarizeDeps,
  progress: (stage: string, f: number) => void,
): Promise<DiarizationResult> {
  await fs.mkdir(env.workDir, { recursive: true });
  const pcm = path.join(env.workDir, `diarize-${process.pid}-${randomBytes(4).toString('hex')}.s16le`);
  try {
    progress('decode', 0);
    const handle = await fs.open(pcm, 'w');
    let bytes = 0;
    const expected = Math.max(1, durationSec * 16000 * 2);
    try {
      for await (const chunk of decodePcm(source, env.ff, { sampleRate: 16000, format: 's16le', ...(deps.signal ? { signal: deps.signal } : {}) })) {
        await handle.write(chunk);
        bytes += chunk.length;
        progress('decode', 0.1 * Math.min(1, bytes / expected));
      }
    } finally {
      await handle.close();
    }
    if (deps.signal?.aborted) throw new RisalahError('CANCELLED', 'cancelled', {});
    if (bytes === 0) throw new RisalahError('MEDIA_NO_AUDIO', `${source}: no audio decoded`, { file: path.basename(source) });
    return await diarizePcmFile(pcm, 's16le', {
      models: { segmentation: models.segmentation.path, embedding: models.embedding.path },
      params: { ...(numSpeakers ? { numSpeakers } : {}), numThreads: env.threads ?? 1 },
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.onSpawn ? { onSpawn: deps.onSpawn } : {}),
      onProgress: (f, phase) => progress(phase, 0.1 + 0.85 * f),
    });
  } finally {
    await fs.rm(pcm, { force: true });
  }
}

const placeholder = (n: number) => clusterLabelName(n - 1, 'id');

/**
 * Put a recording's diarization result onto its working transcript (made from the machine
 * transcript when there is none yet), keeping every choice a person made. Under the archive lock:
 * the record names the application (`pending`) before the transcript is written and takes it as
 * `applied` after, so a kill between the two is recognised (same revision and time: it landed).
 * Returns the record, or null when there is no result or no transcript yet.
 */
export async function applyToTranscript(archive: Archive, eventId: string, recordingId: string): Promise<StoredDiarization | null> {
  const { store } = archive;
  const { recording } = await findRecording(archive, recordingId, eventId);
  const outcome = await store.locked(async () => {
    let record = await readDiarization(store, eventId, recordingId);
    if (!record?.result || record.state === 'running') return null;
    const saved = await readWorking(store, eventId, recordingId);
    if (record.pending) {
      // an application a kill interrupted: did its transcript land?
      const landed = saved && saved.rev === record.pending.rev && saved.updatedAt === record.pending.updatedAt;
      record = { ...record, ...(landed ? { state: 'done' as const, applied: record.pending } : {}), pending: null };
      if (landed) {
        await writeDiarization(store, eventId, recordingId, record);
        return record;
      }
    }
    if (record.state === 'done') return record;
    const machine = saved ? null : await readMachine(store, eventId, recordingId);
    const working: WorkingTranscript | null = saved ?? (machine ? fromMachine(machine) : null);
    if (!working) return record.state === 'result' ? record : null;
    const r = record.result!;
    const out = applyDiarization({
      labels: working.labels,
      segments: working.segments,
      turns: r.turns,
      clusterCount: r.clusters.length,
      previous: record.applied?.assigned ?? null,
      previousLabels: record.applied?.clusterLabels ?? [],
      placeholder,
    });
    const issues = validateContent({ labels: out.labels, segments: out.segments }, recording.durationSec, archive.document.speakers);
    if (issues.length) throw new Error(`diarization made an invalid transcript: ${issues.slice(0, 3).join('; ')}`);
    const now = new Date().toISOString();
    const doc: WorkingTranscript = { ...working, rev: working.rev + 1, labels: out.labels, segments: out.segments, updatedAt: now };
    const application = { at: now, rev: doc.rev, updatedAt: now, assigned: out.assigned, clusterLabels: out.clusterLabels };
    // the record names the application first; if the transcript cannot be written (a full
    // disk), the record is put back as it was and nothing changed
    const rel = layout.diarization(eventId, recordingId);
    const held = await store.hold(rel);
    try {
      await store.writeJson(rel, { ...record, pending: application }, { indent: 1, backup: false });
      await store.writeJson(layout.workingTranscript(eventId, recordingId), doc, { indent: 1 });
    } catch (e) {
      await held.restore();
      throw e;
    }
    await held.release();
    const done: StoredDiarization = { ...record, state: 'done', applied: application, pending: null };
    await writeDiarization(store, eventId, recordingId, done).catch(() => undefined); // the transcript landed: `pending` says so until this is written
    return done;
  });
  if (outcome?.state === 'done') await syncRecordingVoiceprints(archive, eventId, recordingId);
  return outcome;
}

/** A result that waited for a transcript: put it on now (the host calls this when a transcript arrives). */
export async function applyPendingDiarization(archive: Archive, eventId: string, recordingId: string): Promise<boolean> {
  const record = await readDiarization(archive.store, eventId, recordingId, { repair: false });
  if (record?.state !== 'result' && !record?.pending) return false;
  return (await applyToTranscript(archive, eventId, recordingId))?.state === 'done';
}

function modelName(ref: { id: string | null; file: string; sha256: string }): string {
  return DIARIZATION_CATALOG.find((c) => c.sha256 === ref.sha256)?.id ?? ref.id ?? ref.file;
}

/** A recording's diarization as the contract shows it (`running`: a job is at work on it now). */
export async function diarizationView(archive: Archive, eventId: string, recordingId: string, o: { running?: boolean; threshold?: number } = {}): Promise<DiarizationView> {
  await findRecording(archive, recordingId, eventId);
  const threshold = o.threshold ?? DEFAULT_SUGGESTION_THRESHOLD;
  const record = await readDiarization(archive.store, eventId, recordingId);
  const r = record?.result ?? null;
  const state: DiarizationView['state'] = o.running
    ? 'running'
    : !record
      ? 'none'
      : record.state === 'running'
        ? 'interrupted'
        : record.state === 'result' || record.pending
          ? 'pending'
          : 'done';
  const suggestions = r ? await suggestionsFor(archive, eventId, recordingId, threshold) : new Map();
  return {
    state,
    numSpeakers: record?.params.numSpeakers ?? null,
    createdAt: r?.createdAt ?? null,
    turns: r?.turns ?? [],
    clusters: (r?.clusters ?? []).map((c) => {
      const longest = r!.turns.filter((t) => t.speaker === c.speaker).sort((a, b) => b.end - b.start - (a.end - a.start))[0];
      return {
        speaker: c.speaker,
        speechSec: c.speechSec,
        turns: c.turns,
        labelId: record?.applied?.clusterLabels[c.speaker] ?? null,
        sample: longest ? { start: longest.start, end: Math.min(longest.end, longest.start + 8) } : null,
        hasVoice: c.centroidSec > 0,
        suggestions: suggestions.get(c.speaker) ?? [],
      };
    }),
    models: r ? { segmentation: modelName(r.models.segmentation), embedding: modelName(r.models.embedding) } : null,
    threshold,
  };
}
