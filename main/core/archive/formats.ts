/**
 * The archive's documents as they are stored, validated on every load.
 *
 * Owns: the zod schemas of `archive.json`, `event.json`, `quotes.json` and the two transcripts,
 * and the size cap of each. Everything on disk is untrusted input (an archive may come from
 * another office's USB drive, or be edited by hand): a document is parsed with its schema before
 * any code uses it. Fields an older release did not write get their empty values (what migration
 * 2 would give them); a wrong type, an id that is not an id, a path that leaves the event folder or
 * a file over its cap makes the document invalid — reported as an archive problem, never a crash
 * of the whole archive. Unknown fields are dropped. Each schema is checked by the compiler against
 * the contract's type of the same document (main/api), so the two cannot drift.
 */
import { z } from 'zod';
import type {
  AttachmentRecord,
  EventRecord,
  GlossaryEntry,
  MachineTranscript,
  Quote,
  RecordingRecord,
  Replacement,
  Speaker,
  WorkingTranscript,
} from '../../api/schemas';
import { AGREEMENT_KINDS, ATTACHMENT_KINDS, EVENT_TYPES, GLOSSARY_KINDS, RECORDING_LANGUAGES } from '../../api/schemas';
import { DEFAULT_SETTINGS, type ArchiveSettings } from './defaults';
import { ID_PATTERN, isSafeRelative } from './layout';

const MB = 1024 * 1024;

/** The largest file of each kind that is read at all. */
export const SIZE_CAPS = {
  archive: 16 * MB,
  event: 8 * MB,
  quotes: 16 * MB,
  /** A 4-hour ceremony with word times is ~10 MB; Whisper's file a little more. */
  transcript: 64 * MB,
} as const;

const Id = z.string().regex(ID_PATTERN, 'must be an archive id');
const Str = (max = 100_000) => z.string().max(max).default('');
const Num = z.number().finite();
const Seconds = z.number().finite().min(0).max(7 * 24 * 3600);
const Iso = z.string().max(40).default('');
/** A path inside the event folder, as event records store them (`media/…`, `attachments/…`). */
const EventPath = z.string().refine(isSafeRelative, 'must be a path inside the event folder');

export const StoredSpeaker = z.object({
  id: Id,
  name: Str(500),
  title: Str(500),
  org: Str(500),
  notes: Str(10_000),
}) satisfies z.ZodType<Speaker>;

const StoredGlossaryEntry = z.object({
  term: z.string().max(500),
  expansion: Str(1000),
  kind: z.enum(GLOSSARY_KINDS).catch('term'),
}) satisfies z.ZodType<GlossaryEntry>;

const StoredReplacement = z.object({ from: z.string().max(500), to: z.string().max(500) }) satisfies z.ZodType<Replacement>;

const StoredSettings = z
  .object({
    attributionVerb: z.string().max(60).default(DEFAULT_SETTINGS.attributionVerb),
    attributionStyle: z.enum(['name-title', 'title-name', 'name']).catch(DEFAULT_SETTINGS.attributionStyle),
    defaultLanguage: z.enum(RECORDING_LANGUAGES).catch(DEFAULT_SETTINGS.defaultLanguage),
  })
  .default(DEFAULT_SETTINGS) satisfies z.ZodType<ArchiveSettings>;

export const StoredArchive = z.object({
  app: z.literal('risalah').default('risalah'),
  formatVersion: z.number().int().min(1),
  createdAt: Iso,
  speakers: z.array(StoredSpeaker).max(100_000).default([]),
  glossary: z.array(StoredGlossaryEntry).max(100_000).default([]),
  replacements: z.array(StoredReplacement).max(100_000).default([]),
  settings: StoredSettings,
});
export type StoredArchive = z.output<typeof StoredArchive>;

/** Just enough of archive.json to know which format it is (before migrating it). */
export const StoredArchiveVersion = z.looseObject({ formatVersion: z.number().int().min(1) });

const MediaWarning = z.object({
  code: z.enum(['TRUNCATED', 'DURATION_MISMATCH', 'DECODE_ERRORS']),
  decodedSec: Num.optional(),
  expectedSec: Num.optional(),
  count: Num.optional(),
  detail: z.string().max(2000).optional(),
});

const StoredRecording = z.object({
  id: Id,
  originalName: Str(1000),
  file: EventPath,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256'),
  sizeBytes: z.number().int().min(0),
  durationSec: Seconds,
  container: Str(200),
  codec: Str(200),
  sampleRate: Num.default(0),
  channels: Num.default(0),
  hasVideo: z.boolean().default(false),
  title: Str(1000),
  language: z.enum(RECORDING_LANGUAGES).catch('id'),
  warnings: z.array(MediaWarning).max(100).default([]),
  importedAt: Iso,
  transcript: z
    .object({ createdAt: Iso, model: z.string().max(500).nullable().default(null), language: Str(20), segmentCount: z.number().int().min(0).default(0) })
    .optional(),
}) satisfies z.ZodType<RecordingRecord>;

