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
  type Waveform,
} from './schemas';

export interface CallSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  /** Validates (and normalises) the payload in main before any handler runs. */
  readonly input: I;
  /** User errors this call may answer with (INVALID_INPUT and INTERNAL are always possible). */
  readonly errors: readonly ErrorCode[];
  /** One line for the reader of the contract. */
  readonly summary: string;
  /** Type-only: the result's type. Never set at run time. */
  readonly __result?: R;
}

/** `call<Result>()({ input, errors, summary })`: the result type is written once, here. */
const call =
  <R>() =>
  <I extends z.ZodType>(spec: { input: I; errors: readonly ErrorCode[]; summary: string }): CallSpec<I, R> =>
    spec;

const NoInput = z.strictObject({});

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
    errors: ['NOT_FOUND', 'MEDIA_EMPTY', 'FILE_UNREADABLE'],
    summary:
      'Add uploaded photos or documents (e.g. the signed agreement PDF) to an event. Every file is tried; each has its result. A single file that fails fails the call.',
  }),
  'attachments.update': call<EventRecord>()({
    input: z.strictObject({ eventId: Id, attachmentId: Id, caption: Text(1000) }),
    errors: ['NOT_FOUND'],
    summary: "Change an attachment's caption.",
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
    input: z.strictObject({ ffmpegPath: z.string().trim().max(4096).optional(), ffprobePath: z.string().trim().max(4096).optional() }),
    errors: ['UNAUTHORIZED', 'FFMPEG_MISSING'],
    summary: "Change this computer's settings; an ffmpeg path that does not work is refused.",
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
