/**
 * Why a transcription could not start or did not finish, translated; when the remedy is a model
 * (none installed, a damaged one), a link to Settings › Model.
 */
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import { errorMessage, jobErrorMessage } from '../../lib/errors';
import { hrefOf } from '../../lib/router';

/** Codes whose remedy is on Settings › Model. */
const MODEL_CODES = new Set(['MODEL_MISSING', 'MODEL_INVALID']);

export function TranscribeError({
  error,
  jobError,
  file,
  onDismiss,
}: {
  /** A failed call (ApiCallError). */
  error?: unknown;
  /** A failed job's error. */
  jobError?: { code: string; params?: Record<string, string | number> } | undefined;
  file: string;
  onDismiss?: () => void;
}) {
  const { t } = useTranslation();
  if (!error && !jobError) return null;
  const code = jobError ? jobError.code : error instanceof ApiCallError ? error.code : null;
  const message = jobError
    ? jobErrorMessage(t, { ...jobError, params: { file, ...jobError.params } })
    : error instanceof ApiCallError
      ? t(`errors.${error.code}`, { file, ...error.params })
      : errorMessage(t, error);
  return (
    <div className="banner banner-error transcribe-error" role="alert">
      <p>
        <span>{message}</span>
        {code && MODEL_CODES.has(code) && (
          <>
            {' '}
            <a href={hrefOf({ name: 'settings', section: 'model' })} className="banner-link">
              {t('transcribe.openModelSettings')}
            </a>
          </>
        )}
        {onDismiss && (
          <button type="button" className="link-button" onClick={onDismiss}>
            {t('errors.dismiss')}
          </button>
        )}
      </p>
    </div>
  );
}
