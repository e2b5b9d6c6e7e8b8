/**
 * The settings page (`#/settings`): the UI language and the archive folder in use, then Arsip
 * (ArchiveSettings), Model (ModelSettings) and ffmpeg (which one is used, and a path of one's own
 * when allowed).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import { LANGUAGES, isLanguage } from '../../../main/api/locales';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { api } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { useCall } from '../../lib/useCall';
import { errorMessage, fieldIssues } from '../../lib/errors';
import { currentLanguage, setLanguage } from '../../lib/i18n';
import type { SettingsSection } from '../../lib/router';
import { ArchiveSettings } from './ArchiveSettings';
import { ModelSettings } from './ModelSettings';

export function SettingsPage({ section }: { section?: SettingsSection | undefined }) {
  const { t } = useTranslation();
  const { data: info, error } = useCall('app.info', {});

  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <ErrorBanner error={error} />
      <section className="card" aria-labelledby="settings-general">
        <h2 id="settings-general">{t('settings.general')}</h2>
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
      <ArchiveSettings focus={section === 'archive'} />
      <ModelSettings focus={section === 'model'} />
      <FfmpegSettings />
    </section>
  );
}

const SOURCES = ['settings', 'env', 'path', 'bundled'] as const;

function FfmpegSettings() {
  const { t } = useTranslation();
  const { data: view, error: loadError, set: setView } = useCall('settings.get', {});
  const [path, setPath] = useState('');
  const [saved, setSaved] = useState(false);
  // The field shows the path in use (as loaded, and as saved).
  useEffect(() => {
    if (view) setPath(view.ffmpegPath);
  }, [view]);
  const saving = useAction(async (value: string) => {
    setView(await api.call('settings.setTools', { ffmpegPath: value.trim() }));
    setSaved(true);
  });
  const { busy, error: saveError } = saving;

  function save(e: FormEvent, value = path) {
    e.preventDefault();
    setSaved(false);
    void saving.run(value);
  }

  const sourceLabel: Record<(typeof SOURCES)[number], string> = {
    settings: t('settings.ffmpeg.sources.settings'),
    env: t('settings.ffmpeg.sources.env'),
    path: t('settings.ffmpeg.sources.path'),
    bundled: t('settings.ffmpeg.sources.bundled'),
  };
  const ff = view?.ffmpeg;
  // Which program this computer runs is chosen only in the desktop app, never from a browser.
  const canChange = view?.canChangeTools ?? false;
  const issue =
    fieldIssues(t, saveError).get('ffmpegPath') ??
    (saveError instanceof ApiCallError && saveError.code === 'FFMPEG_MISSING'
      ? t('settings.ffmpeg.pathRefused', { path: saveError.params.path ?? path })
      : saveError
        ? errorMessage(t, saveError)
        : undefined);

  return (
    <section className="card" aria-labelledby="settings-ffmpeg">
      <h2 id="settings-ffmpeg">{t('settings.ffmpeg.title')}</h2>
      <p className="muted">{t('settings.ffmpeg.intro')}</p>
      <ErrorBanner error={loadError} />
      {ff &&
        (ff.ok ? (
          <dl className="facts ffmpeg-facts" aria-label={t('settings.ffmpeg.inUse')}>
            <dt>{t('settings.ffmpeg.status')}</dt>
            <dd>
              <span className="status-ok">{t('settings.ffmpeg.ok')}</span>
            </dd>
            <dt>{t('settings.ffmpeg.path')}</dt>
            <dd>
              <code>{ff.path}</code>
            </dd>
            <dt>{t('settings.ffmpeg.version')}</dt>
            <dd>{ff.version}</dd>
            <dt>{t('settings.ffmpeg.source')}</dt>
            <dd>{(SOURCES as readonly string[]).includes(ff.source) ? sourceLabel[ff.source as (typeof SOURCES)[number]] : ff.source}</dd>
          </dl>
        ) : (
          <div className="banner banner-error" role="alert">
            <p>
              <strong>{t('settings.ffmpeg.problem')}</strong> {t(`errors.${ff.code}`, { defaultValue: t('errors.FFMPEG_MISSING') })}
            </p>
            <p className="small-inline">
              <code>{ff.message}</code>
            </p>
          </div>
        ))}

      {view && (
        <form className="ffmpeg-form" onSubmit={(e) => save(e)} noValidate>
          <Field
            label={t('settings.ffmpeg.customPath')}
            issue={issue}
            hint={canChange ? t('settings.ffmpeg.customPathHint') : t('settings.ffmpeg.cannotChange')}
            className="field-wide"
          >
            {(p) => (
              <input
                {...p}
                name="ffmpegPath"
                value={path}
                disabled={!canChange || busy}
                spellCheck={false}
                autoComplete="off"
                placeholder={t('settings.ffmpeg.customPathPlaceholder')}
                onChange={(e) => {
                  setPath(e.target.value);
                  setSaved(false);
                }}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!canChange || busy || path.trim() === view.ffmpegPath}>
              {t('settings.ffmpeg.use')}
            </button>
            {view.ffmpegPath && (
              <button type="button" disabled={!canChange || busy} onClick={(e) => save(e, '')}>
                {t('settings.ffmpeg.automatic')}
              </button>
            )}
            <span role="status" className="muted">
              {busy ? t('settings.ffmpeg.checking') : saved ? t('settings.ffmpeg.saved') : ''}
            </span>
          </div>
        </form>
      )}
    </section>
  );
}
