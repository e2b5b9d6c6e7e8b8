/**
 * Transcripts as the contract carries them.
 *
 * Owns: Whisper's machine transcript, the working transcript people correct (speaker labels,
 * editable segments) and the inputs that save it, and the view the editor loads (finished,
 * working and partial). Pure: zod only.
 */
import { z } from 'zod';
import { Id, Line, Seconds, Text } from './common';
import type { Replacement } from './people';

/** A word with its time (seconds, absolute in the recording) and Whisper's confidence (0..1). */
export interface TranscriptWord {
  text: string;
  start: number;
  end: number;
  p: number;
}

export interface TranscriptSegment {
  /** Stable within its transcript (`s0001`…). */
  id: string;
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  /** The text shown: Whisper's, with the glossary replacements applied. */
  text: string;
  /** Whisper's own text, when replacements changed it (so they can be seen and reverted). */
  rawText?: string;
  words: TranscriptWord[];
  /** Whisper's probability that this stretch holds no speech. */
  noSpeechProb: number;
}

/** What Whisper produced for a recording, as stored in `events/<id>/transcripts/<rec>.machine.json`. */
export interface MachineTranscript {
  formatVersion: 1;
  recordingId: string;
  createdAt: string;
  engine: string;
  model: { id: string | null; file: string; sha256: string | null };
  /** Language asked for, and the one Whisper used or detected. */
  language: string;
  detectedLanguage: string;
  /** The initial prompt given (glossary and speaker names). */
  prompt: string;
  replacements: (Replacement & { count: number })[];
  segments: TranscriptSegment[];
  stats: {
    audioSec: number;
    /** Seconds fed to Whisper; the rest was silence, music or applause skipped by the VAD. */
    coveredSec: number;
    skippedSec: number;
    wallSec: number;
    windows: number;
    /** Times the engine had to be restarted (crash, kill) and resumed. */
    restarts: number;
  };
}

/** A recording's transcript as the UI loads it: the finished one, and/or what a running or
 *  interrupted job has journaled so far. */
export interface TranscriptView {
  /** The transcript people edit: saved, or made from the machine one (rev 0), or null. */
  working: WorkingTranscript | null;
  machine: MachineTranscript | null;
  /** `language`: what the interrupted job was asked for (a resume must ask the same). */
  partial: { segments: TranscriptSegment[]; resumeFromSec: number; language: string | null } | null;
}

/**
 * A speaker label inside one transcript: a placeholder ("Pembicara 1") that can be linked to a
 * person of the archive's speaker directory later — renaming every segment that carries it at once.
 */
export interface TranscriptLabel {
  /** `p1`, `p2`… unique within the transcript. */
  id: string;
  /** Shown when not linked: "Pembicara 1", or the name found in an imported file ("Mashudi"). */
  name: string;
  /** The directory person (`Speaker.id`), when linked. */
  speakerId: string | null;
}

export interface EditableSegment {
  /** Unique within the transcript; a segment kept from the machine transcript keeps its id. */
  id: string;
  start: number;
  end: number;
  text: string;
  /** Word times and confidence; dropped for a segment whose text was edited by hand. */
  words: TranscriptWord[];
  /** A label id of this transcript, or null. */
  speaker: string | null;
}

/**
 * The working transcript of a recording (`transcripts/<rec>.json`): what people edit. It starts as
 * a copy of the machine transcript (kept unchanged beside it) or from an imported SRT/VTT/text file.
 */
export interface WorkingTranscript {
  formatVersion: 1;
  recordingId: string;
  /** +1 on every save; a save names the revision it started from. */
  rev: number;
  source: 'machine' | 'import';
  /** For `import`: the file's format and name. */
  imported?: { format: 'srt' | 'vtt' | 'txt'; name: string };
  labels: TranscriptLabel[];
  segments: EditableSegment[];
  createdAt: string;
  updatedAt: string;
}

export const TranscriptLabelInput = z.strictObject({
  id: z.string().regex(/^p\d{1,4}$/, 'must be a label id (p1, p2…)'),
  name: Line(120).pipe(z.string().min(1, 'must not be empty')),
  speakerId: Id.nullable(),
});

export const EditableSegmentInput = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be a segment id'),
  start: Seconds,
  end: Seconds,
  text: Text(5000),
  words: z
    .array(z.strictObject({ text: Text(200), start: Seconds, end: Seconds, p: z.number().min(0).max(1) }))
    .max(2000),
  speaker: z.string().regex(/^p\d{1,4}$/).nullable(),
});
