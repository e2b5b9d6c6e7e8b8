/**
 * The host's diarization side: the "Kenali pembicara" jobs, the diarization models of this
 * computer, and keeping voiceprints and waiting results in step with the transcripts.
 *
 * Owns: turning `diarization.start` into one queued job per recording (never two for the same
 * recording; its own queue, so it runs beside a transcription rather than behind it), each job's
 * progress, the models overview, downloads and imports (their own queue too), the suggestion
 * threshold, and — following the archive's change events, whoever wrote — a working transcript
 * saved (a cluster named, merged, moved, undone: the voiceprints of people with consent follow)
 * (and quotes saved while their speaker was a placeholder take the name), and a transcript that
 * arrives for a recording whose diarization waited for one. The work
 * itself is main/core/diarization's.
 */
import path from 'node:path';
import type { DiarizationModelsOverview, DiarizationView, JobInfo } from '../api/schemas';
import type { Archive } from '../core/archive/archive';
import type { ChangeEvent } from '../core/archive/changes';
import { DIARIZATION_CATALOG, findDiarizationModel } from '../core/diarization/catalog';
import { resolveDiarizeWorker } from '../core/diarization/diarize-process';
import {
  downloadDiarizationModel,
  importDiarizationModel,
  listDiarizationModels,
  partialDiarizationDownloads,
  pickDiarizationModels,
  removeDiarizationModel,
} from '../core/diarization/models';
import { applyPendingDiarization, diarizationView, diarizeArchiveRecording } from '../core/diarization/service';
import { syncRecordingVoiceprints } from '../core/diarization/voices';
import { RisalahError } from '../core/errors';
import { JobQueue } from '../core/jobs';
import { followTranscriptSpeakers } from '../core/quotes';
import type { FfmpegTools } from '../core/media';
import { activeDiarizationModels } from '../core/diarization/models';
import type { SettingsStore } from '../core/settings';
import { findRecording, recordingLabel } from '../core/transcription/service';
import type { PushBus } from './pushes';

export interface DiarizationHostOptions {
  archive: Archive;
  settings: SettingsStore;
  pushes: PushBus;
  ffmpeg: () => Promise<FfmpegTools>;
  log: (message: string, error: unknown) => void;
  modelsDir: string;
  workDir: string;
}

export class DiarizationHost {
  readonly jobs: JobQueue;
  readonly modelJobs: JobQueue;
  private readonly unsubscribe: () => void;
  /** Per recording: the follow-up of the last change, one at a time. */
  private readonly following = new Map<string, Promise<void>>();

  constructor(private readonly o: DiarizationHostOptions) {
    this.jobs = new JobQueue((job) => o.pushes.push('job.updated', { job }), 1, o.log);
    this.modelJobs = new JobQueue((job) => o.pushes.push('job.updated', { job }), 1, o.log);
    this.unsubscribe = o.archive.store.subscribe((change) => this.follow(change));
  }