const StoredAttachment = z.object({
  id: Id,
  originalName: Str(1000),
  file: EventPath,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256'),
  sizeBytes: z.number().int().min(0),
  mime: Str(200),
  kind: z.enum(ATTACHMENT_KINDS).catch('other'),
  caption: Str(2000),
  addedAt: Iso,
}) satisfies z.ZodType<AttachmentRecord>;

const StoredAgreement = z.object({
  kind: z.enum(AGREEMENT_KINDS).catch('lainnya'),
  documentNumber: Str(1000),
  title: Str(2000),
  scope: Str(20_000),
  parties: z.array(z.object({ institution: Str(1000), signatory: Str(1000), role: Str(1000) })).max(1000).default([]),
});

export const StoredEvent = z.object({
  id: Id,
  rev: z.number().int().min(0).default(1),
  title: z.string().max(2000),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  time: z.string().regex(/^(\d{2}:\d{2})?$/).catch(''),
  type: z.enum(EVENT_TYPES).catch('lainnya'),
  venue: Str(2000),
  platform: Str(1000),
  organiser: Str(2000),
  description: Str(100_000),
  tags: z.array(z.string().max(200)).max(1000).default([]),
  agreement: StoredAgreement.nullable().default(null),
  recordings: z.array(StoredRecording).max(10_000).default([]),
  attachments: z.array(StoredAttachment).max(10_000).default([]),
  createdAt: Iso,
  updatedAt: Iso,
}) satisfies z.ZodType<EventRecord>;

const StoredWord = z.object({ text: z.string().max(2000), start: Seconds, end: Seconds, p: z.number().min(0).max(1).catch(0) });

export const StoredMachineSegment = z.object({
  id: z.string().max(40),
  start: Seconds,
  end: Seconds,
  text: z.string().max(100_000),
  rawText: z.string().max(100_000).optional(),
  words: z.array(StoredWord).max(100_000).default([]),
  noSpeechProb: z.number().catch(0).default(0),
});

export const StoredMachineTranscript = z.object({
  formatVersion: z.literal(1),
  recordingId: Id,
  createdAt: Iso,
  engine: Str(500),
  model: z.object({ id: z.string().max(500).nullable().default(null), file: Str(1000), sha256: z.string().max(64).nullable().default(null) }),
  language: Str(20),
  detectedLanguage: Str(20),
  prompt: Str(100_000),
  replacements: z.array(StoredReplacement.extend({ count: z.number().int().min(0).default(0) })).max(100_000).default([]),
  segments: z.array(StoredMachineSegment).max(1_000_000),
  stats: z.object({
    audioSec: Num.default(0),
    coveredSec: Num.default(0),
    skippedSec: Num.default(0),
    wallSec: Num.default(0),
    windows: Num.default(0),
    restarts: Num.default(0),
  }),
}) satisfies z.ZodType<MachineTranscript>;

const LabelId = z.string().regex(/^p\d{1,4}$/);

export const StoredWorkingTranscript = z.object({
  formatVersion: z.literal(1),
  recordingId: Id,
  rev: z.number().int().min(0),
  source: z.enum(['machine', 'import']),
  imported: z.object({ format: z.enum(['srt', 'vtt', 'txt']), name: Str(1000) }).optional(),
  labels: z.array(z.object({ id: LabelId, name: z.string().max(500), speakerId: Id.nullable().default(null) })).max(10_000).default([]),
  segments: z
    .array(
      z.object({
        id: z.string().max(40),
        start: Seconds,
        end: Seconds,
        text: z.string().max(100_000),
        words: z.array(StoredWord).max(100_000).default([]),
        speaker: LabelId.nullable().default(null),
      }),
    )
    .max(1_000_000),
  createdAt: Iso,
  updatedAt: Iso,
}) satisfies z.ZodType<WorkingTranscript>;

const StoredQuote = z.object({
  id: Id,
  eventId: Id,
  recordingId: Id,
  start: Seconds,
  end: Seconds,
  text: z.string().max(100_000),
  speakerId: Id.nullable().default(null),
  speakerName: Str(500),
  speakerTitle: Str(500),
  tags: z.array(z.string().max(200)).max(1000).default([]),
  checked: z.boolean().default(false),
  checkedAt: z.string().max(40).optional(),
  note: Str(20_000),
  createdAt: Iso,
  updatedAt: Iso,
}) satisfies z.ZodType<Quote>;

