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
import type { MachineTranscript, RecordingLanguage, RecordingRecord, TranscriptSegment, TranscriptView, EventRecord } from '../../api/schemas';
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
      language: options.language ?? recording.language,
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

/** The finished transcript, and what an unfinished job has journaled. */
export async function readTranscript(archive: Archive, eventId: string, recordingId: string): Promise<TranscriptView> {
  const machine = await readMachine(archive.store, eventId, recordingId);
  const journalBytes = await archive.store.readBytes(layout.journal(eventId, recordingId), SIZE_CAPS.transcript).catch(() => null);
  const journalText = journalBytes?.toString('utf8') ?? null;
  let partial: TranscriptView['partial'] = null;
  if (journalText !== null) {
    const segments: TranscriptSegment[] = [];
    let language: string | null = null;
    for (const line of journalText.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = JSON.parse(line) as { type: string; segment?: unknown; meta?: { language?: unknown } };
        if (parsed.type === 'header') language = typeof parsed.meta?.language === 'string' ? parsed.meta.language.slice(0, 20) : null;
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
    partial = { segments, resumeFromSec: segments.reduce((m, s) => Math.max(m, s.end), 0), language };
  }
  const working = await loadWorking(archive, eventId, recordingId);
  return { working, machine, partial };
}

export function recordingLabel(recording: RecordingRecord): string {
  return recording.title || path.basename(recording.originalName);
}
