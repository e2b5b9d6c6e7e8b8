import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, EventSummary } from '../../../main/api/schemas';
import { formatLongDate } from '../../../main/api/format';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { currentLanguage } from '../../lib/i18n';
import { CreateEventDialog } from './CreateEventDialog';

export function ArchiveHome() {
  const { t } = useTranslation();
  const [events, setEvents] = useState<EventSummary[] | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, appInfo] = await Promise.all([api.call('events.list', {}), api.call('app.info', {})]);
      setEvents(list);
      setInfo(appInfo);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void load();
    return api.on('archive.changed', () => void load());
  }, [load]);

  const lang = currentLanguage();
  return (
    <section aria-labelledby="archive-title">
      <div className="page-head">
        <div>
          <h1 id="archive-title">{t('archive.title')}</h1>
          {events && <p className="muted">{t('archive.count', { count: events.length })}</p>}
        </div>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('archive.create')}
        </button>
      </div>

      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {notice && (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      )}
      {info && info.problems.length > 0 && (
        <div className="banner banner-warn" role="alert">
          <p>{t('archive.problems')}</p>
          <ul>
            {info.problems.map((p) => (
              <li key={`${p.file}-${p.code}`}>{t(`archive.problem.${p.code}`, { file: p.file })}</li>
            ))}
          </ul>
        </div>
      )}

      {events === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : events.length === 0 ? (
        <div className="empty-state">
          <h2>{t('archive.emptyTitle')}</h2>
          <p>{t('archive.emptyBody')}</p>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('archive.create')}
          </button>
        </div>
      ) : (
        <table className="event-table">
          <thead>
            <tr>
              <th scope="col">{t('archive.columns.date')}</th>
              <th scope="col">{t('archive.columns.title')}</th>
              <th scope="col">{t('archive.columns.type')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} data-event-id={e.id}>
                <td className="nowrap">
                  <time dateTime={e.date}>{formatLongDate(e.date, lang)}</time>
                </td>
                <td>{e.title}</td>
                <td>{t(`event.types.${e.type}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {info && <p className="muted small">{t('archive.folder', { dir: info.archiveDir })}</p>}

      {creating && (
        <CreateEventDialog
          onClose={() => setCreating(false)}
          onCreated={(event) => {
            setCreating(false);
            setNotice(t('event.created', { title: event.title }));
            void load();
          }}
        />
      )}
    </section>
  );
}
