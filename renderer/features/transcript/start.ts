/**
 * Starting transcriptions from the UI.
 *
 * Owns: queueing transcriptions (noting their jobs for the queue menu) and "Lanjutkan". An
 * interrupted job resumes only under the settings it ran with; the host takes the language from
 * the job's own journal, so nothing about it is remembered here.
 */
import type { JobInfo, RecordingLanguage } from '../../../main/api/schemas';
import { api } from '../../lib/api';
import { noteJob } from '../../lib/jobs';

/** Queue transcriptions; `language` overrides each recording's own language for this run. */
export async function startTranscription(eventId: string, recordingIds: string[], language?: RecordingLanguage): Promise<JobInfo[]> {
  const { jobs } = await api.call('transcripts.start', { eventId, recordingIds, ...(language ? { language } : {}) });
  for (const job of jobs) noteJob(job);
  return jobs;
}

/** Continue an interrupted transcription (with the language its journal records). */
export function resumeTranscription(eventId: string, recordingId: string): Promise<JobInfo[]> {
  return startTranscription(eventId, [recordingId]);
}
