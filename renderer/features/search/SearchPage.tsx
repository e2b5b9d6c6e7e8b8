/**
 * The search results page (`#/search?q=…&speaker=…&type=…&from=…&to=…&affixes=1`): every word
 * said at every event, quotes and event details, grouped by event. Filters live in the address.
 * A hit plays from its moment in the editor (or opens its event); a segment can be kept as a quote
 * on the spot. Results follow the typing; Enter searches the words as typed (the last word no
 * longer a prefix).
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Quote } from '../../../main/api/schemas';
import type { SearchHit } from '../../../main/api/search';
import { EventTypeSelect } from '../../components/EventTypeSelect';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { useDirectory } from '../../lib/directory';
import { hrefOf, type SearchQuery } from '../../lib/router';
import { hitKey, shortcutLabel, useTotalLine } from './hits';
import { ResultGroup, type SaveState } from './ResultGroup';
import { EXAMPLES, SearchIcon } from './SearchPalette';
import { useSearch, type SearchInput } from './useSearch';

const TYPING_DELAY_MS = 200;
const SPEAKER_DELAY_MS = 400;
const PAGE_EVENTS = 20;
/** Letters the last word needs before it is tried as a prefix (as the index does while typing). */
const PREFIX_MIN = 4;

function sameInput(a: SearchInput | null, b: SearchInput | null): boolean {
  return !!a && !!b && JSON.stringify(a) === JSON.stringify(b);
}


function filtersOf(s: SearchQuery): boolean {
  return Boolean(s.speaker?.trim() || s.type || s.from || s.to);
}

