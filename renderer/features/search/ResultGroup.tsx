/**
 * One event's group of search results: its title (a link to the event), date, type and how many
 * hits; its hits (each opening its place — playing a segment from its moment in the editor);
 * "Simpan sebagai kutipan" on a segment (or "already a quote" when one of that span exists); and
 * "show all" when the group lists only some of its hits.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatLongDate, formatNumber } from '../../../main/api/format';
import type { Quote } from '../../../main/api/schemas';
import type { SearchGroup, SearchHit } from '../../../main/api/search';
import { errorMessage } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf } from '../../lib/router';
import { HitMeta, hitHref, hitKey, Snippet } from './hits';

/** Saving a segment hit as a quote, by hit. */
export type SaveState = { state: 'saving' } | { state: 'saved' } | { state: 'error'; error: unknown };

/** A quote of the same span as a segment hit (the segment saved as a quote before). */
function quoteOf(hit: SearchHit, quotes: Quote[] | undefined): Quote | undefined {
  if (hit.kind !== 'segment' || hit.startSec === undefined || hit.endSec === undefined) return undefined;
  const { startSec, endSec } = hit;
  return quotes?.find((q) => q.recordingId === hit.recordingId && Math.abs(q.start - startSec) < 0.5 && Math.abs(q.end - endSec) < 0.5);
}

export function ResultGroup({
  group,
  quotes,
  saves,
  onSave,
  onExpand,
}: {
  group: SearchGroup;
  quotes: Quote[] | undefined;
  saves: Map<string, SaveState>;
  onSave: (hit: SearchHit) => void;
  onExpand: (eventId: string) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const headId = useId();
  return (
    <section className="result-group" aria-labelledby={headId} data-event-id={group.eventId}>
      <header className="result-group-head">
        <h2 id={headId}>
          <a href={hrefOf({ name: 'event', id: group.eventId })}>{group.title}</a>
        </h2>
        <p className="result-group-sub">
          <time dateTime={group.date}>{formatLongDate(group.date, lang)}</time>
          <span className={`type-badge type-${group.type}`}>{t(`event.types.${group.type}`)}</span>
          <span className="muted">{t('search.hits', { count: group.hitCount, n: formatNumber(group.hitCount, lang) })}</span>
        </p>
      </header>
      <ul className="hit-list">
        {group.hits.map((hit) => {
          const key = hitKey(hit);
          const save = saves.get(key);
          const kept = !save && quoteOf(hit, quotes);
          const timed = hit.kind !== 'event';
          return (
            <li key={key} className={`hit hit-${hit.kind}`}>
              <a className="hit-link" href={hitHref(hit)} title={timed ? t('search.playFrom', { time: formatClock(hit.startSec ?? 0) }) : t('search.openEvent')}>
                <HitMeta hit={hit} />
                <Snippet parts={hit.snippet} />
              </a>
              {hit.kind === 'segment' && hit.recordingId && (
                <div className="hit-actions">
                  {save?.state === 'saved' ? (
                    <p className="hit-saved" role="status">
                      {t('search.quoteSaved')} <a href={hrefOf({ name: 'quotes', filter: { eventId: hit.eventId } })}>{t('search.openLibrary')}</a>
                    </p>
                  ) : kept ? (
                    <p className="hit-saved hit-kept">
                      {t('search.alreadyQuote')} <a href={hrefOf({ name: 'quotes', filter: { eventId: hit.eventId } })}>{t('search.openLibrary')}</a>
                    </p>
                  ) : (
                    <button type="button" className="hit-save" disabled={save?.state === 'saving'} onClick={() => onSave(hit)}>
                      {save?.state === 'saving' ? t('search.savingQuote') : t('search.saveQuote')}
                    </button>
                  )}
                  {save?.state === 'error' && <SaveError error={save.error} />}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {group.hitCount > group.hits.length && (
        <button type="button" className="link-button result-group-more" onClick={() => onExpand(group.eventId)}>
          {t('search.showAll', { count: group.hitCount, n: formatNumber(group.hitCount, lang) })}
        </button>
      )}
    </section>
  );
}

function SaveError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <p className="field-error" role="alert">
      {errorMessage(t, error)}
    </p>
  );
}
