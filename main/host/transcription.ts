/**
 * The host's transcription side: the queue of transcription jobs, the engine kept loaded
 * between them, and the Whisper models of this computer.
 *
 * Owns: turning `transcripts.start` into one queued job per recording (never two for the same
 * recording), relaying each job's progress and live segments as pushes, choosing the model
 * (the one picked in settings, else the recommended or best installed one), and the models
 * overview, downloads and imports. The work itself is main/core/transcription's.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobInfo, ModelView, ModelsOverview, RecordingLanguage } from '../api/schemas';
import { RisalahError } from '../core/errors';
import { JobQueue } from '../core/jobs';
import type { FfmpegTools } from '../core/media';
import { cacheDir, dataDir, defaultThreads, type SettingsStore } from '../core/settings';
import { resolveEngineBinary } from '../core/transcription/engine-paths';
import {
  defaultModel,
  downloadModel,
  importModel,
  listModels,
  listPartialDownloads,
  modelsDir,
  removeModel,
  type InstalledModel,
} from '../core/transcription/models';
import { MODEL_CATALOG, findCatalogEntry, recommendFor } from '../core/transcription/models-catalog';
import { EngineHolder } from '../core/transcription/pipeline';
import { findRecording, recordingLabel, transcribeArchiveRecording } from '../core/transcription/service';
import type { Archive } from '../core/archive/archive';
import type { PushBus } from './pushes';

export interface TranscriptionHostOptions {
  archive: Archive;
  settings: SettingsStore;
  pushes: PushBus;
  ffmpeg: () => Promise<FfmpegTools>;
  log: (message: string, error: unknown) => void;
  /** Where models live (default: `<data dir>/models`, or RISALAH_MODELS_DIR). */
  modelsDir?: string;
  /** Machine cache for decoded PCM (default: `<cache dir>/work`). */
  workDir?: string;
}

export class TranscriptionHost {
  readonly jobs: JobQueue;
  /** Model downloads and imports: their own queue, so they never wait behind transcriptions. */
  readonly modelJobs: JobQueue;
  readonly engine = new EngineHolder();
  readonly modelsDir: string;
  private readonly workDir: string;
  /** Development and tests only: cap Whisper's tokens per segment (random-weight models). */
  private readonly maxTokens = Number(process.env.RISALAH_WHISPER_MAX_TOKENS) || undefined;

  constructor(private readonly o: TranscriptionHostOptions) {
    this.jobs = new JobQueue((job) => o.pushes.push('job.updated', { job }), 1, o.log);
    this.modelJobs = new JobQueue((job) => o.pushes.push('job.updated', { job }), 1, o.log);
    this.modelsDir = o.modelsDir ?? modelsDir(dataDir());
    this.workDir = o.workDir ?? path.join(cacheDir(), 'work');
  }

  private async threads(): Promise<number> {
    const s = await this.o.settings.get();
    return s.threads > 0 ? s.threads : defaultThreads();
  }

  /** The model transcriptions use now; MODEL_MISSING (saying what to do) when none is installed. */
  async activeModel(): Promise<InstalledModel> {
    const s = await this.o.settings.get();
    return defaultModel(this.modelsDir, s.modelId ? { preferredId: s.modelId } : {});
  }

