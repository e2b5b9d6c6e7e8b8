/**
 * A failure told to the person: the translated message of any error (lib/errors.ts) in an
 * alert banner, with "Tutup" when it can be dismissed. Renders nothing without an error.
 */
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';

export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      <strong>{t('errors.title')}:</strong> <span>{errorMessage(t, error)}</span>
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          {t('errors.dismiss')}
        </button>
      )}
    </div>
  );
}
