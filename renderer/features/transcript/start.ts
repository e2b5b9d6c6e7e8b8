/**
 * Starting transcriptions from the UI. An interrupted job resumes only under the settings it ran
 * with (the host keys its journal by model and language), so the language override of a start
 * is remembered per recording and given again by "Lanjutkan".
 */
import { RECORDING_LANGUAGES, type JobInfo, type RecordingLanguage } from '../../../main/api/schemas';
import { api } from '../../lib/api';
import { noteJob } from '../../lib/jobs';

const STORAGE_KEY = 'risalah.transcribeLanguage';

function readOverrides(): Record<string, RecordingLanguage> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    const out: Record<string, RecordingLanguage> = {};
    for (const [id, lang] of Object.entries(parsed)) {
      if ((RECORDING_LANGUAGES as readonly unknown[]).includes(lang)) out[id] = lang as RecordingLanguage;
    }
    return out;
  } catch {
    return {};
  }
}

function writeOverrides(map: Record<string, RecordingLanguage>): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(map));
  } catch {
    // storage unavailable: a resume after reload uses the recording's own language
  }
}

/** The language override the last start of this recording used, if any. */
export function overrideOf(recordingId: string): RecordingLanguage | undefined {
  return readOverrides()[recordingId];
}

/** Queue transcriptions; `language` overrides each recording's own language for this run. */
export async function startTranscription(eventId: string, recordingIds: string[], language?: RecordingLanguage): Promise<JobInfo[]> {
  const { jobs } = await api.call('transcripts.start', { eventId, recordingIds, ...(language ? { language } : {}) });
  const overrides = readOverrides();
  for (const id of recordingIds) {
    if (language) overrides[id] = language;
    else delete overrides[id];
  }
  writeOverrides(overrides);
  for (const job of jobs) noteJob(job);
  return jobs;
}

/** Continue an interrupted transcription with the settings it started with. */
export function resumeTranscription(eventId: string, recordingId: string): Promise<JobInfo[]> {
  return startTranscription(eventId, [recordingId], overrideOf(recordingId));
}