export const StoredQuotes = z.object({ quotes: z.array(StoredQuote).max(1_000_000) });
export type StoredQuotes = z.output<typeof StoredQuotes>;

// ---- speaker diarization and voiceprints ----------------------------------------------------

const StoredTurn = z.object({ start: Seconds, end: Seconds, speaker: z.number().int().min(0).max(999) });
const LabelMap = z.record(z.string().max(40), LabelId).refine((m) => Object.keys(m).length <= 1_000_000, 'too many entries');
const ModelRef = z.object({ id: z.string().max(200).nullable().default(null), file: Str(500), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256') });
const Applied = z.object({
  at: Iso,
  /** The working transcript's revision and `updatedAt` this application wrote. */
  rev: z.number().int().min(0),
  updatedAt: Iso,
  /** Segment id → the label this run gave it (a segment whose label differs was changed by a person). */
  assigned: LabelMap.default({}),
  /** Cluster → the label it went to. */
  clusterLabels: z.array(LabelId.nullable()).max(1000).default([]),
});

/** `events/<id>/transcripts/<rec>.diarization.json`: a recording's last diarization (no voice embeddings). */
export const StoredDiarization = z.object({
  formatVersion: z.literal(1),
  recordingId: Id,
  /** `running`: a run started (and, without a job at work, was interrupted); `result`: found, not yet on the transcript; `done`: on it. */
  state: z.enum(['running', 'result', 'done']),
  startedAt: Iso,
  params: z.object({ numSpeakers: z.number().int().min(1).max(100).nullable().default(null) }).default({ numSpeakers: null }),
  result: z
    .object({
      createdAt: Iso,
      durationSec: Seconds,
      speechSec: Seconds,
      turns: z.array(StoredTurn).max(200_000),
      clusters: z.array(z.object({ speaker: z.number().int().min(0).max(999), speechSec: Seconds, turns: z.number().int().min(0), centroidSec: Seconds.default(0) })).max(1000),
      models: z.object({ segmentation: ModelRef, embedding: ModelRef.extend({ dim: z.number().int().min(1).max(100_000) }) }),
      stats: z.object({ wallSec: Num.default(0), rawClusters: Num.default(0), embeddings: Num.default(0), windowShiftRatio: Num.default(0) }).default({ wallSec: 0, rawClusters: 0, embeddings: 0, windowShiftRatio: 0 }),
    })
    .nullable()
    .default(null),
  /** What the last application put on the working transcript. */
  applied: Applied.nullable().default(null),
  /** An application under way: written just before the transcript, promoted once it landed. */
  pending: Applied.nullable().default(null),
});
export type StoredDiarization = z.output<typeof StoredDiarization>;

const Vector = z.array(z.number().finite().min(-1e6).max(1e6)).min(1).max(8192);

/** `voiceprints/events/<id>/<rec>.json`: the centroid of each cluster of a recording's last diarization (biometric). */
export const StoredRecordingVoices = z.object({
  formatVersion: z.literal(1),
  eventId: Id,
  recordingId: Id,
  createdAt: Iso,
  model: ModelRef.extend({ dim: z.number().int().min(1).max(8192) }),
  /** `vector` null: too little speech to embed, or taken away when the person it was named with deleted their voiceprint. */
  clusters: z.array(z.object({ speaker: z.number().int().min(0).max(999), seconds: Seconds, vector: Vector.nullable() })).max(1000),
});
export type StoredRecordingVoices = z.output<typeof StoredRecordingVoices>;

const VoiceSource = z.object({ eventId: Id, recordingId: Id, clusters: z.array(z.number().int().min(0).max(999)).max(1000), seconds: Seconds, vector: Vector });

/** `voiceprints/people/<speaker id>.json`: a person's consent and voiceprint, one per embedding model (biometric). */
export const StoredPersonVoiceprint = z.object({
  formatVersion: z.literal(1),
  speakerId: Id,
  /** The person agreed to a voiceprint (UU 27/2022: opt-in); without this file there is none. */
  consent: z.object({ givenAt: Iso, note: Str(2000) }),
  prints: z
    .array(
      z.object({
        model: ModelRef.extend({ dim: z.number().int().min(1).max(8192) }),
        /** The seconds-weighted mean of its sources, unit length. */
        vector: Vector,
        seconds: Seconds,
        updatedAt: Iso,
        /** Each recording's share (a correction takes back exactly what that recording gave). */
        sources: z.array(VoiceSource).max(100_000),
      }),
    )
    .max(50)
    .default([]),
});
export type StoredPersonVoiceprint = z.output<typeof StoredPersonVoiceprint>;

/** The largest diarization and voiceprint files read. */
export const DIARIZATION_CAPS = { diarization: 32 * MB, recordingVoices: 4 * MB, personVoiceprint: 16 * MB } as const;
