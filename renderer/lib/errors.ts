/** Turning any failure into a translated message for the user. */
import type { TFunction } from 'i18next';
import { ApiCallError } from '../../main/api/client';
import { UploadNetworkError } from './upload';

export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiCallError) return t(`errors.${error.code}`, error.params);
  if (error instanceof UploadNetworkError) return t('upload.networkError', { file: error.file });
  return t('errors.INTERNAL');
}

/** The message of a failed background job (`job.error`), translated from its code and params. */
export function jobErrorMessage(t: TFunction, error: { code: string; params?: Record<string, string | number> }): string {
  return t(`errors.${error.code}`, { defaultValue: t('errors.INTERNAL'), ...error.params });
}

/**
 * Field problems of an INVALID_INPUT answer, keyed by field path without the call's envelope
 * (`patch.title: must not be empty` → `title`), with a short translated hint.
 */
export function fieldIssues(t: TFunction, error: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (!(error instanceof ApiCallError) || error.code !== 'INVALID_INPUT') return out;
  for (const issue of error.issues) {
    const colon = issue.indexOf(':');
    if (colon < 0) continue;
    let field = issue.slice(0, colon).trim();
    if (prefix && field.startsWith(prefix)) field = field.slice(prefix.length);
    if (!out.has(field)) out.set(field, issueHint(t, issue.slice(colon + 1).trim()));
  }
  return out;
}

function issueHint(t: TFunction, problem: string): string {
  if (/must not be empty|too small/i.test(problem)) return t('validation.required');
  if (/date/i.test(problem)) return t('validation.date');
  if (/time/i.test(problem)) return t('validation.time');
  if (/too big|too long|<=/i.test(problem)) return t('validation.tooLong');
  if (/single line/i.test(problem)) return t('validation.singleLine');
  if (/control characters/i.test(problem)) return t('validation.controlCharacters');
  return t('validation.invalid');
}
