/**
 * The event's quotes on its page (QuoteCard each), and "Unduh lembar kutipan (DOCX)"
 * (`quotes.exportSheet`).
 */
import { useTranslation } from 'react-i18next';
import type { EventRecord } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { useArchiveSettings, useDirectory } from '../../lib/directory';
import { downloadExport } from '../../lib/download';
import { useAction } from '../../lib/useAction';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf } from '../../lib/router';
import { QuoteCard } from './QuoteCard';
import { useQuotes } from './useQuotes';

export function EventQuotes({ event }: { event: EventRecord }) {
  const { t } = useTranslation();
  const people = useDirectory();
  const settings = useArchiveSettings().value;
  const eventId = event.id;
  const { quotes, error, refresh } = useQuotes({ eventId });

  const sheet = useAction(async () => downloadExport(await api.call('quotes.exportSheet', { eventId, language: currentLanguage() })));

  return (
    <section id="section-quotes" className="card" aria-labelledby="event-quotes-title" tabIndex={-1}>
      <div className="card-head">
        <h2 id="event-quotes-title">{t('quotes.eventTitle')}</h2>
        <div className="form-actions">
          {quotes && quotes.length > 0 && (
            <a href={hrefOf({ name: 'quotes', filter: { eventId } })} className="small-inline">
              {t('quotes.inLibrary')}
            </a>
          )}
          <button type="button" disabled={sheet.busy || !quotes || quotes.length === 0} onClick={() => void sheet.run()}>
            {t('quotes.sheet')}
          </button>
        </div>
      </div>
      <ErrorBanner error={error} />
      <ErrorBanner error={sheet.error} onDismiss={() => sheet.setError(null)} />
      {quotes && quotes.length === 0 && <p className="muted">{t('quotes.eventNone')}</p>}
      {quotes && quotes.length > 0 && (
        <ul className="quote-list quote-list-compact">
          {quotes.map((q) => (
            <li key={q.id}>
              <QuoteCard quote={q} settings={settings} people={people} showEvent={false} onChanged={refresh} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
