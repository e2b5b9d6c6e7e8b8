/**
 * Command-line parsing helpers over node:util's parseArgs: strict options, translated errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RisalahError } from '../core/errors';

export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Validate a parsed value with a zod-like schema, as INVALID_INPUT naming the option. */
export function check<T>(
  option: string,
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string; path: PropertyKey[] }[] } };
  },
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `--${String(i.path[0] ?? option)}: ${i.message}`);
  throw new RisalahError('INVALID_INPUT', issues.join('; '), {}, issues);
}
