/**
 * Schemas and types of the data that crosses the API boundary.
 *
 * Owns: the shapes of events (and, as the archive grows, recordings, speakers, quotes…) as the
 * renderer sees them, and the zod schemas that validate what the renderer sends. Pure: zod only,
 * no Node or DOM APIs, so both the main process and the renderer type-check against it.
 */
import { z } from 'zod';

/** Event types seen in humas archives (ids are stable; labels live in the locale files). */
export const EVENT_TYPES = [
  'upacara',
  'penandatanganan',
  'rapat',
  'kunjungan_kerja',
  'sosialisasi',
  'pembinaan',
  'pelantikan',
  'konferensi_pers',
  'lainnya',
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/**
 * An archive id: lower-case letters, digits and inner dashes, at most 96 characters. Ids name
 * folders inside the archive, so this pattern is also what keeps a payload from pointing outside
 * it (no `/`, `\`, `..`, or absolute paths can pass).
 */
export const Id = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,94}[a-z0-9])?$/, 'must be an archive id (a-z, 0-9, -)');

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date');

/** A time of day, `HH:MM` (24 h). */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');

/** Free text typed by a person: trimmed, no control characters. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters');

/** A short single-line label (names, titles, places). */
export const Line = (max: number) => Text(max).refine((s) => !/[\r\n]/.test(s), 'must be a single line');

export const EventCreateInput = z.strictObject({
  title: Line(300).pipe(z.string().min(1, 'must not be empty')),
  date: IsoDate,
  type: EventType,
});
export type EventCreateInput = z.input<typeof EventCreateInput>;

/** Kinds of agreement signed at a `penandatanganan` event. */
export const AGREEMENT_KINDS = ['mou', 'pks', 'lainnya'] as const;
export const AgreementKind = z.enum(AGREEMENT_KINDS);

/** One party to an agreement: the institution, who signed for it, and in what capacity. */
export const AgreementParty = z.strictObject({
  institution: Line(300).pipe(z.string().min(1, 'must not be empty')),
  signatory: Line(200).default(''),
  role: Line(200).default(''),
});
export type AgreementParty = z.output<typeof AgreementParty>;

export const Agreement = z.strictObject({
  kind: AgreementKind.default('mou'),
  documentNumber: Line(200).default(''),
  title: Line(500).default(''),
  scope: Text(4000).default(''),
  parties: z.array(AgreementParty).max(100).default([]),
});
export type Agreement = z.output<typeof Agreement>;

export const Tag = Line(60).pipe(z.string().min(1));

/** The fields of an event a person edits (everything but ids, files and bookkeeping). */
export const EventFields = z.strictObject({
  title: Line(300).pipe(z.string().min(1, 'must not be empty')),
  date: IsoDate,
  time: z.union([TimeOfDay, z.literal('')]),
  type: EventType,
  venue: Line(300),
  /** For events joined online: Zoom, YouTube live… */
  platform: Line(120),
  organiser: Line(300),
  description: Text(10_000),
  tags: z.array(Tag).max(50),
  agreement: Agreement.nullable(),
});
export type EventFields = z.output<typeof EventFields>;

export const EventPatch = EventFields.partial();
export type EventPatch = z.input<typeof EventPatch>;

/** Transcription language of a recording (`auto` lets Whisper detect it). */
export const RECORDING_LANGUAGES = ['id', 'en', 'jv', 'su', 'auto'] as const;
export const RecordingLanguage = z.enum(RECORDING_LANGUAGES);
export type RecordingLanguage = z.infer<typeof RecordingLanguage>;

/** Something the import noticed but that did not stop it. */
export interface MediaWarning {
  /**
   * TRUNCATED: the recording ends before it should (the phone died); the decodable part was kept.
   * DURATION_MISMATCH: the file decodes much longer than its header says.
   * DECODE_ERRORS: ffmpeg reported damaged frames that it skipped.
   */
  code: 'TRUNCATED' | 'DURATION_MISMATCH' | 'DECODE_ERRORS';
  /** Seconds that could be decoded. */
  decodedSec?: number;
  /** Seconds the file claims to last, when it says. */
  expectedSec?: number;
  /** For DECODE_ERRORS: how many error lines ffmpeg printed. */
  count?: number;
  /** ffmpeg's own words (first line), for the curious. */
  detail?: string;
}

