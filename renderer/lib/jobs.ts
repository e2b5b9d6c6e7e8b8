/**
 * The background jobs of the host (imports, transcriptions, "Kenali pembicara", model downloads and imports) as
 * this window knows them: one store for every screen, filled from `jobs.list` when the first
 * screen looks, then kept current by the `job.updated` pushes and by the jobs the calls answer.
 */
import { useSyncExternalStore } from 'react';
import type { TFunction } from 'i18next';
import { formatClock } from '../../main/api/format';
import type { JobInfo } from '../../main/api/schemas';
import { api } from './api';

export const ACTIVE_STATES: readonly JobInfo['state'][] = ['queued', 'running'];
export const isActive = (job: JobInfo | undefined): boolean => !!job && ACTIVE_STATES.includes(job.state);
/** The job when it is queued or running. */
export const ifActive = (job: JobInfo | undefined): JobInfo | undefined => (isActive(job) ? job : undefined);

const rank = (j: JobInfo) => (j.state === 'queued' ? 0 : j.state === 'running' ? 1 : 2);

/** The later of two snapshots of the same job (pushes and call answers may arrive out of order). */
export function laterJob(a: JobInfo | undefined, b: JobInfo): JobInfo {
  if (!a) return b;
  if (rank(b) !== rank(a)) return rank(b) > rank(a) ? b : a;
  if (rank(b) === 2) return a.finishedAt && b.finishedAt && b.finishedAt < a.finishedAt ? a : b;
  return b.fraction !== null && a.fraction !== null && b.fraction < a.fraction && b.stage === a.stage ? a : b;
}

const jobs = new Map<string, JobInfo>();
let snapshot: readonly JobInfo[] = [];
const listeners = new Set<() => void>();
let connected = false;

function publish(): void {
  snapshot = [...jobs.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const l of listeners) l();
}

/** Take a snapshot of a job (from a push or a call's answer). */
export function noteJob(job: JobInfo): void {
  const known = jobs.get(job.id);
  const next = laterJob(known, job);
  if (next === known) return;
  jobs.set(job.id, next);
  publish();
}

/** Ask the host for every job it knows (on start, and when a screen wants to be sure). */
export async function refreshJobs(): Promise<void> {
  try {
    const list = await api.call('jobs.list', {});
    let changed = false;
    for (const job of list) {
      const known = jobs.get(job.id);
      const next = laterJob(known, job);
      if (next !== known) {
        jobs.set(job.id, next);
        changed = true;
      }
    }
    if (changed) publish();
  } catch {
    // The list is a convenience: pushes still arrive.
  }
}

function connect(): void {
  if (connected) return;
  connected = true;
  api.on('job.updated', ({ job }) => noteJob(job));
  void refreshJobs();
}

function subscribe(listener: () => void): () => void {
  connect();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Every job this window knows, oldest first. */
export function useJobs(): readonly JobInfo[] {
  return useSyncExternalStore(subscribe, () => snapshot);
}

/** The newest "Kenali pembicara" job of a recording, if any. */
export function latestDiarizeJob(all: readonly JobInfo[], recordingId: string): JobInfo | undefined {
  let found: JobInfo | undefined;
  for (const job of all) if (job.kind === 'diarize' && job.recordingId === recordingId) found = job;
  return found;
}

/** The newest transcription job of a recording, if any. */
export function latestTranscribeJob(all: readonly JobInfo[], recordingId: string): JobInfo | undefined {
  let found: JobInfo | undefined;
  for (const job of all) if (job.kind === 'transcribe' && job.recordingId === recordingId) found = job;
  return found;
}

export async function cancelJob(job: JobInfo): Promise<void> {
  await api.call('jobs.cancel', { jobId: job.id }).catch(() => undefined);
}

/** The step a job is at, for people. */
export function jobStageLabel(t: TFunction, job: JobInfo): string {
  if (job.state === 'queued') return t('jobs.stage.queued');
  if (job.state === 'done') return t('jobs.stage.done');
  if (job.state === 'failed') return t('jobs.stage.failed');
  if (job.state === 'cancelled') return t('jobs.stage.cancelled');
  const labels: Record<string, string> = {
    start: t('jobs.stage.start'),
    // import
    probe: t('import.stage.probe'),
    hash: t('import.stage.hash'),
    analyze: t('import.stage.analyze'),
    copy: t('import.stage.copy'),
    // transcribe
    decode: t('jobs.stage.decode'),
    transcribe: t('jobs.stage.transcribe'),
    finish: t('jobs.stage.finish'),
    // model
    download: t('jobs.stage.download'),
    verify: t('jobs.stage.verify'),
    import: t('jobs.stage.install'),
    // diarize
    segmentation: t('jobs.stage.segmentation'),
    embedding: t('jobs.stage.embedding'),
    centroids: t('jobs.stage.centroids'),
    apply: t('jobs.stage.apply'),
  };
  return labels[job.stage] ?? job.stage;
}

export function jobKindLabel(t: TFunction, kind: JobInfo['kind']): string {
  const labels: Record<JobInfo['kind'], string> = {
    import: t('jobs.kind.import'),
    transcribe: t('jobs.kind.transcribe'),
    model: t('jobs.kind.model'),
    diarize: t('jobs.kind.diarize'),
  };
  return labels[kind];
}

/** "sisa ± 3:20" when the host has a rate to go by, else ''. */
export function jobEtaText(t: TFunction, job: JobInfo): string {
  if (job.state !== 'running' || job.etaSec === null || job.etaSec === undefined) return '';
  return t('jobs.eta', { time: formatClock(job.etaSec) });
}

/** Stage, percent and time left in one line ("Mentranskripsi 45 % · sisa ± 0:12"). */
export function jobProgressText(t: TFunction, job: JobInfo): string {
  const stage = jobStageLabel(t, job);
  const percent = job.state === 'running' && job.fraction !== null && job.fraction > 0 ? ` ${Math.round(job.fraction * 100)} %` : '';
  const eta = jobEtaText(t, job);
  return `${stage}${percent}${eta ? ` · ${eta}` : ''}`;
}