export function SearchPage({ query: initial }: { query: SearchQuery }) {
  const { t } = useTranslation();
  const ids = useId();
  const people = useDirectory();
  const totalLine = useTotalLine();
  /** What is searched (mirrored in the address). */
  const [params, setParams] = useState<SearchQuery>(initial);
  /** The query box and the speaker box, as typed. */
  const [text, setText] = useState(initial.q);
  const [speaker, setSpeaker] = useState(initial.speaker ?? '');
  /** Searching as the user types: the last word counts as a prefix. */
  const [live, setLive] = useState(false);
  const [saves, setSaves] = useState<Map<string, SaveState>>(new Map());
  const box = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);

  // A link to this page (the palette's Enter, back/forward) sets everything afresh.
  useEffect(() => {
    setParams(initial);
    setText(initial.q);
    setSpeaker(initial.speaker ?? '');
    setLive(false);
  }, [initial]);

  // The address follows what is searched (without a history entry per keystroke).
  useEffect(() => {
    const hash = hrefOf({ name: 'search', query: params });
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }, [params]);

  // Results follow the typing once it pauses.
  useEffect(() => {
    if (text === params.q) return;
    const timer = setTimeout(() => {
      setParams((p) => ({ ...p, q: text }));
      setLive(true);
    }, TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, params.q]);
  useEffect(() => {
    if (speaker.trim() === (params.speaker ?? '')) return;
    const timer = setTimeout(() => setParams((p) => withSpeaker(p, speaker)), SPEAKER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [speaker, params.speaker]);

  const set = (patch: Partial<SearchQuery>) => {
    const next: SearchQuery = { ...withSpeaker(params, speaker), q: text, ...patch };
    for (const k of ['speaker', 'type', 'from', 'to', 'affixes'] as const) if (!next[k]) delete next[k];
    setParams(next);
    setLive(false);
  };
  const clearFilters = () => {
    setSpeaker('');
    set({ speaker: undefined, type: undefined, from: undefined, to: undefined });
  };

  const q = params.q.trim();
  const asked = q !== '' || !!params.speaker;
  const input = useMemo<SearchInput | null>(
    () =>
      asked
        ? {
            q,
            ...(params.speaker ? { speaker: params.speaker } : {}),
            ...(params.type ? { type: params.type } : {}),
            ...(params.from ? { from: params.from } : {}),
            ...(params.to ? { to: params.to } : {}),
            ...(params.affixes ? { affixes: true } : {}),
            prefixLast: live,
            limit: PAGE_EVENTS,
          }
        : null,
    [asked, q, params.speaker, params.type, params.from, params.to, params.affixes, live],
  );
  const exact = useSearch(input, 0);
  // Nothing for the words as submitted, the last one perhaps unfinished ("nota kesepa", as the
  // palette showed it): try it as the start of a word, and say so.
  const lastWord = /(\p{L}[\p{L}\p{N}]*)$/u.exec(q)?.[1] ?? '';
  const retry =
    input && !input.prefixLast && lastWord.length >= PREFIX_MIN && sameInput(exact.answered, input) && exact.results?.groups.length === 0 && !exact.busy
      ? { ...input, prefixLast: true }
      : null;
  const asPrefix = useSearch(retry, 0);
  const prefixed = !!retry && !!asPrefix.results?.groups.length && sameInput(asPrefix.answered, retry);
  const retrying = !!retry && !asPrefix.error && (asPrefix.busy || !sameInput(asPrefix.answered, retry));
  const search = prefixed ? asPrefix : exact;
  const results = input ? search.results : null;
  const filtered = filtersOf(params);

  // The quotes of the events listed, to show a segment already kept as a quote as such (and not
  // save it twice). Fetched per event, again when its quotes change.
  const [quotes, setQuotes] = useState<Map<string, Quote[]>>(new Map());
  const quotesAsked = useRef(new Set<string>());
  const loadQuotes = useCallback((eventId: string) => {
    quotesAsked.current.add(eventId);
    api.call('quotes.list', { eventId }).then(
      (list) => setQuotes((m) => new Map(m).set(eventId, list)),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    for (const g of results?.groups ?? []) {
      if (!quotesAsked.current.has(g.eventId) && g.hits.some((h) => h.kind === 'segment')) loadQuotes(g.eventId);
    }
  }, [results, loadQuotes]);
  useEffect(
    () =>
      api.on('quotes.changed', ({ eventId }) => {
        if (quotesAsked.current.has(eventId)) loadQuotes(eventId);
      }),
    [loadQuotes],
  );

  const saveQuote = async (hit: SearchHit) => {
    if (!hit.recordingId || hit.startSec === undefined || hit.endSec === undefined) return;
    const key = hitKey(hit);
    const put = (s: SaveState) => setSaves((m) => new Map(m).set(key, s));
    put({ state: 'saving' });
    try {
      await api.call('quotes.add', { eventId: hit.eventId, recordingId: hit.recordingId, start: hit.startSec, end: hit.endSec });
      put({ state: 'saved' });
    } catch (error) {
      put({ state: 'error', error });
    }
  };

  // ↑/↓ move between the query box and the hits; Enter (on a hit: a link) opens it.
  const onArrows = (e: ReactKeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const target = e.target as HTMLElement;
    const links = [...(list.current?.querySelectorAll<HTMLAnchorElement>('a.hit-link') ?? [])];
    const stops: HTMLElement[] = [...(box.current ? [box.current] : []), ...links];
    const at = stops.indexOf(target.closest('a.hit-link') ?? target);
    if (at < 0) return;
    const next = stops[e.key === 'ArrowDown' ? Math.min(at + 1, stops.length - 1) : Math.max(at - 1, 0)];
    if (next && next !== target) {
      e.preventDefault();
      next.focus();
      if (next !== box.current) next.scrollIntoView({ block: 'nearest' });
    }
  };

  return (
    <section className="search-page" aria-labelledby={`${ids}-title`} onKeyDown={onArrows}>
      <div className="page-head">
        <div>
          <h1 id={`${ids}-title`}>{t('search.title')}</h1>
          <p className="muted">{t('search.intro')}</p>
        </div>
      </div>

      <form
        className="search-form"
        role="search"
        aria-label={t('search.title')}
        onSubmit={(e) => {
          e.preventDefault();
          set({});
        }}
      >
        <div className="search-box">
          <label htmlFor={`${ids}-q`} className="visually-hidden">
            {t('search.query')}
          </label>
          <SearchIcon />
          <input
            ref={box}
            id={`${ids}-q`}
            type="search"
            name="q"
            value={text}
            maxLength={500}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('search.queryPlaceholder')}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="primary">
            {t('search.submit')}
          </button>
        </div>
        <div className="affix-option">
          <label className="check">
            <input type="checkbox" name="affixes" checked={!!params.affixes} aria-describedby={`${ids}-affix-hint`} onChange={(e) => set({ affixes: e.target.checked || undefined })} />
            <span>{t('search.filters.affixes')}</span>
          </label>
          <small id={`${ids}-affix-hint`} className="muted">
            {t('search.filters.affixesHint')}
          </small>
        </div>
        <div className="filters search-filters">
          <div className="field">
            <label htmlFor={`${ids}-speaker`}>{t('search.filters.speaker')}</label>
            <input
              id={`${ids}-speaker`}
              name="speaker"
              list={`${ids}-people`}
              value={speaker}
              maxLength={120}
              autoComplete="off"
              placeholder={t('search.filters.anySpeaker')}
              onChange={(e) => setSpeaker(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') setParams((p) => withSpeaker(p, speaker));
              }}
            />
            <datalist id={`${ids}-people`}>
              {(people ?? []).map((p) => (
                <option key={p.id} value={p.name}>
                  {p.title || p.org}
                </option>
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-type`}>{t('search.filters.type')}</label>
            <EventTypeSelect id={`${ids}-type`} anyLabel={t('search.filters.allTypes')} value={params.type ?? ''} onChange={(type) => set({ type: type || undefined })} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-from`}>{t('search.filters.from')}</label>
            <input id={`${ids}-from`} type="date" name="from" value={params.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-to`}>{t('search.filters.to')}</label>
            <input id={`${ids}-to`} type="date" name="to" value={params.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
          </div>
          {filtered && (
            <button type="button" className="link-button filters-reset" onClick={clearFilters}>
              {t('search.filters.reset')}
            </button>
          )}
        </div>
      </form>

      <ErrorBanner error={search.error} />

      {results?.indexing && (
        <div className="banner banner-warn search-indexing" role="status">
          {search.index && search.index.total > 0 ? t('search.indexing', { done: search.index.done, total: search.index.total }) : t('search.indexingShort')}
        </div>
      )}

      {!asked ? (
        <EmptyHelp
          onExample={(ex) => {
            setText(ex);
            setParams((p) => ({ ...p, q: ex }));
            setLive(false);
          }}
        />
      ) : !results ? (
        <p className="muted" role="status">
          {search.error ? '' : t('search.searching')}
        </p>
      ) : results.groups.length === 0 ? (
        search.busy || retrying ? (
          <p className="muted" role="status">
            {t('search.searching')}
          </p>
        ) : (
          <NoResults
            query={search.answered?.q ?? q}
            affixes={!!params.affixes}
            filtered={filtered}
            indexing={results.indexing}
            onAffixes={() => set({ affixes: true })}
            onClearFilters={clearFilters}
          />
        )
      ) : (
        <div ref={list} className="search-results" aria-busy={search.busy || undefined}>
          <div className="search-summary">
            <p className="search-total" role="status">
              {totalLine(results)}
              {results.ranking === 'date' && <span className="muted"> · {t('search.byDate')}</span>}
            </p>
            {prefixed && <p className="search-prefixed">{t('search.asPrefix', { word: lastWord })}</p>}
            {results.ignored.length > 0 && <p className="muted search-ignored">{t('search.ignored', { words: results.ignored.join(', ') })}</p>}
          </div>
          {results.groups.map((group) => (
            <ResultGroup
              key={group.eventId}
              group={group}
              quotes={quotes.get(group.eventId)}
              saves={saves}
              onSave={saveQuote}
              onExpand={(id) => void search.expandGroup(id)}
            />
          ))}
          {results.more && (
            <div className="load-more">
              <button type="button" onClick={search.loadMore} disabled={search.loadingMore}>
                {search.loadingMore ? t('search.loadingMore') : t('search.loadMore')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function withSpeaker(p: SearchQuery, speaker: string): SearchQuery {
  const next = { ...p };
  if (speaker.trim()) next.speaker = speaker.trim();
  else delete next.speaker;
  return next;
}

function EmptyHelp({ onExample }: { onExample: (example: string) => void }) {
  const { t } = useTranslation();
  const examples: [string, string][] = [
    [EXAMPLES[0], t('search.help.phrase')],
    [EXAMPLES[1], t('search.help.acronym')],
    [EXAMPLES[2], t('search.help.prefix')],
  ];
  return (
    <div className="empty-state search-help">
      <h2>{t('search.help.title')}</h2>
      <p>{t('search.help.body')}</p>
      <ul className="search-examples">
        {examples.map(([ex, what]) => (
          <li key={ex}>
            <button type="button" className="example-chip" onClick={() => onExample(ex)}>
              {ex}
            </button>
            <span>{what}</span>
          </li>
        ))}
      </ul>
      <p className="search-help-keys">{t('search.help.shortcut', { key: shortcutLabel() })}</p>
    </div>
  );
}

function NoResults({
  query,
  affixes,
  filtered,
  indexing,
  onAffixes,
  onClearFilters,
}: {
  query: string;
  affixes: boolean;
  filtered: boolean;
  indexing: boolean;
  onAffixes: () => void;
  onClearFilters: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="empty-state search-none" role="status">
      <h2>{query ? t('search.none.title', { query }) : t('search.none.titleNoQuery')}</h2>
      <ul className="search-suggestions">
        {!affixes && (
          <li>
            {t('search.none.affixes')}{' '}
            <button type="button" className="link-button" onClick={onAffixes}>
              {t('search.none.affixesOn')}
            </button>
          </li>
        )}
        <li>{t('search.none.spelling')}</li>
        {filtered && (
          <li>
            {t('search.none.filters')}{' '}
            <button type="button" className="link-button" onClick={onClearFilters}>
              {t('search.filters.reset')}
            </button>
          </li>
        )}
        {indexing && <li>{t('search.indexingShort')}</li>}
      </ul>
    </div>
  );
}