/** Background work (imports, transcriptions, model downloads) as the UI sees it. */
export interface JobInfo {
  id: string;
  kind: 'import' | 'transcribe' | 'model';
  /** The event the job works for (none for model jobs). */
  eventId?: string;
  /** The recording a transcription works on. */
  recordingId?: string;
  /** The catalog model a download works on. */
  modelId?: string;
  /** What the job works on, for people: usually a file name. */
  label: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  /** The current step: `probe`, `hash`, `analyze`, `copy` (import); `decode`, `transcribe`, `finish` (transcription); `download`, `verify` (model). */
  stage: string;
  /** 0..1 of the whole job, when known. */
  fraction: number | null;
  /** Estimated seconds left, when there is a rate to go by. */
  etaSec?: number | null;
  createdAt: string;
  finishedAt?: string;
  /** For failed jobs: the error, with code and params for its translated message. */
  error?: { code: string; message: string; params?: Record<string, string | number> };
  /** What a finished job produced. */
  result?: JobResult;
}

export interface JobResult {
  /** import: the recording (new or, when `duplicate`, the one already there). */
  recordingId?: string;
  duplicate?: boolean;
  durationSec?: number;
  warnings?: MediaWarning[];
  /** transcribe: segments written. */
  segments?: number;
  /** model: the installed model. */
  modelId?: string;
}

export interface RecordingRecord {
  id: string;
  /** The file's name as it was imported (e.g. `REC_20250701_0930.m4a`). */
  originalName: string;
  /** Where the untouched original is stored, relative to the event folder (`media/…`). */
  file: string;
  sha256: string;
  sizeBytes: number;
  /** Decoded duration in seconds (what can actually be played and transcribed). */
  durationSec: number;
  container: string;
  codec: string;
  sampleRate: number;
  channels: number;
  hasVideo: boolean;
  /** A person's label, e.g. "Sambutan Dirjenpas". */
  title: string;
  language: RecordingLanguage;
  warnings: MediaWarning[];
  importedAt: string;
  /** Set when a machine transcript exists (`transcripts/<id>.machine.json`). */
  transcript?: RecordingTranscriptInfo;
}

export interface RecordingTranscriptInfo {
  createdAt: string;
  model: string | null;
  language: string;
  segmentCount: number;
}

