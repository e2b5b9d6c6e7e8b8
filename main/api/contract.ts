/**
 * The API contract: the one definition of every call between the UI and the main side.
 *
 * Owns: each call's name, input schema (zod), result type and the user-error codes it may answer
 * with, and the events the main side pushes. From this object are derived the preload's
 * `window.risalah`, the Electron IPC router, the web host's HTTP transport and the renderer's
 * typed client. Adding a call means adding it here (and its handler in main/host/handlers.ts —
 * the type checker insists).
 *
 * Every input schema is a strict object: unknown fields are rejected, not ignored.
 */
import { z } from 'zod';
import type { ErrorCode } from './errors';
import {
  EventCreateInput,
  EventListInput,
  EventPatch,
  Id,
  Line,
  RecordingLanguage,
  Text,
  UploadRef,
  type AppInfo,
  type AttachmentsAdded,
  type EventList,
  type EventRecord,
  type JobInfo,
  type MachineSettingsView,
  type ModelsOverview,
  type TranscriptSegment,
  type TranscriptView,
  type Waveform,
  type ArchiveSettingsView,
  type ExportFile,
  type Quote,
  type QuoteWithEvent,
  type Speaker,
  type SpeakingTime,
  type WorkingTranscript,
  type DiarizationModelsOverview,
  type DiarizationView,
  type VoiceprintView,
  EditableSegmentInput,
  EventType,
  IsoDate,
  Tag,
  TranscriptLabelInput,
} from './schemas';
import { ATTRIBUTION_STYLES } from './attribution';
import type { IndexStatus, SearchResults } from './search';

export interface CallSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  /** Validates (and normalises) the payload in main before any handler runs. */
  readonly input: I;
  /** User errors this call may answer with (INVALID_INPUT and INTERNAL are always possible). */
  readonly errors: readonly ErrorCode[];
  /** One line for the reader of the contract. */
  readonly summary: string;
  /**
   * Calls that change this computer rather than the archive, and who may make them (the
   * dispatcher refuses anyone else with UNAUTHORIZED before the handler runs): `app` — the desktop
   * app only, never a browser (what runs programs: the ffmpeg path); `local` — the app or a
   * browser of `risalah serve` on this computer's loopback (models, threads).
   */
  readonly trusted?: TrustLevel;
  /** Type-only: the result's type. Never set at run time. */
  readonly __result?: R;
}

/** Who a client is: the desktop app, a browser on this computer, or one on another computer. */
export type ClientKind = 'app' | 'local' | 'remote';
export type TrustLevel = 'app' | 'local';

/** May a client of this kind make a call that needs this trust? */
export function clientMay(client: ClientKind, needed: TrustLevel | undefined): boolean {
  if (!needed) return true;
  return client === 'app' || (needed === 'local' && client === 'local');
}

/**
 * Codes any call may answer with, besides its own list: a payload that fails its schema, a full
 * disk, another process holding the archive's lock for too long, a file of the archive that is
 * a link or leaves it, and anything unexpected.
 */
export const ALWAYS_POSSIBLE: readonly ErrorCode[] = ['INVALID_INPUT', 'INTERNAL', 'DISK_FULL', 'ARCHIVE_BUSY', 'ARCHIVE_UNSAFE_PATH'];

/** Every code a call may answer with (its own, the universal ones, and UNAUTHORIZED for trusted calls). */
export function possibleErrors(spec: CallSpec): ReadonlySet<ErrorCode> {
  return new Set<ErrorCode>([...spec.errors, ...ALWAYS_POSSIBLE, ...(spec.trusted ? (['UNAUTHORIZED'] as const) : [])]);
}

/** `call<Result>()({ input, errors, summary })`: the result type is written once, here. */
const call =
  <R>() =>
  <I extends z.ZodType>(spec: { input: I; errors: readonly ErrorCode[]; summary: string; trusted?: TrustLevel }): CallSpec<I, R> =>
    spec;

const NoInput = z.strictObject({});

/** A model id: a catalog id (`small-q8_0`) or `file:<name>` for a model outside the catalog. */
const ModelId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'must be a model id');

