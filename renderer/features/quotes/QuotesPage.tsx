/**
 * The quote library (`#/quotes`): every quote of the archive, newest event first.
 *
 * Owns: the filters — speaker, event, date range, tag, "not yet checked" — kept in the address (so
 * a link from an event or a person opens it filtered), and the choices they offer.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShortDate } from '../../../main/api/format';
import type { EventSummary } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useArchiveSettings, useDirectory } from '../../lib/directory';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf, type QuoteFilterQuery } from '../../lib/router';
import { useCall } from '../../lib/useCall';
import { QuoteCard } from './QuoteCard';
import { useQuotes } from './useQuotes';

const NO_EVENTS: EventSummary[] = [];

export function QuotesPage({ filter: initial }: { filter: QuoteFilterQuery }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [filter, setFilter] = useState<QuoteFilterQuery>(initial);
  const people = useDirectory();
  const settings = useArchiveSettings().value;
  const ids = useId();

  // The address follows the filters (and a link to this page with other filters resets them).
  useEffect(() => setFilter(initial), [initial]);
  useEffect(() => {
    const hash = hrefOf({ name: 'quotes', filter });
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }, [filter]);

  // The events to filter by (without them the filter just lists none: no error to show).
  const events = useCall('events.list', { sort: 'date-desc' }).data?.events ?? NO_EVENTS;
  const { quotes, error, refresh } = useQuotes({
    ...(filter.eventId ? { eventId: filter.eventId } : {}),
    ...(filter.speakerId ? { speakerId: filter.speakerId } : {}),
    ...(filter.speaker ? { speaker: filter.speaker } : {}),
    ...(filter.tag?.trim() ? { tag: filter.tag.trim() } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
    ...(filter.unchecked ? { checked: false } : {}),
  });
  // Every quote, whatever the filters: the speaker and tag choices, the unchecked count.
  const everything = useQuotes({}).quotes;
  const all = useMemo(() => everything ?? [], [everything]);
  const set = (patch: Partial<QuoteFilterQuery>) => {
    const next: QuoteFilterQuery = { ...filter, ...patch };
    for (const k of Object.keys(next) as (keyof QuoteFilterQuery)[]) if (next[k] === undefined || next[k] === '' || next[k] === false) delete next[k];
    setFilter(next);
  };

  // Speakers to filter by: the directory's people, and names of quotes not linked to anyone.
  const otherNames = useMemo(() => {
    const names = new Set<string>();
    for (const q of all) if (!q.speakerId && q.speakerName) names.add(q.speakerName);
    return [...names].sort((a, b) => a.localeCompare(b, 'id'));
  }, [all]);
  const tags = useMemo(() => [...new Set(all.flatMap((q) => q.tags))].sort((a, b) => a.localeCompare(b, 'id')), [all]);
  const speakerValue = filter.speakerId ? `id:${filter.speakerId}` : filter.speaker ? `name:${filter.speaker}` : '';
  const filtered = Object.keys(filter).length > 0;
  const uncheckedCount = all.filter((q) => !q.checked).length;

  return (
    <section className="quotes-page" aria-labelledby="quotes-title">
      <div className="page-head">
        <div>
          <h1 id="quotes-title">{t('quotes.title')}</h1>
          <p className="muted">{t('quotes.intro')}</p>
        </div>
        {settings && (
          <p className="muted small-inline quotes-form-note">
            {t('quotes.attributionForm', { verb: settings.attributionVerb })}{' '}
            <a href={hrefOf({ name: 'settings', section: 'archive' })}>{t('quotes.changeForm')}</a>
          </p>
        )}
      </div>

      <form className="filters" role="search" aria-label={t('quotes.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${ids}-speaker`}>{t('quotes.filterSpeaker')}</label>
          <select
            id={`${ids}-speaker`}
            name="speaker"
            value={speakerValue}
            onChange={(e) => {
              const v = e.target.value;
              set({ speakerId: v.startsWith('id:') ? v.slice(3) : undefined, speaker: v.startsWith('name:') ? v.slice(5) : undefined });
            }}
          >
            <option value="">{t('quotes.allSpeakers')}</option>
            {(people ?? []).map((p) => (
              <option key={p.id} value={`id:${p.id}`}>
                {p.name}
              </option>
            ))}
            {otherNames.length > 0 && (
              <optgroup label={t('quotes.otherNames')}>
                {otherNames.map((n) => (
                  <option key={n} value={`name:${n}`}>
                    {n}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor={`${ids}-event`}>{t('quotes.filterEvent')}</label>
          <select id={`${ids}-event`} name="event" value={filter.eventId ?? ''} onChange={(e) => set({ eventId: e.target.value || undefined })}>
            <option value="">{t('quotes.allEvents')}</option>
            {events.map((ev) => (
              <option key={ev.id} value={ev.id}>
                {formatShortDate(ev.date, lang)} — {ev.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t('quotes.from')}</label>
          <input id={`${ids}-from`} type="date" name="from" value={filter.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('quotes.to')}</label>
          <input id={`${ids}-to`} type="date" name="to" value={filter.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-tag`}>{t('quotes.filterTag')}</label>
          <input
            id={`${ids}-tag`}
            name="tag"
            list="quote-tags"
            value={filter.tag ?? ''}
            placeholder={t('quotes.anyTag')}
            onChange={(e) => set({ tag: e.target.value || undefined })}
          />
          <datalist id="quote-tags">
            {tags.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </div>
        <label className="check filters-check">
          <input type="checkbox" name="unchecked" checked={!!filter.unchecked} onChange={(e) => set({ unchecked: e.target.checked || undefined })} />
          <span>{t('quotes.onlyUnchecked', { count: uncheckedCount })}</span>
        </label>
        {filtered && (
          <button type="button" className="link-button filters-reset" onClick={() => setFilter({})}>
            {t('quotes.reset')}
          </button>
        )}
      </form>

      <ErrorBanner error={error} />
      {quotes === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : quotes.length === 0 ? (
        <div className="empty-state">
          <h2>{filtered ? t('quotes.noneFiltered') : t('quotes.none')}</h2>
          <p>{filtered ? t('quotes.noneFilteredBody') : t('quotes.noneBody')}</p>
        </div>
      ) : (
        <>
          <p className="muted quotes-count" role="status">
            {t('quotes.count', { count: quotes.length })}
          </p>
          <ul className="quote-list">
            {quotes.map((q) => (
              <li key={q.id}>
                <QuoteCard quote={q} settings={settings} people={people} onChanged={refresh} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
