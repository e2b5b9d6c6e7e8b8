/** Turning any failure into a translated message for the user. */
import type { TFunction } from 'i18next';
import { ApiCallError } from '../../main/api/client';

export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiCallError) return t(`errors.${error.code}`, error.params);
  return t('errors.INTERNAL');
}