export const calls = {
  'app.info': call<AppInfo>()({
    input: NoInput,
    errors: [],
    summary: 'Versions, the archive folder in use, and problems found when it was opened.',
  }),
  'events.list': call<EventList>()({
    input: EventListInput,
    errors: [],
    summary: 'Events matching the filters (type, year, words), sorted; with the years present for the filter.',
  }),
  'events.get': call<EventRecord>()({
    input: z.strictObject({ id: Id }),
    errors: ['NOT_FOUND'],
    summary: 'One event with everything stored about it.',
  }),
  'events.create': call<EventRecord>()({
    input: EventCreateInput,
    errors: ['ARCHIVE_UNAVAILABLE'],
    summary: 'Create an event folder in the archive.',
  }),
  'events.update': call<EventRecord>()({
    input: z.strictObject({ id: Id, baseRev: z.number().int().min(1), patch: EventPatch }),
    errors: ['NOT_FOUND', 'CONFLICT'],
    summary: 'Change fields of an event; refused with CONFLICT when it changed since revision baseRev.',
  }),
  'recordings.import': call<{ jobs: JobInfo[] }>()({
    input: z.strictObject({
      eventId: Id,
      uploads: z.array(UploadRef).min(1).max(200),
      language: RecordingLanguage.optional(),
    }),
    errors: ['NOT_FOUND'],
    summary: 'Queue the import of uploaded files as recordings of an event; progress arrives as job.updated.',
  }),
  'recordings.update': call<EventRecord>()({
    input: z.strictObject({
      eventId: Id,
      recordingId: Id,
      patch: z.strictObject({ title: Line(300).optional(), language: RecordingLanguage.optional() }),
    }),
    errors: ['NOT_FOUND'],
    summary: "Change a recording's label or transcription language.",
  }),
  'recordings.waveform': call<Waveform>()({
    input: z.strictObject({ eventId: Id, recordingId: Id, buckets: z.number().int().min(10).max(20_000).default(1000) }),
    errors: ['NOT_FOUND', 'MEDIA_DAMAGED', 'FFMPEG_MISSING'],
    summary: "A recording's waveform as min/max pairs (from the peaks cache, rebuilt when missing).",
  }),
  'attachments.add': call<AttachmentsAdded>()({
    input: z.strictObject({ eventId: Id, uploads: z.array(UploadRef).min(1).max(200) }),
    errors: ['NOT_FOUND', 'MEDIA_EMPTY', 'FILE_UNREADABLE', 'ATTACHMENT_PROGRAM'],
    summary:
      'Add uploaded photos or documents (e.g. the signed agreement PDF) to an event. Every file is tried; each has its result. A single file that fails fails the call.',
  }),
  'attachments.update': call<EventRecord>()({
    input: z.strictObject({ eventId: Id, attachmentId: Id, caption: Text(1000) }),
    errors: ['NOT_FOUND'],
    summary: "Change an attachment's caption.",
  }),
  'transcripts.start': call<{ jobs: JobInfo[] }>()({
    input: z.strictObject({
      eventId: Id,
      recordingIds: z.array(Id).min(1).max(200),
      /** Overrides each recording's language for this run (default: an interrupted run's own, else the recording's). */
      language: RecordingLanguage.optional(),
    }),
    errors: ['NOT_FOUND', 'MODEL_MISSING', 'ENGINE_MISSING'],
    summary:
      'Queue the transcription of recordings (one job each, one at a time); progress as job.updated, segments as transcript.segment. An interrupted job resumes where it stopped.',
  }),
  'transcripts.get': call<TranscriptView>()({
    input: z.strictObject({ eventId: Id, recordingId: Id }),
    errors: ['NOT_FOUND'],
    summary: "A recording's machine transcript, and what an unfinished job has journaled.",
  }),
  'transcripts.save': call<WorkingTranscript>()({
    input: z.strictObject({
      eventId: Id,
      recordingId: Id,
      /** The revision the editor started from (0 when it started from the machine transcript). */
      baseRev: z.number().int().min(0),
      labels: z.array(TranscriptLabelInput).max(200),
      segments: z.array(EditableSegmentInput).max(20_000),
    }),
    errors: ['NOT_FOUND', 'CONFLICT'],
    summary: 'Save the corrected transcript (autosave); refused with CONFLICT when it changed since baseRev.',
  }),
  'transcripts.import': call<WorkingTranscript>()({
    input: z.strictObject({ eventId: Id, recordingId: Id, uploadId: Id, baseRev: z.number().int().min(0).optional() }),
    errors: ['NOT_FOUND', 'TRANSCRIPT_INVALID', 'CONFLICT'],
    summary: 'Use an uploaded SRT, VTT or "Nama: …" text file as the transcript of a recording; prefixes become speakers.',
  }),
  'transcripts.export': call<ExportFile>()({
    input: z.strictObject({ eventId: Id, recordingId: Id, format: z.enum(['txt', 'srt', 'vtt', 'json', 'docx']), language: z.enum(['id', 'en']).default('id') }),
    errors: ['NOT_FOUND'],
    summary: "A recording's transcript as TXT, SRT, VTT, JSON or DOCX (speaker-labelled).",
  }),

  'speakers.list': call<Speaker[]>()({ input: NoInput, errors: [], summary: "The archive's speaker directory." }),
  'speakers.add': call<Speaker>()({
    input: z.strictObject({
      name: Line(120).pipe(z.string().min(1, 'must not be empty')),
      title: Line(200).default(''),
      org: Line(200).default(''),
      notes: Text(2000).default(''),
    }),
    errors: ['CONFLICT'],
    summary: 'Add a person (name, jabatan, instansi) to the directory.',
  }),
  'speakers.update': call<Speaker>()({
    input: z.strictObject({
      id: Id,
      patch: z.strictObject({ name: Line(120).pipe(z.string().min(1)).optional(), title: Line(200).optional(), org: Line(200).optional(), notes: Text(2000).optional() }),
    }),
    errors: ['NOT_FOUND'],
    summary: "Change a person's name, jabatan, instansi or notes (every transcript label linked to them follows).",
  }),
  'speakers.remove': call<{ removed: true }>()({
    input: z.strictObject({ id: Id }),
    errors: ['NOT_FOUND', 'CONFLICT'],
    summary: 'Remove a person no transcript or quote refers to.',
  }),
  'events.speakers': call<SpeakingTime[]>()({
    input: z.strictObject({ id: Id }),
    errors: ['NOT_FOUND'],
    summary: 'Who spoke at an event and for how long (from its transcripts).',
  }),

  'quotes.list': call<QuoteWithEvent[]>()({
    input: z.strictObject({
      eventId: Id.optional(),
      speaker: Line(120).optional(),
      speakerId: Id.optional(),
      tag: Tag.optional(),
      from: IsoDate.optional(),
      to: IsoDate.optional(),
      checked: z.boolean().optional(),
    }),
    errors: ['NOT_FOUND'],
    summary: 'The quote library, filtered by event, speaker, tag, date and the checked mark.',
  }),
  'quotes.add': call<Quote>()({
    input: z.strictObject({
      eventId: Id,
      recordingId: Id,
      start: z.number().finite().min(0),
      end: z.number().finite().min(0),
      text: Text(5000).optional(),
      speakerId: Id.nullable().optional(),
      tags: z.array(Tag).max(30).optional(),
      note: Text(2000).optional(),
    }),
    errors: ['NOT_FOUND'],
    summary: "Save a quote from a span of a recording (words and speaker from the transcript unless given).",
  }),
  'quotes.update': call<Quote>()({
    input: z.strictObject({
      eventId: Id,
      quoteId: Id,
      patch: z.strictObject({
        text: Text(5000).optional(),
        tags: z.array(Tag).max(30).optional(),
        checked: z.boolean().optional(),
        note: Text(2000).optional(),
        speakerId: Id.nullable().optional(),
        start: z.number().finite().min(0).optional(),
        end: z.number().finite().min(0).optional(),
      }),
    }),
    errors: ['NOT_FOUND'],
    summary: 'Change a quote: words, tags, speaker, span, note, or the "checked against the audio" mark.',
  }),
  'quotes.remove': call<{ removed: true }>()({
    input: z.strictObject({ eventId: Id, quoteId: Id }),
    errors: ['NOT_FOUND'],
    summary: 'Delete a quote.',
  }),
  'quotes.exportSheet': call<ExportFile>()({
    input: z.strictObject({ eventId: Id, language: z.enum(['id', 'en']).default('id') }),
    errors: ['NOT_FOUND'],
    summary: "An event's quote sheet as DOCX, each quote in news attribution form with its source.",
  }),

  'search.query': call<SearchResults>()({
    input: z.strictObject({
      q: Text(500),
      speaker: Line(120).optional(),
      type: EventType.optional(),
      from: IsoDate.optional(),
      to: IsoDate.optional(),
      eventId: Id.optional(),
      /** Match Indonesian affixes: "pembinaan" also finds "membina" and "binaan". */
      affixes: z.boolean().optional(),
      /** Take the last word as a prefix (as the user types). Default true. */
      prefixLast: z.boolean().optional(),
      limit: z.number().int().min(1).max(200).optional(),
      offset: z.number().int().min(0).max(100_000).optional(),
      hitsPerEvent: z.number().int().min(1).max(1000).optional(),
    }),
    errors: [],
    summary:
      'Every word said at every event, quotes and event details: results grouped by event, with highlighted snippets and the time in the recording.',
  }),
  'search.status': call<IndexStatus>()({
    input: NoInput,
    errors: [],
    summary: 'The search index: building, refreshing or ready, and how much it holds.',
  }),
  'search.refresh': call<IndexStatus>()({
    input: NoInput,
    errors: [],
    summary: 'Re-read what changed on disk since the index was last brought up to date (files edited by hand).',
  }),

  'archive.settings': call<ArchiveSettingsView>()({
    input: NoInput,
    errors: [],
    summary: 'Archive-wide settings: attribution verb and style, default language, glossary, replacements.',
  }),
  'archive.updateSettings': call<ArchiveSettingsView>()({
    input: z.strictObject({
      attributionVerb: z.string().regex(/^[a-z]{2,20}$/, 'must be one lower-case word').optional(),
      attributionStyle: z.enum(ATTRIBUTION_STYLES).optional(),
      defaultLanguage: RecordingLanguage.optional(),
      glossary: z
        .array(z.strictObject({ term: Line(120).pipe(z.string().min(1)), expansion: Line(300), kind: z.enum(['acronym', 'title', 'name', 'term']) }))
        .max(2000)
        .optional(),
      replacements: z.array(z.strictObject({ from: Line(200).pipe(z.string().min(1)), to: Line(200) })).max(2000).optional(),
    }),
    errors: [],
    summary: 'Change archive-wide settings.',
  }),

  'models.list': call<ModelsOverview>()({
    input: NoInput,
    errors: [],
    summary: 'Installed Whisper models, the catalog, the recommended model and the one in use.',
  }),
  'models.select': call<ModelsOverview>()({
    input: z.strictObject({ id: ModelId }),
    errors: ['MODEL_MISSING'],
    trusted: 'local',
    summary: 'Choose the model transcriptions use.',
  }),
  'models.download': call<{ job: JobInfo }>()({
    input: z.strictObject({ id: ModelId }),
    errors: ['NOT_FOUND'],
    trusted: 'local',
    summary: 'Download a catalog model (resumable, hash-checked) as a job.',
  }),
  'models.import': call<{ job: JobInfo }>()({
    input: z.strictObject({ uploadId: Id }),
    errors: ['NOT_FOUND'],
    trusted: 'local',
    summary: 'Install an uploaded model file (e.g. from a USB drive), hash-checked against the catalog, as a job: a Whisper model, or an .onnx speaker-diarization model (its role read from the file).',
  }),
  'models.remove': call<ModelsOverview>()({
    input: z.strictObject({ id: ModelId }),
    errors: ['NOT_FOUND'],
    trusted: 'local',
    summary: 'Delete an installed model.',
  }),
  'jobs.list': call<JobInfo[]>()({
    input: NoInput,
    errors: [],
    summary: 'Queued, running and recently finished background jobs.',
  }),
  'jobs.cancel': call<{ cancelled: boolean }>()({
    input: z.strictObject({ jobId: z.string().regex(/^job-[a-f0-9]{12}$/) }),
    errors: [],
    summary: 'Cancel a queued or running job.',
  }),
  'settings.get': call<MachineSettingsView>()({
    input: NoInput,
    errors: [],
    summary: "This computer's settings (ffmpeg) and the ffmpeg in use.",
  }),
  'settings.set': call<MachineSettingsView>()({
    input: z.strictObject({
      /** CPU threads for Whisper; 0 = automatic. */
      threads: z.number().int().min(0).max(64),
    }),
    errors: [],
    trusted: 'local',
    summary: "Change this computer's performance settings (Whisper's CPU threads).",
  }),
  'settings.setTools': call<MachineSettingsView>()({
    input: z.strictObject({
      ffmpegPath: z.string().trim().max(4096).optional(),
      ffprobePath: z.string().trim().max(4096).optional(),
    }),
    errors: ['FFMPEG_MISSING'],
    trusted: 'app',
    summary: 'Choose the ffmpeg (and ffprobe) this computer runs; a path that does not work is refused. Desktop app only: it names a program to run.',
  }),

  // ---- speaker diarization ("Kenali pembicara") and voiceprints -------------------------------
  'diarization.start': call<{ jobs: JobInfo[] }>()({
    input: z.strictObject({
      eventId: Id,
      recordingIds: z.array(Id).min(1).max(200),
      /** A hint: about this many speakers ("± 5 orang"); null: automatic; absent: an interrupted run's own, else automatic. */
      speakers: z.number().int().min(1).max(50).nullable().optional(),
    }),
    errors: ['NOT_FOUND', 'DIARIZATION_MODEL_MISSING', 'ENGINE_MISSING'],
    summary:
      'Queue "Kenali pembicara" on recordings (one job each, beside transcriptions): speakers as "Pembicara 1…N" on the transcript, keeping every choice a person made. An interrupted run resumes.',
  }),
  'diarization.get': call<DiarizationView>()({
    input: z.strictObject({ eventId: Id, recordingId: Id }),
    errors: ['NOT_FOUND'],
    summary: "A recording's last diarization: state, turns, clusters with speaking time, a sample, and voiceprint suggestions (never applied without a click).",
  }),
  'diarization.models': call<DiarizationModelsOverview>()({
    input: NoInput,
    errors: [],
    summary: 'The diarization models of this computer and the catalog (licence, size, SHA-256, source), whether "Kenali pembicara" can run, and the suggestion threshold.',
  }),
  'diarization.downloadModel': call<{ job: JobInfo }>()({
    input: z.strictObject({ id: ModelId }),
    errors: ['NOT_FOUND'],
    trusted: 'local',
    summary: 'Download a catalog diarization model (resumable, hash-checked) as a job. `models.import` installs one from a file.',
  }),
  'diarization.removeModel': call<DiarizationModelsOverview>()({
    input: z.strictObject({ id: ModelId }),
    errors: ['NOT_FOUND'],
    trusted: 'local',
    summary: 'Delete an installed diarization model.',
  }),
  'diarization.setThreshold': call<DiarizationModelsOverview>()({
    input: z.strictObject({ threshold: z.number().min(0.3).max(0.99) }),
    errors: [],
    trusted: 'local',
    summary: 'The similarity a voiceprint suggestion needs on this computer (default 0.6).',
  }),
  'voiceprints.get': call<VoiceprintView>()({
    input: z.strictObject({ speakerId: Id }),
    errors: ['NOT_FOUND'],
    summary: "A person's voiceprint for their page: consent, seconds and recordings per model (never the voice vector).",
  }),
  'voiceprints.enable': call<VoiceprintView>()({
    input: z.strictObject({ speakerId: Id, note: Text(500).default('') }),
    errors: ['NOT_FOUND'],
    summary: "Switch a person's voiceprint on (they agreed: UU 27/2022 opt-in), gathered from the recordings they are named in.",
  }),
  'voiceprints.remove': call<VoiceprintView>()({
    input: z.strictObject({ speakerId: Id }),
    errors: ['NOT_FOUND'],
    summary: "Delete a person's voiceprint and consent, and the cluster centroids it was made from. Transcripts and names stay.",
  }),
} as const satisfies Record<string, CallSpec>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What a caller sends (before defaults and trimming). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What a handler receives (after validation). */
export type CallArgs<N extends CallName> = z.output<Calls[N]['input']>;
export type CallResult<N extends CallName> = Calls[N] extends CallSpec<z.ZodType, infer R> ? R : never;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

