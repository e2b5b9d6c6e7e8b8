/**
 * Search, always at hand: the field in the top bar and Ctrl+K (⌘K on a Mac) from anywhere open
 * a palette — a dialog with the query box (a combobox) and the top results as a list box, grouped
 * by event. Results follow the typing (150 ms after the last key); ↑/↓ choose a hit and Enter
 * plays it in the editor; Enter without a chosen hit opens the full results page.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatShortDate } from '../../../main/api/format';
import type { SearchGroup, SearchHit } from '../../../main/api/search';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf } from '../../lib/router';
import { HitMeta, hitHref, hitKey, isMac, shortcutLabel, Snippet, useTotalLine } from './hits';
import { useSearch, type SearchInput } from './useSearch';

const TYPING_DELAY_MS = 150;
const REFRESH_EVERY_MS = 30_000;
/** Events and hits per event shown in the palette. */
const PALETTE_EVENTS = 6;
const PALETTE_HITS = 2;
export const EXAMPLES = ['"warga binaan"', 'Ditjenpas', 'pemasya*'] as const;

function isShortcut(e: KeyboardEvent): boolean {
  if (e.altKey || e.shiftKey) return false;
  if (e.code !== 'KeyK' && e.key.toLowerCase() !== 'k') return false;
  return e.ctrlKey || (e.metaKey && isMac());
}

/** The top bar's search field, the global shortcut, and the palette they open. */
export function SearchLauncher() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [seed, setSeed] = useState('');
  /** The seed is the key just typed on the top bar's field: go on typing after it, not over it. */
  const [typed, setTyped] = useState(false);
  /** Bumped by Ctrl+K while the palette is open: focus and select its box again. */
  const [refocus, setRefocus] = useState(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isShortcut(e)) return;
      // Another dialog (a confirmation, a form) has the user's attention.
      if (document.querySelector('dialog[open]:not(.palette)')) return;
      e.preventDefault();
      e.stopPropagation();
      setTyped(false);
      setOpen(true);
      setRefocus((n) => n + 1);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // Files may have been changed by hand (or synced) while the window was in the background: the
  // index catches up when the user comes back (cheap; at most every half minute).
  useEffect(() => {
    let last = Date.now();
    const onFocus = () => {
      if (Date.now() - last < REFRESH_EVERY_MS) return;
      last = Date.now();
      api.call('search.refresh', {}).catch(() => undefined);
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, []);

  const onClose = useCallback((text: string) => {
    setSeed(text);
    setOpen(false);
  }, []);

  return (
    <>
      <button
        type="button"
        className="topbar-search"
        aria-label={t('search.open')}
        aria-haspopup="dialog"
        aria-keyshortcuts={isMac() ? 'Meta+K Control+K' : 'Control+K'}
        title={t('search.openHint', { key: shortcutLabel() })}
        onClick={() => {
          setTyped(false);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          // Typing on the field starts the search with that letter.
          if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ') {
            e.preventDefault();
            setSeed(e.key);
            setTyped(true);
            setOpen(true);
          }
        }}
      >
        <SearchIcon />
        <span className="topbar-search-text">{t('search.trigger')}</span>
        <kbd>{shortcutLabel()}</kbd>
      </button>
      {open && <SearchPalette initialText={seed} selectText={!typed} refocus={refocus} onClose={onClose} />}
    </>
  );
}