export const ATTACHMENT_KINDS = ['photo', 'document', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface AttachmentRecord {
  id: string;
  originalName: string;
  /** Relative to the event folder (`attachments/…`). */
  file: string;
  sha256: string;
  sizeBytes: number;
  mime: string;
  kind: AttachmentKind;
  caption: string;
  addedAt: string;
}

/** An event of the archive as stored in `events/<id>/event.json`. */
export interface EventRecord extends EventFields {
  id: string;
  /** Revision: +1 on every change; an edit names the revision it started from. */
  rev: number;
  recordings: RecordingRecord[];
  attachments: AttachmentRecord[];
  createdAt: string;
  updatedAt: string;
}

/** What the archive list shows of an event. */
export interface EventSummary {
  id: string;
  title: string;
  date: string;
  time: string;
  type: EventType;
  venue: string;
  tags: string[];
  recordingCount: number;
  totalDurationSec: number;
  partyCount: number;
  updatedAt: string;
}

export const EVENT_SORTS = ['date-desc', 'date-asc', 'title', 'updated'] as const;
export const EventListInput = z.strictObject({
  type: EventType.optional(),
  year: z.number().int().min(1900).max(2999).optional(),
  /** Words that must all appear in the title, venue, organiser, tags or parties (case and accents ignored). */
  q: Text(200).optional(),
  sort: z.enum(EVENT_SORTS).default('date-desc'),
});
export type EventListInput = z.input<typeof EventListInput>;

export interface EventList {
  events: EventSummary[];
  /** Events in the whole archive (before filters). */
  total: number;
  /** Years that have events, newest first (for the year filter). */
  years: number[];
}

/** Speaker directory entry (archive-wide): a person who speaks at events. */
export interface Speaker {
  id: string;
  name: string;
  /** Jabatan, e.g. "Direktur Jenderal Pemasyarakatan". */
  title: string;
  /** Instansi, e.g. "Ditjenpas Kemenimipas". */
  org: string;
  notes: string;
}

export const GLOSSARY_KINDS = ['acronym', 'title', 'name', 'term'] as const;
/** A glossary entry: spelled right in transcripts, expanded both ways in search. */
export interface GlossaryEntry {
  term: string;
  /** The long form of an acronym ("Direktorat Jenderal Pemasyarakatan"). */
  expansion: string;
  kind: (typeof GLOSSARY_KINDS)[number];
}

/** The outcome of `attachments.add`: the event as it now is, and what happened to each file. */
export interface AttachmentsAdded {
  event: EventRecord;
  results: {
    name: string;
    attachmentId?: string;
    /** The same bytes were already attached: nothing was stored again. */
    duplicate: boolean;
    error?: { code: string; message: string; params?: Record<string, string | number> };
  }[];
}

/** A file sent to the host ahead of an import (see `POST /api/upload`). */
export const UploadRef = z.strictObject({ uploadId: Id });

export const ARCHIVE_PROBLEM_CODES = ['DAMAGED_JSON', 'RESTORED_FROM_BACKUP', 'UNREADABLE', 'INVALID', 'TOO_LARGE', 'UNSAFE_PATH'] as const;

/** A problem found while opening the archive, shown to the user (e.g. a damaged event file). */
export interface ArchiveProblem {
  /** Path relative to the archive folder, with `/` separators. */
  file: string;
  code: (typeof ARCHIVE_PROBLEM_CODES)[number];
  eventId?: string;
  /** What is wrong, in the words of the check that failed (e.g. `agreement.parties: expected array`). */
  detail?: string;
}

export interface AppInfo {
  version: string;
  archiveDir: string;
  /** Where the host runs: the desktop app, or `risalah serve` for a browser. */
  host: 'electron' | 'web';
  problems: ArchiveProblem[];
}

/** Settings of this computer as the UI sees them (see main/core/settings.ts). */
export interface MachineSettingsView {
  ffmpegPath: string;
  ffprobePath: string;
  /** Threads for Whisper (0 = automatic) and what automatic means here. */
  threads: number;
  autoThreads: number;
  /** The ffmpeg in use, or why none could be found. */
  ffmpeg: { ok: true; path: string; version: string; source: string } | { ok: false; code: string; message: string };
  /** False in a browser on another computer: it may look, not change this machine's settings. */
  canChange: boolean;
}

export interface Waveform {
  durationSec: number;
  /** Per bucket, the lowest and highest sample, in -1..1. */
  min: number[];
  max: number[];
}

// ---- transcripts ------------------------------------------------------------------------------

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

/** A replacement of the glossary applied after transcription (e.g. "dirjen pas" → "Dirjenpas"). */
export interface Replacement {
  from: string;
  to: string;
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

/** A Whisper model as the settings screen shows it. */
export interface ModelView {
  id: string;
  file: string;
  sizeBytes: number;
  status: 'verified' | 'unverified' | 'unchecked' | 'damaged';
  usable: boolean;
  /** Catalog facts when known. */
  catalogId: string | null;
  ramMB: number | null;
  /** Human description of its size class (e.g. "small, q8_0"). */
  description: string | null;
  warnings: { code: string; message: { id: string; en: string } }[];
}

export interface CatalogModelView {
  id: string;
  file: string;
  sizeBytes: number;
  ramMB: number;
  sha256: string | null;
  url: string;
  quantization: string;
  speedNote: { id: string; en: string };
  installed: boolean;
  /** Bytes of an interrupted download that a new download resumes from. */
  partialBytes: number;
}

export interface ModelsOverview {
  dir: string;
  installed: ModelView[];
  catalog: CatalogModelView[];
  recommended: { id: string; reason: { id: string; en: string } };
  /** The model transcriptions use now (the chosen one, else the default), or null when none is installed. */
  activeId: string | null;
  selectedId: string;
  canChange: boolean;
}

// ---- edited transcripts, speakers, quotes ---------------------------------------------------

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

/** A quote taken from a transcript, stored in `events/<id>/quotes.json`. */
export interface Quote {
  id: string;
  eventId: string;
  recordingId: string;
  /** Exact span in the recording, seconds. */
  start: number;
  end: number;
  text: string;
  /** The directory person who said it, when known. */
  speakerId: string | null;
  /** Name and jabatan as they were when the quote was saved (the directory may change later). */
  speakerName: string;
  speakerTitle: string;
  tags: string[];
  /** Someone listened to the clip and confirmed the words. */
  checked: boolean;
  checkedAt?: string;
  note: string;
  createdAt: string;
  updatedAt: string;
}

/** A quote with its event's title and date (the quote library). */
export interface QuoteWithEvent extends Quote {
  eventTitle: string;
  eventDate: string;
}

/** Who spoke at an event, and for how long. */
export interface SpeakingTime {
  speakerId: string | null;
  name: string;
  title: string;
  seconds: number;
  segments: number;
}

/** A file made for download (exports): its name, type and bytes (base64). */
export interface ExportFile {
  fileName: string;
  mime: string;
  base64: string;
}

/** Archive-wide settings and lists people edit (archive.json). */
export interface ArchiveSettingsView {
  attributionVerb: string;
  attributionStyle: 'name-title' | 'title-name' | 'name';
  defaultLanguage: RecordingLanguage;
  glossary: GlossaryEntry[];
  replacements: Replacement[];
}

export const TranscriptLabelInput = z.strictObject({
  id: z.string().regex(/^p\d{1,4}$/, 'must be a label id (p1, p2…)'),
  name: Line(120).pipe(z.string().min(1, 'must not be empty')),
  speakerId: Id.nullable(),
});

const Seconds = z.number().finite().min(0).max(7 * 24 * 3600);

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
