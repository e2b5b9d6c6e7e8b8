/**
 * What the palette and the results page share about a hit: where it leads, how its snippet,
 * kind, time and speaker read, and the shortcut that opens the palette.
 */
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatNumber } from '../../../main/api/format';
import type { SearchHit, SearchResults, SnippetPart } from '../../../main/api/search';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf } from '../../lib/router';

/** A segment or quote plays from its moment in the editor; an event field opens the event. */
export function hitHref(hit: SearchHit): string {
  if ((hit.kind === 'segment' || hit.kind === 'quote') && hit.recordingId) {
    return hrefOf({ name: 'recording', eventId: hit.eventId, recordingId: hit.recordingId, t: hit.startSec ?? 0, play: true });
  }
  return hrefOf({ name: 'event', id: hit.eventId });
}

export function hitKey(hit: SearchHit): string {
  return [hit.eventId, hit.kind, hit.recordingId ?? '', hit.segmentId ?? hit.quoteId ?? hit.field ?? ''].join('|');
}

export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.userAgent);
}

/** "Ctrl+K", or "⌘K" on a Mac. */
export function shortcutLabel(): string {
  return isMac() ? '⌘K' : 'Ctrl+K';
}

/** A snippet's parts as text, the matched words in `<mark>` — never as HTML. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <span className="snippet">
      {parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}
    </span>
  );
}

/** The kind of a hit, its time in the recording and who said it: "Ucapan · 0:12 · Mashudi". */
export function HitMeta({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  const timed = hit.kind !== 'event' && hit.startSec !== undefined;
  return (
    <span className="hit-meta">
      <span className={`hit-kind hit-kind-${hit.kind}`}>
        {t(`search.kind.${hit.kind}`)}
        {hit.kind === 'event' && hit.field ? ` · ${t(`search.fields.${hit.field}`)}` : ''}
      </span>
      {timed && (
        <time className="hit-time" dateTime={`PT${Math.floor(hit.startSec ?? 0)}S`}>
          {formatClock(hit.startSec ?? 0)}
        </time>
      )}
      {hit.speaker && <span className="hit-speaker">{hit.speaker}</span>}
    </span>
  );
}

/** "5 hasil di 3 acara", or "sekitar 3.000 hasil di 20 acara" when the totals are lower bounds. */
export function useTotalLine(): (results: SearchResults) => string {
  const { t } = useTranslation();
  return (results) => {
    const lang = currentLanguage();
    const { hits, events, exact } = results.total;
    const args = {
      hits: t('search.hits', { count: hits, n: formatNumber(hits, lang) }),
      events: t('search.events', { count: events, n: formatNumber(events, lang) }),
    };
    return exact ? t('search.total', args) : t('search.totalAbout', args);
  };
}