export function SearchIcon() {
  return (
    <svg className="search-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
      <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M12.6 12.6 17 17" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

interface Option {
  id: string;
  hit?: SearchHit;
  group?: SearchGroup;
}

function SearchPalette({
  initialText,
  selectText,
  refocus,
  onClose,
}: {
  initialText: string;
  /** Select the text (to type over it), or put the caret after it. */
  selectText: boolean;
  refocus: number;
  onClose: (text: string) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const box = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(initialText);
  const [active, setActive] = useState(-1);
  const textRef = useRef(text);
  textRef.current = text;
  const totalLine = useTotalLine();

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const selectRef = useRef(selectText);
  selectRef.current = selectText;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.focus();
    if (selectRef.current) el.select();
    else el.setSelectionRange(el.value.length, el.value.length);
  }, [refocus]);

  const q = text.trim();
  const input = useMemo<SearchInput | null>(() => (q ? { q, limit: PALETTE_EVENTS, hitsPerEvent: PALETTE_HITS } : null), [q]);
  const search = useSearch(input, TYPING_DELAY_MS);
  const results = input ? search.results : null;

  const options = useMemo<Option[]>(() => {
    if (!results) return [];
    const out: Option[] = [];
    for (const group of results.groups) for (const hit of group.hits) out.push({ id: `${ids}-o${out.length}`, hit, group });
    if (results.groups.length > 0) out.push({ id: `${ids}-all` });
    return out;
  }, [results, ids]);

  // New results: nothing chosen (Enter opens the results page) until ↑/↓.
  useEffect(() => setActive(-1), [results]);
  useEffect(() => {
    if (active >= 0) document.getElementById(options[active]?.id ?? '')?.scrollIntoView({ block: 'nearest' });
  }, [active, options]);

  const close = () => dialog.current?.close();
  const go = (href: string) => {
    close();
    location.hash = href;
    // The user went somewhere: continue from the new page's content, not from the top bar.
    document.getElementById('main')?.focus({ preventScroll: true });
  };
  const openAll = () => {
    if (q) go(hrefOf({ name: 'search', query: { q } }));
  };
  const choose = (o: Option | undefined) => {
    if (!o) return;
    if (o.hit) go(hitHref(o.hit));
    else openAll();
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (options.length) setActive((a) => (a + 1 >= options.length ? 0 : a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (options.length) setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
    } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (active >= 0) choose(options[active]);
      else openAll();
    }
  };

  const listId = `${ids}-list`;
  const showList = options.length > 0;
  const none = !!results && results.groups.length === 0 && !search.busy;
  const answered = search.answered?.q ?? q;
  let optionIndex = 0;

  return (
    <dialog
      ref={dialog}
      className="palette"
      aria-label={t('search.palette.label')}
      onClose={() => onClose(textRef.current)}
      onClick={(e) => {
        if (e.target === dialog.current) close(); // the backdrop
      }}
    >
      <div className="palette-body">
        <div className="palette-head">
          <SearchIcon />
          <input
            ref={box}
            className="palette-input"
            type="text"
            role="combobox"
            aria-label={t('search.palette.label')}
            aria-expanded={showList}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={active >= 0 ? options[active]?.id : undefined}
            aria-describedby={`${ids}-keys`}
            autoComplete="off"
            spellCheck={false}
            maxLength={500}
            placeholder={t('search.palette.placeholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
          />
          {search.busy && <span className="palette-busy" aria-hidden="true" />}
          <button type="button" className="palette-close" aria-label={t('search.palette.close')} onClick={close}>
            <kbd>Esc</kbd>
          </button>
        </div>

        <div className="palette-scroll">
          {!q && (
            <div className="palette-intro">
              <p>{t('search.palette.intro')}</p>
              <p className="palette-examples">
                <span className="muted">{t('search.examples')}</span>
                {EXAMPLES.map((ex) => (
                  <button
                    key={ex}
                    type="button"
                    className="example-chip"
                    onClick={() => {
                      setText(ex);
                      box.current?.focus();
                    }}
                  >
                    {ex}
                  </button>
                ))}
              </p>
            </div>
          )}
          {search.error != null && q && (
            <p className="palette-note palette-error" role="alert">
              {errorMessage(t, search.error)}
            </p>
          )}
          {results?.indexing && (
            <p className="palette-note">
              {search.index && search.index.total > 0
                ? t('search.indexing', { done: search.index.done, total: search.index.total })
                : t('search.indexingShort')}
            </p>
          )}
          {none && (
            <div className="palette-none">
              <p>
                <strong>{t('search.none.title', { query: answered })}</strong>
              </p>
              <p className="muted">{t('search.palette.noneHint')}</p>
            </div>
          )}
          <div id={listId} role="listbox" aria-label={t('search.palette.results')} className="palette-list" aria-busy={search.busy || undefined} hidden={!showList}>
            {results?.groups.map((group) => {
              const headId = `${ids}-g-${group.eventId}`;
              return (
                <div role="group" aria-labelledby={headId} key={group.eventId} className="palette-group">
                  <div id={headId} className="palette-group-head">
                    <span className="palette-group-title">{group.title}</span>
                    <span className="muted palette-group-sub">
                      {formatShortDate(group.date, lang)} · {t(`event.types.${group.type}`)} ·{' '}
                      {t('search.hits', { count: group.hitCount, n: formatNumber(group.hitCount, lang) })}
                    </span>
                  </div>
                  {group.hits.map((hit) => {
                    const i = optionIndex++;
                    const o = options[i];
                    return (
                      <div
                        key={hitKey(hit)}
                        id={o?.id}
                        role="option"
                        aria-selected={active === i}
                        className="palette-option"
                        onMouseMove={() => active !== i && setActive(i)}
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => choose(o)}
                      >
                        <HitMeta hit={hit} />
                        <Snippet parts={hit.snippet} />
                      </div>
                    );
                  })}
                </div>
              );
            })}
            {showList && results && (
              <div
                id={options[options.length - 1]?.id}
                role="option"
                aria-selected={active === options.length - 1}
                className="palette-option palette-all"
                onMouseMove={() => active !== options.length - 1 && setActive(options.length - 1)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={openAll}
              >
                <span>{t('search.palette.seeAll', { query: q })}</span>
                <span className="muted">{totalLine(results)}</span>
              </div>
            )}
          </div>
        </div>

        <div className="palette-foot" id={`${ids}-keys`}>
          <span>
            <kbd>↑</kbd> <kbd>↓</kbd> {t('search.palette.keyMove')}
          </span>
          <span>
            <kbd>Enter</kbd> {t('search.palette.keyOpen')}
          </span>
          <span>
            <kbd>Esc</kbd> {t('search.palette.keyClose')}
          </span>
        </div>
        <span className="visually-hidden" role="status" aria-live="polite">
          {results && !search.busy ? (results.groups.length ? totalLine(results) : t('search.none.title', { query: answered })) : ''}
        </span>
      </div>
    </dialog>
  );
}
