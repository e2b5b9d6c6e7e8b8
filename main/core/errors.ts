/**
 * Errors raised by the domain.
 *
 * Owns: `RisalahError`, the one error type core code throws for conditions a user can act on.
 * It carries a contract error code and the parameters of its translated message; the hosts
 * (IPC router, web host, CLI) turn it into an envelope or a translated line. Any other thrown
 * value is a bug and surfaces as INTERNAL.
 */
import type { ErrorCode, ErrorParams } from '../api/errors';

export class RisalahError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly issues: string[] | undefined;

  constructor(code: ErrorCode, message: string, params: ErrorParams = {}, issues?: string[]) {
    super(message);
    this.name = 'RisalahError';
    this.code = code;
    this.params = params;
    this.issues = issues;
  }
}

export function isRisalahError(e: unknown): e is RisalahError {
  return e instanceof RisalahError;
}
