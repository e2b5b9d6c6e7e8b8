import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage } from '../../../main/api/locales';
import type { AppInfo } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { currentLanguage, setLanguage } from '../../lib/i18n';

export function SettingsPage() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.call('app.info', {}).then(setInfo, setError);
  }, []);

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <ErrorBanner error={error} />
      <label className="field">
        <span>{t('settings.language')}</span>
        <select
          name="language"
          value={currentLanguage()}
          onChange={(e) => {
            if (isLanguage(e.target.value)) void setLanguage(e.target.value);
          }}
        >
          {LANGUAGES.map((lng) => (
            <option key={lng} value={lng}>
              {t(`languages.${lng}`)}
            </option>
          ))}
        </select>
        <small className="muted">{t('settings.languageHelp')}</small>
      </label>
      {info && (
        <dl className="facts">
          <dt>{t('settings.archiveFolder')}</dt>
          <dd>
            <code>{info.archiveDir}</code>
          </dd>
          <dt>{t('app.name')}</dt>
          <dd>{t('settings.version', { version: info.version })}</dd>
        </dl>
      )}
    </section>
  );
}
