/**
 * A recording's "Kenali pembicara" as a screen follows it: the host's view of its last
 * diarization (state, clusters, suggestions), asked again when the host says it changed, when the
 * transcript was saved (a named cluster changes the suggestions) and when its job moves on; the
 * newest job of the recording; and whether this computer has the models to run it.
 */
import type { DiarizationModelsOverview, DiarizationView, JobInfo } from '../../../main/api/schemas';
import { ifActive, latestDiarizeJob, useJobs } from '../../lib/jobs';
import { useCall } from '../../lib/useCall';

export interface DiarizationState {
  view: DiarizationView | null;
  error: unknown;
  /** The newest job of this recording, if any (running or finished). */
  job: JobInfo | undefined;
  /** Queued or running now. */
  running: JobInfo | undefined;
  models: DiarizationModelsOverview | null;
  refresh: () => void;
}

export function useDiarization(eventId: string, recordingId: string): DiarizationState {
  const jobs = useJobs();
  const job = latestDiarizeJob(jobs, recordingId);
  const running = ifActive(job);
  const mine = (p: { eventId: string; recordingId: string }) => p.eventId === eventId && p.recordingId === recordingId;
  const { data: view, error, refresh } = useCall(
    'diarization.get',
    { eventId, recordingId },
    { refreshOn: { 'diarization.changed': mine, 'transcript.saved': mine }, refreshWhen: [job?.id, job?.state] },
  );
  const finishedModelJobs = jobs
    .filter((j) => j.kind === 'model' && !ifActive(j))
    .map((j) => j.id)
    .join(',');
  const { data: models } = useCall('diarization.models', {}, { refreshWhen: [finishedModelJobs] });
  return { view, error, job, running, models, refresh };
}