  private follow(change: ChangeEvent): void {
    if (change.kind !== 'transcript') return;
    const { eventId, recordingId } = change;
    const key = `${eventId}/${recordingId}`;
    const previous = this.following.get(key) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        if (change.which === 'machine') await applyPendingDiarization(this.o.archive, eventId, recordingId);
        else {
          await syncRecordingVoiceprints(this.o.archive, eventId, recordingId);
          await followTranscriptSpeakers(this.o.archive, eventId, recordingId);
        }
      })
      .catch((e: unknown) => this.o.log(`[diarization] following ${key} failed`, e));
    this.following.set(key, next);
    void next.finally(() => {
      if (this.following.get(key) === next) this.following.delete(key);
    });
  }

  private async threshold(): Promise<number> {
    return (await this.o.settings.get()).speakerThreshold;
  }

  /** Queue "Kenali pembicara" on recordings of an event; a recording already queued keeps its job. */
  async start(eventId: string, recordingIds: readonly string[], speakers?: number | null): Promise<JobInfo[]> {
    const event = await this.o.archive.getEvent(eventId);
    for (const id of recordingIds) await findRecording(this.o.archive, id, event.id);
    await activeDiarizationModels(this.o.modelsDir);
    resolveDiarizeWorker();
    const out: JobInfo[] = [];
    for (const recordingId of recordingIds) {
      const running = this.jobs.active((j) => j.recordingId === recordingId);
      if (running) {
        out.push(running);
        continue;
      }
      const { recording } = await findRecording(this.o.archive, recordingId, eventId);
      const job = this.jobs.add({ kind: 'diarize', eventId, recordingId, label: recordingLabel(recording) }, async ({ signal, progress }) => {
        const outcome = await diarizeArchiveRecording(
          { archive: this.o.archive, ff: await this.o.ffmpeg(), modelsDir: this.o.modelsDir, workDir: this.o.workDir },
          { eventId, recordingId, ...(speakers !== undefined ? { numSpeakers: speakers } : {}) },
          { signal, onProgress: (stage, fraction) => progress(stage, fraction) },
        );
        return { recordingId, speakers: outcome.record.result?.clusters.length ?? 0 };
      });
      out.push(job);
    }
    return out;
  }

  async view(eventId: string, recordingId: string): Promise<DiarizationView> {
    const running = !!this.jobs.active((j) => j.recordingId === recordingId);
    return diarizationView(this.o.archive, eventId, recordingId, { running, threshold: await this.threshold() });
  }

  // ---- models ---------------------------------------------------------------------------------

  async overview(canChange: boolean): Promise<DiarizationModelsOverview> {
    const [installed, partials, threshold] = await Promise.all([
      listDiarizationModels(this.o.modelsDir),
      partialDiarizationDownloads(this.o.modelsDir).catch(() => []),
      this.threshold(),
    ]);
    const picked = pickDiarizationModels(installed);
    const missing = (['segmentation', 'embedding'] as const).filter((r) => !picked[r]);
    return {
      dir: this.o.modelsDir,
      installed: installed.map((m) => ({
        id: m.id,
        role: m.role,
        file: m.file,
        sizeBytes: m.sizeBytes,
        status: m.status,
        usable: m.usable,
        catalogId: m.catalog?.id ?? null,
        sha256: m.record?.sha256 ?? null,
        inUse: picked[m.role]?.path === m.path,
      })),
      catalog: DIARIZATION_CATALOG.map((c) => ({
        id: c.id,
        role: c.role,
        file: c.file,
        sizeBytes: c.sizeBytes,
        sha256: c.sha256,
        url: c.url,
        sourcePage: c.sourcePage,
        licence: c.licence,
        recommended: c.recommended,
        note: c.note,
        installed: installed.some((m) => m.status === 'verified' && m.catalog?.id === c.id),
        partialBytes: partials.find((p) => p.id === c.id)?.bytes ?? 0,
      })),
      ready: missing.length === 0,
      missing,
      threshold,
      canChange,
    };
  }

  download(id: string): JobInfo {
    if (!findDiarizationModel(id)) throw new RisalahError('NOT_FOUND', `no diarization model ${id} in the catalog`, { id });
    const running = this.modelJobs.active((j) => j.modelId === id);
    if (running) return running;
    return this.modelJobs.add({ kind: 'model', label: id, modelId: id }, async ({ signal, progress }) => {
      const r = await downloadDiarizationModel(this.o.modelsDir, id, {
        signal,
        onProgress: (bytes, total) => progress('download', total > 0 ? bytes / total : null),
        ...(process.env.RISALAH_DIARIZATION_MODELS_URL ? { baseUrl: process.env.RISALAH_DIARIZATION_MODELS_URL } : {}),
      });
      return { modelId: r.model.id };
    });
  }

  importFile(file: string, name: string, discard: () => Promise<void>): JobInfo {
    return this.modelJobs.add({ kind: 'model', label: path.basename(name) }, async ({ signal, progress }) => {
      try {
        const r = await importDiarizationModel(this.o.modelsDir, file, { originalName: name, signal, onProgress: (b, total) => progress('import', total > 0 ? b / total : null) });
        return { modelId: r.model.id };
      } finally {
        await discard();
      }
    });
  }

  async remove(id: string): Promise<void> {
    await removeDiarizationModel(this.o.modelsDir, id);
  }

  async setThreshold(threshold: number): Promise<void> {
    await this.o.settings.update({ speakerThreshold: Math.round(threshold * 100) / 100 });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const queue of [this.jobs, this.modelJobs]) {
      for (const job of queue.list()) queue.cancel(job.id);
      await queue.idle();
    }
    await Promise.all([...this.following.values()]);
  }
}