  /** Queue the transcription of recordings of an event; a recording already queued keeps its job. */
  async start(eventId: string, recordingIds: readonly string[], language?: RecordingLanguage): Promise<JobInfo[]> {
    const event = await this.o.archive.getEvent(eventId);
    for (const id of recordingIds) await findRecording(this.o.archive, id, event.id);
    const model = await this.activeModel();
    const binary = resolveEngineBinary();
    if (!existsSync(binary)) {
      throw new RisalahError('ENGINE_MISSING', `the transcription engine is not built: ${binary}`, { file: path.basename(binary) });
    }
    const out: JobInfo[] = [];
    for (const recordingId of recordingIds) {
      const running = this.jobs.active((j) => j.kind === 'transcribe' && j.recordingId === recordingId);
      if (running) {
        out.push(running);
        continue;
      }
      const { recording } = await findRecording(this.o.archive, recordingId, eventId);
      out.push(
        this.jobs.add({ kind: 'transcribe', eventId, recordingId, label: recordingLabel(recording) }, async ({ signal, progress }) => {
          const transcript = await transcribeArchiveRecording(
            {
              archive: this.o.archive,
              ff: await this.o.ffmpeg(),
              engine: this.engine,
              workDir: this.workDir,
              threads: await this.threads(),
            },
            {
              eventId,
              recordingId,
              model: { path: model.path, id: model.catalog?.id ?? null, sha256: model.record?.sha256 ?? null },
              ...(language ? { language } : {}),
              ...(this.maxTokens ? { maxTokens: this.maxTokens } : {}),
            },
            {
              signal,
              onProgress: (stage, fraction, eta) => progress(stage, fraction, eta),
              onSegment: (segment) => this.o.pushes.push('transcript.segment', { eventId, recordingId, segment }),
              log: (line) => this.o.log(`[transcribe ${recordingId}] ${line}`, null),
            },
          );
          return { recordingId, segments: transcript.segments.length };
        }),
      );
    }
    return out;
  }

  // ---- models ---------------------------------------------------------------------------------

  async overview(canChange: boolean): Promise<ModelsOverview> {
    const [installed, partials, settings] = await Promise.all([
      listModels(this.modelsDir),
      listPartialDownloads(this.modelsDir).catch(() => []),
      this.o.settings.get(),
    ]);
    const active = await this.activeModel().catch(() => null);
    const rec = recommendFor({ totalRamMB: Math.round(os.totalmem() / 2 ** 20), cores: os.availableParallelism() });
    const views: ModelView[] = installed.map((m) => ({
      id: m.id,
      file: m.file,
      sizeBytes: m.sizeBytes,
      status: m.status,
      usable: m.usable,
      catalogId: m.catalog?.id ?? null,
      ramMB: m.catalog?.ramMB ?? null,
      description: m.description ? `${m.description.family ?? '?'}${m.description.quantization ? `, ${m.description.quantization}` : ''}` : null,
      warnings: m.warnings.map((w) => ({ code: w.code, message: w.message })),
    }));
    return {
      dir: this.modelsDir,
      installed: views,
      catalog: MODEL_CATALOG.map((c) => ({
        id: c.id,
        file: c.file,
        sizeBytes: c.sizeBytes,
        ramMB: c.ramMB,
        sha256: c.sha256,
        url: c.url,
        quantization: c.quantization,
        speedNote: c.speedNote,
        installed: installed.some((m) => m.catalog?.id === c.id),
        partialBytes: partials.find((p) => p.id === c.id)?.bytes ?? 0,
      })),
      recommended: { id: rec.id, reason: rec.reason },
      activeId: active?.id ?? null,
      selectedId: settings.modelId,
      canChange,
    };
  }

  download(id: string): JobInfo {
    if (!findCatalogEntry(id)) throw new RisalahError('NOT_FOUND', `no catalog model ${id}`, { id });
    const running = this.modelJobs.active((j) => j.modelId === id);
    if (running) return running;
    return this.modelJobs.add({ kind: 'model', label: id, modelId: id }, async ({ signal, progress }) => {
      const r = await downloadModel(this.modelsDir, id, {
        signal,
        onProgress: (bytes, total) => progress('download', total > 0 ? bytes / total : null),
      });
      return { modelId: r.model.id };
    });
  }

  importFile(file: string, name: string, discard: () => Promise<void>): JobInfo {
    return this.modelJobs.add({ kind: 'model', label: name }, async ({ signal, progress }) => {
      try {
        const r = await importModel(this.modelsDir, file, {
          originalName: name,
          signal,
          onProgress: (bytes, total) => progress('import', total > 0 ? bytes / total : null),
        });
        return { modelId: r.model.id };
      } finally {
        await discard();
      }
    });
  }

  async remove(id: string): Promise<void> {
    const active = await this.activeModel().catch(() => null);
    if (active?.id === id) await this.engine.close();
    await removeModel(this.modelsDir, id);
  }

  async close(): Promise<void> {
    for (const queue of [this.jobs, this.modelJobs]) {
      for (const job of queue.list()) queue.cancel(job.id);
      await queue.idle();
    }
    await this.engine.close();
  }
}
