/**
 * A recording's transcript as the screen shows it: the finished machine transcript, what an
 * interrupted job journaled (partial), and — while a job runs — the segments arriving one by
 * one as `transcript.segment` pushes, merged in order of start and without duplicates.
 *
 * Once the transcript has been corrected or imported (a saved working transcript), that is what
 * the event page shows; the editor (features/editor) is where it changes.
 */
import { useEffect, useRef, useState } from 'react';
import type { JobInfo, MachineTranscript, RecordingRecord, TranscriptSegment, TranscriptView, WorkingTranscript } from '../../../main/api/schemas';
import { api } from '../../lib/api';
import { useCall } from '../../lib/useCall';

export type TranscriptMode =
  /** Nothing yet. */
  | 'none'
  /** The finished machine transcript. */
  | 'final'
  /** What an interrupted job journaled. */
  | 'partial'
  /** A job is transcribing: segments arrive live. */
  | 'live';

export interface TranscriptModel {
  mode: TranscriptMode;
  /** What to show, in order of start. */
  segments: TranscriptSegment[];
  machine: MachineTranscript | null;
  /** The saved working transcript (corrected or imported), when there is one. */
  working: WorkingTranscript | null;
  partial: TranscriptView['partial'];
  loaded: boolean;
  error: unknown;
}

function byStart(a: TranscriptSegment, b: TranscriptSegment): number {
  return a.start - b.start || a.end - b.end;
}

/** Segments of both lists, each id once (the later list wins), in order of start. */
export function mergeSegments(base: readonly TranscriptSegment[], more: readonly TranscriptSegment[]): TranscriptSegment[] {
  if (!more.length) return [...base];
  const byId = new Map<string, TranscriptSegment>();
  for (const s of base) byId.set(s.id, s);
  for (const s of more) byId.set(s.id, s);
  return [...byId.values()].sort(byStart);
}

/** When to ask the host again: a new job, a job reaching its transcribing step or its end. */
function phaseOf(job: JobInfo | undefined): string {
  if (!job) return '';
  if (job.state === 'queued') return `${job.id}:queued`;
  if (job.state === 'running') return `${job.id}:${['transcribe', 'finish'].includes(job.stage) ? 'run' : 'pre'}`;
  return `${job.id}:${job.state}`;
}

export function useTranscript(eventId: string, recording: RecordingRecord, job: JobInfo | undefined): TranscriptModel {
  const recordingId = recording.id;
  const [live, setLive] = useState<TranscriptSegment[]>([]);
  const liveJob = useRef<string | null>(null);

  // Segments as they are journaled (whatever job produces them: this window's or another's).
  useEffect(
    () =>
      api.on('transcript.segment', (p) => {
        if (p.eventId !== eventId || p.recordingId !== recordingId) return;
        const { id, start, end, text, rawText, words, noSpeechProb } = p.segment;
        const segment: TranscriptSegment = { id, start, end, text, words, noSpeechProb, ...(rawText ? { rawText } : {}) };
        setLive((current) => (current.some((s) => s.id === id && s.text === text) ? current : mergeSegments(current, [segment])));
      }),
    [eventId, recordingId],
  );

  // A new run starts with no live segments of its own (those of an interrupted run come back
  // from the journal).
  const running = job?.state === 'running' ? job.id : null;
  useEffect(() => {
    if (running && liveJob.current !== running) {
      liveJob.current = running;
      setLive([]);
    }
  }, [running]);

  // Asked again as the job moves on, when a transcript is finished, and when the editor (this
  // window or another) saves.
  const { data: view, error } = useCall(
    'transcripts.get',
    { eventId, recordingId },
    {
      refreshWhen: [phaseOf(job), recording.transcript?.createdAt ?? ''],
      refreshOn: { 'transcript.saved': (p) => p.eventId === eventId && p.recordingId === recordingId },
    },
  );
  // Once the host has the finished transcript, the live copy is no longer needed.
  useEffect(() => {
    if (view?.machine && !view.partial) setLive([]);
  }, [view]);

  const machine = view?.machine ?? null;
  const working = view?.working && view.working.rev > 0 ? view.working : null;
  const partial = view?.partial ?? null;
  let mode: TranscriptMode;
  let segments: TranscriptSegment[];
  if (job?.state === 'running') {
    mode = 'live';
    segments = mergeSegments(partial?.segments ?? [], live);
  } else if (working) {
    mode = 'final';
    segments = working.segments.map((s) => ({ id: s.id, start: s.start, end: s.end, text: s.text, words: s.words, noSpeechProb: 0 }));
  } else if (machine) {
    // A re-run that was interrupted does not hide the finished transcript.
    mode = 'final';
    segments = machine.segments;
  } else if (partial || live.length) {
    mode = 'partial';
    segments = mergeSegments(partial?.segments ?? [], live);
  } else {
    mode = 'none';
    segments = [];
  }
  return { mode, segments, machine, working, partial, loaded: view !== null, error };
}
