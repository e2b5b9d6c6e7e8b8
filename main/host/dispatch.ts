/**
 * The dispatcher: the one place a call from any transport enters the main side.
 *
 * Owns: checking the call name against the contract, validating the payload with the call's
 * schema (unknown fields, wrong types and ids that would point outside the archive are refused
 * here, before any handler runs and before anything touches the disk), refusing a `trusted` call
 * to a client that may not make it (UNAUTHORIZED), bringing the archive up to date with other processes'
 * changes, running the handler, holding the handler to its call's error list (a code the contract
 * does not promise is a contract violation: logged, and in strict mode — tests — answered as
 * INTERNAL so it cannot go unnoticed), and turning the outcome into an envelope
 * `{ ok: true, value } | { ok: false, error }`. Used by the Electron IPC router, the web host and
 * the tests alike.
 */
import type { z } from 'zod';
import type { Envelope } from '../api/errors';
import { calls, clientMay, isCallName, possibleErrors, type CallName, type ClientKind } from '../api/contract';
import { isRisalahError } from '../core/errors';
import type { Handlers } from './handlers';

export type Dispatch = (name: unknown, input: unknown) => Promise<Envelope<unknown>>;

export interface DispatchOptions {
  /** Who the client is (the contract's `trusted` calls need `app` or `local`). Default `remote`. */
  client?: ClientKind;
  /** Run before every call (the host brings the archive up to date with other processes). */
  before?: () => Promise<void>;
  /** Where internal failures are reported (the host's log). */
  log?: (message: string, error: unknown) => void;
  /** An error code outside the call's list becomes INTERNAL (tests). Default: RISALAH_STRICT_CONTRACT=1. */
  strict?: boolean;
}

export function createDispatcher(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const strict = options.strict ?? process.env.RISALAH_STRICT_CONTRACT === '1';
  return async (name, input) => {
    if (!isCallName(name)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_CALL', message: `unknown call ${String(name).slice(0, 80)}`, params: { call: String(name).slice(0, 80) } },
      };
    }
    const spec = calls[name];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = formatIssues(parsed.error);
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `invalid input for ${name}: ${issues.join('; ')}`, params: { call: name }, issues },
      };
    }
    const needed = 'trusted' in spec ? spec.trusted : undefined;
    if (!clientMay(options.client ?? 'remote', needed)) {
      const where = needed === 'app' ? 'the desktop app' : 'Risalah on this computer';
      return { ok: false, error: { code: 'UNAUTHORIZED', message: `${name} is only allowed from ${where}`, params: { call: name } } };
    }
    try {
      await options.before?.();
      const handler = handlers[name] as (args: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (e) {
      if (isRisalahError(e)) {
        if (!possibleErrors(spec).has(e.code)) {
          log(`contract violation: ${name} answered ${e.code}, which its call does not list`, e);
          if (strict) return { ok: false, error: { code: 'INTERNAL', message: `contract violation: ${name} answered ${e.code}` } };
        }
        return { ok: false, error: { code: e.code, message: e.message, params: e.params, ...(e.issues ? { issues: e.issues } : {}) } };
      }
      log(`call ${name as CallName} failed`, e);
      return { ok: false, error: { code: 'INTERNAL', message: 'internal error (see the log)' } };
    }
  };
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : '(payload)';
    return `${where}: ${issue.message}`;
  });
}