// ---------------------------------------------------------------------------------------------
// Pushes: events the main side sends to every window / browser tab.

export interface PushSpec<P = unknown> {
  readonly summary: string;
  readonly __payload?: P;
}
const push =
  <P>() =>
  (summary: string): PushSpec<P> => ({ summary });

export const pushes = {
  'archive.changed': push<{ eventId?: string }>()('Something in the archive changed; lists should refresh.'),
  'job.updated': push<{ job: JobInfo }>()('A background job was queued, progressed or finished.'),
  'transcript.saved': push<{ eventId: string; recordingId: string; rev: number }>()(
    'A working transcript was saved (by this window or another): editors at an older revision should reload.',
  ),
  'quotes.changed': push<{ eventId: string }>()('Quotes of an event were added, changed or removed.'),
  'transcript.segment': push<{ eventId: string; recordingId: string; segment: TranscriptSegment }>()(
    'A segment of a running transcription, as soon as it is journaled.',
  ),
  'diarization.changed': push<{ eventId: string; recordingId: string }>()(
    "A recording's diarization changed (a run started, found its speakers, or put them on the transcript).",
  ),
} as const satisfies Record<string, PushSpec>;

export type Pushes = typeof pushes;
export type PushName = keyof Pushes;
export type PushPayload<N extends PushName> = Pushes[N] extends PushSpec<infer P> ? P : never;
export const PUSH_NAMES = Object.keys(pushes) as PushName[];
export function isPushName(name: unknown): name is PushName {
  return typeof name === 'string' && Object.hasOwn(pushes, name);
}

/** The bridge the preload exposes as `window.risalah` — and nothing else. */
export interface RisalahBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  on(listener: (name: string, payload: unknown) => void): () => void;
}
