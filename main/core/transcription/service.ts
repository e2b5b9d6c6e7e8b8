/**
 * Transcribing the archive's recordings.
 *
 * Owns: where a recording's transcript files live (`events/<id>/transcripts/<rec>.machine.json`,
 * and `<rec>.journal.jsonl` while a job runs or after it was interrupted), what a transcription
 * of an archive recording is given (the recording's language, an initial prompt from the
 * archive's glossary and speaker directory, the archive's replacement list), recording the
 * result on the recording, and reading a transcript back — finished, or partial from the journal.
 */
import path from 'node:path';
import { RECORDING_LANGUAGES, type MachineTranscript, type RecordingLanguage, type RecordingRecord, type TranscriptSegment, type TranscriptView, type EventRecord } from '../../api/schemas';
import type { Archive } from '../archive/archive';
import { readMachine, writeMachine } from '../archive/documents';
import { SIZE_CAPS, StoredMachineSegment } from '../archive/formats';
import { layout } from '../archive/layout';
import { RisalahError } from '../errors';
import type { FfmpegTools } from '../media';
import { transcribeRecording, type EngineHolder, type PipelineDeps } from './pipeline';
import { buildPrompt } from './text';
import { loadWorking } from '../transcript/working';

export interface ArchiveTranscriptionEnv {
  archive: Archive;
  ff: Pick<FfmpegTools, 'ffmpeg'>;
  engine: EngineHolder;
  /** Machine cache folder for the decoded PCM while a job runs. */
  workDir: string;
  threads: number;
}

export interface ModelRef {
  path: string;
  id?: string | null;
  sha256?: string | null;
}


/** The event and recording of a recording id (ids are unique in an archive). */
export async function findRecording(archive: Archive, recordingId: string, eventId?: string): Promise<{ event: EventRecord; recording: RecordingRecord }> {
  const events = eventId ? [await archive.getEvent(eventId)] : await archive.allEventRecords();
  for (const event of events) {
    const recording = event.recordings.find((r) => r.id === recordingId);
    if (recording) return { event, recording };
  }
  throw new RisalahError('NOT_FOUND', `no recording ${recordingId}`, { id: recordingId });
}

export interface ArchiveTranscribeOptions {
  eventId?: string;
  recordingId: string;
  model: ModelRef;
  language?: RecordingLanguage;
  /** Tests: cap tokens per segment, no temperature fallback. */
  maxTokens?: number;
  temperatureInc?: number;
  maxWindowSec?: number;
  vad?: boolean;
}

/** Transcribe one recording of the archive (resuming an interrupted run of the same settings). */
export async function transcribeArchiveRecording(
  env: ArchiveTranscriptionEnv,
  options: ArchiveTranscribeOptions,
  deps: Omit<PipelineDeps, 'ff' | 'engine'> = {},
): Promise<MachineTranscript> {
  const { archive } = env;
  const { event, recording } = await findRecording(archive, options.recordingId, options.eventId);
  const doc = archive.document;
  await archive.store.mkdirs(layout.transcriptsDir(event.id));
  const transcript = await transcribeRecording(
    {
      source: await archive.store.fileForTool(archive.eventFile(event.id, recording.file)),
      sourceSha256: recording.sha256,
      journalFile: await archive.store.resolve(layout.journal(event.id, recording.id)),
      workDir: env.workDir,
      writeOutput: (t) => writeMachine(archive.store, event.id, recording.id, t),
      recordingId: recording.id,
      model: options.model,
      // An interrupted job resumes only with the language it ran with: its journal knows it.
      language: options.language ?? (await journalLanguage(archive, event.id, recording.id)) ?? recording.language,
      prompt: buildPrompt(doc.glossary, doc.speakers),
      replacements: doc.replacements ?? [],
      threads: env.threads,
      ...(options.vad !== undefined ? { vad: options.vad } : {}),
      ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
      ...(options.temperatureInc !== undefined ? { temperatureInc: options.temperatureInc } : {}),
      ...(options.maxWindowSec ? { maxWindowSec: options.maxWindowSec } : {}),
    },
    { ...deps, ff: env.ff, engine: env.engine },
  );
  await archive.mutateEvent(event.id, (ev) => {
    const rec = ev.recordings.find((r) => r.id === recording.id);
    if (rec) {
      rec.transcript = {
        createdAt: transcript.createdAt,
        model: transcript.model.id ?? transcript.model.file,
        language: transcript.detectedLanguage,
        segmentCount: transcript.segments.length,
      };
    }
    return ev;
  });
  return transcript;
}

/** The language an interrupted transcription of a recording was asked for (its journal's header), or null. */
export async function journalLanguage(archive: Archive, eventId: string, recordingId: string): Promise<RecordingLanguage | null> {
  return (await readTranscriptJournal(archive, eventId, recordingId))?.language ?? null;
}

/** What an unfinished job has journaled: its segments and the language it was asked for. */
async function readTranscriptJournal(archive: Archive, eventId: string, recordingId: string): Promise<{ segments: TranscriptSegment[]; language: RecordingLanguage | null } | null> {
  const journalBytes = await archive.store.readBytes(layout.journal(eventId, recordingId), SIZE_CAPS.transcript).catch(() => null);
  if (!journalBytes) return null;
  const segments: TranscriptSegment[] = [];
  let language: RecordingLanguage | null = null;
  for (const line of journalBytes.toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as { type: string; segment?: unknown; meta?: { language?: unknown } };
      if (parsed.type === 'header') {
        const asked = parsed.meta?.language;
        language = (RECORDING_LANGUAGES as readonly unknown[]).includes(asked) ? (asked as RecordingLanguage) : null;
      }
      if (parsed.type === 'segment') {
        // The journal is on disk: untrusted like every file (unknown fields, `language` included, are dropped).
        const seg = StoredMachineSegment.safeParse(parsed.segment);
        if (!seg.success) break;
        segments.push(seg.data);
      }
    } catch {
      break;
    }
  }
  segments.sort((a, b) => a.start - b.start);
  return { segments, language };
}

/** The finished transcript, and what an unfinished job has journaled. */
export async function readTranscript(archive: Archive, eventId: string, recordingId: string): Promise<TranscriptView> {
  const machine = await readMachine(archive.store, eventId, recordingId);
  const journal = await readTranscriptJournal(archive, eventId, recordingId);
  const partial: TranscriptView['partial'] = journal
    ? { segments: journal.segments, resumeFromSec: journal.segments.reduce((m, s) => Math.max(m, s.end), 0), language: journal.language }
    : null;
  const working = await loadWorking(archive, eventId, recordingId);
  return { working, machine, partial };
}

export function recordingLabel(recording: RecordingRecord): string {
  return recording.title || path.basename(recording.originalName);
}
