/**
 * The archive screen (`#/`): every event, newest first, filtered by words, type and year and
 * sorted — the filters live in the address (back and reload keep them) — with "Buat acara", the
 * archive's problems found when it was opened, and its folder.
 *
 * Owns: the filters and their address, the list (`events.list`, asked again on archive.changed,
 * answers to older filters dropped) and the empty and no-match states.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatLongDate } from '../../../main/api/format';
import {
  EVENT_SORTS,
  EventType,
  type EventList,
  type EventListInput,
} from '../../../main/api/schemas';
import { EventTypeSelect } from '../../components/EventTypeSelect';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { api } from '../../lib/api';
import { useCall } from '../../lib/useCall';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf, navigate, parseRoute, rememberArchiveHref } from '../../lib/router';
import { CreateEventDialog } from './CreateEventDialog';

type Sort = (typeof EVENT_SORTS)[number];

interface Filters {
  q: string;
  type: EventType | '';
  year: number | '';
  sort: Sort;
}

const NO_FILTERS: Filters = { q: '', type: '', year: '', sort: 'date-desc' };
const SEARCH_DELAY_MS = 250;

/** Filters live in the hash's query (`#/?q=mou&type=penandatanganan`): back and reload keep them. */
function filtersFromHash(hash: string): Filters {
  const query = new URLSearchParams(hash.split('?')[1] ?? '');
  const type = EventType.safeParse(query.get('type'));
  const year = Number(query.get('year'));
  const sort = query.get('sort');
  return {
    q: query.get('q') ?? '',
    type: type.success ? type.data : '',
    year: Number.isInteger(year) && year >= 1900 && year <= 2999 ? year : '',
    sort: (EVENT_SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'date-desc',
  };
}

function hashOf(f: Filters): string {
  const query = new URLSearchParams();
  if (f.q.trim()) query.set('q', f.q.trim());
  if (f.type) query.set('type', f.type);
  if (f.year) query.set('year', String(f.year));
  if (f.sort !== 'date-desc') query.set('sort', f.sort);
  const qs = query.toString();
  return qs ? `#/?${qs}` : '#/';
}

function isFiltered(f: Filters): boolean {
  return Boolean(f.q.trim() || f.type || f.year);
}

export function ArchiveHome() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>(() => filtersFromHash(location.hash));
  /** The words actually searched for (the box's text, once typing pauses). */
  const [query, setQuery] = useState(filters.q.trim());
  const [list, setList] = useState<EventList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [searching, setSearching] = useState(false);
  const latest = useRef(0);

  // Debounce the search box.
  useEffect(() => {
    const words = filters.q.trim();
    if (words === query) return;
    const timer = setTimeout(() => setQuery(words), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [filters.q, query]);

  // Mirror the filters in the address (without adding history entries while typing).
  useEffect(() => {
    if (parseRoute(location.hash).name !== 'archive') return; // on the way to another page
    const hash = hashOf({ ...filters, q: query });
    rememberArchiveHref(hash);
    if (location.hash !== hash && !(hash === '#/' && (location.hash === '' || location.hash === '#'))) {
      history.replaceState(null, '', hash);
    }
  }, [filters, query]);

  // The "Arsip" link (or back/forward) changes the hash: follow it.
  useEffect(() => {
    const onHash = () => {
      if (parseRoute(location.hash).name !== 'archive') return;
      const next = filtersFromHash(location.hash);
      setFilters(next);
      setQuery(next.q.trim());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const load = useCallback(async () => {
    const request = ++latest.current;
    const input: EventListInput = { sort: filters.sort };
    if (filters.type) input.type = filters.type;
    if (filters.year) input.year = filters.year;
    if (query) input.q = query;
    setSearching(true);
    try {
      const result = await api.call('events.list', input);
      if (request !== latest.current) return; // a newer request is on its way
      setList(result);
      setError(null);
    } catch (e) {
      if (request === latest.current) setError(e);
    } finally {
      if (request === latest.current) setSearching(false);
    }
  }, [filters.sort, filters.type, filters.year, query]);

  useEffect(() => {
    void load();
    return api.on('archive.changed', () => void load());
  }, [load]);

  const { data: info, error: infoError } = useCall('app.info', {});
  useEffect(() => {
    if (infoError) setError(infoError); // shown with the list's (a later list answer clears it)
  }, [infoError]);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const lang = currentLanguage();
  const filtered = isFiltered({ ...filters, q: query });
  const events = list?.events ?? null;
  // Years of the archive, plus the one chosen in a link even if it has no events any more.
  const years = list ? [...new Set([...list.years, ...(filters.year ? [filters.year] : [])])].sort((a, b) => b - a) : [];

  return (
    <section aria-labelledby="archive-title">
      <div className="page-head">
        <div>
          <h1 id="archive-title">{t('archive.title')}</h1>
          {list && list.total > 0 && (
            <p className="muted" role="status" aria-live="polite">
              {filtered
                ? t('archive.countFiltered', { count: list.events.length, total: list.total })
                : t('archive.count', { count: list.total })}
            </p>
          )}
        </div>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('archive.create')}
        </button>
      </div>

      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {info && info.problems.length > 0 && (
        <section className="banner banner-warn" role="alert" aria-labelledby="archive-problems">
          <h2 id="archive-problems">{t('archive.problemsTitle')}</h2>
          <p>{t('archive.problems')}</p>
          <ul>
            {info.problems.map((p) => (
              <li key={`${p.file}-${p.code}`}>{t(`archive.problem.${p.code}`, { file: p.file, detail: p.detail ?? '' })}</li>
            ))}
          </ul>
        </section>
      )}

      {list && list.total > 0 && (
        <form className="filters" role="search" aria-label={t('archive.filters.label')} onSubmit={(e) => e.preventDefault()}>
          <Field label={t('archive.filters.search')} className="field-grow">
            {(p) => (
              <input
                {...p}
                type="search"
                name="q"
                value={filters.q}
                maxLength={200}
                placeholder={t('archive.filters.searchPlaceholder')}
                onChange={(e) => set({ q: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') setQuery(filters.q.trim());
                }}
              />
            )}
          </Field>
          <Field label={t('archive.filters.type')}>
            {(p) => <EventTypeSelect {...p} anyLabel={t('archive.filters.allTypes')} value={filters.type} onChange={(type) => set({ type })} />}
          </Field>
          <Field label={t('archive.filters.year')}>
            {(p) => (
              <select {...p} name="year" value={filters.year} onChange={(e) => set({ year: e.target.value ? Number(e.target.value) : '' })}>
                <option value="">{t('archive.filters.allYears')}</option>
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('archive.filters.sort')}>
            {(p) => (
              <select {...p} name="sort" value={filters.sort} onChange={(e) => set({ sort: e.target.value as Sort })}>
                <option value="date-desc">{t('archive.sort.dateDesc')}</option>
                <option value="date-asc">{t('archive.sort.dateAsc')}</option>
                <option value="title">{t('archive.sort.title')}</option>
                <option value="updated">{t('archive.sort.updated')}</option>
              </select>
            )}
          </Field>
          {isFiltered(filters) && (
            <button type="button" className="filters-reset" onClick={() => setFilters({ ...NO_FILTERS, sort: filters.sort })}>
              {t('archive.filters.reset')}
            </button>
          )}
        </form>
      )}

      {events === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : list && list.total === 0 ? (
        <div className="empty-state">
          <h2>{t('archive.emptyTitle')}</h2>
          <p>{t('archive.emptyBody')}</p>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('archive.create')}
          </button>
        </div>
      ) : events.length === 0 ? (
        <div className="empty-state">
          <h2>{t('archive.noMatchTitle')}</h2>
          <p>{t('archive.noMatchBody')}</p>
          <button type="button" onClick={() => setFilters({ ...NO_FILTERS, sort: filters.sort })}>
            {t('archive.filters.reset')}
          </button>
        </div>
      ) : (
        <table className="event-table" aria-busy={searching || undefined}>
          <thead>
            <tr>
              <th scope="col">{t('archive.columns.date')}</th>
              <th scope="col">{t('archive.columns.title')}</th>
              <th scope="col">{t('archive.columns.type')}</th>
              <th scope="col">{t('archive.columns.recordings')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} data-event-id={e.id}>
                <td className="nowrap">
                  <time dateTime={e.date}>{formatLongDate(e.date, lang)}</time>
                  {e.time && <span className="muted cell-sub">{t('event.timeAt', { time: e.time })}</span>}
                </td>
                <td>
                  <a className="row-link" href={hrefOf({ name: 'event', id: e.id })}>
                    {e.title}
                  </a>
                  {(e.venue || e.partyCount > 0) && (
                    <span className="muted cell-sub">
                      {[e.venue, e.partyCount > 0 ? t('archive.parties', { count: e.partyCount }) : '']
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  )}
                </td>
                <td>
                  <span className={`type-badge type-${e.type}`}>{t(`event.types.${e.type}`)}</span>
                </td>
                <td className="nowrap">
                  {e.recordingCount > 0 ? (
                    <>
                      {t('archive.recordingCount', { count: e.recordingCount })}
                      <span className="muted cell-sub">{formatClock(e.totalDurationSec)}</span>
                    </>
                  ) : (
                    <span className="muted">{t('archive.noRecordings')}</span>
                  )}
                </td>
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
            navigate({ name: 'event', id: event.id });
          }}
        />
      )}
    </section>
  );
}
