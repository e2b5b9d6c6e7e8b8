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
  Id,
  type AppInfo,
  type EventRecord,
  type EventSummary,
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
  'events.list': call<EventSummary[]>()({
    input: NoInput,
    errors: [],
    summary: 'All events of the archive, newest date first.',
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
