/**
 * Asking the host's search index (`search.query`) from a screen: as the user types (debounced),
 * answers to older questions ignored, paging ("muat lebih banyak"), and — while the index is
 * still being built — watching `search.status` and asking again once it is ready.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallInput } from '../../../main/api/contract';
import type { IndexStatus, SearchGroup, SearchResults } from '../../../main/api/search';
import { api } from '../../lib/api';
import { useCall } from '../../lib/useCall';

export type SearchInput = CallInput<'search.query'>;

export interface SearchState {
  /** The last answer (kept while a newer question is on its way). */
  results: SearchResults | null;
  /** The input the results answer. */
  answered: SearchInput | null;
  error: unknown;
  /** A question is on its way (or waiting for the user to stop typing). */
  busy: boolean;
  loadingMore: boolean;
  /** While results say `indexing`: how far the build is. */
  index: IndexStatus | null;
  loadMore: () => void;
  /** All the hits of one event (replacing the few listed). */
  expandGroup: (eventId: string, hitsPerEvent?: number) => Promise<void>;
}

const POLL_MS = 700;

/**
 * Search for `input` (null: nothing to search, results cleared) after `delayMs` without a newer
 * input. The input is compared by value, so a new object with the same fields asks nothing.
 */
export function useSearch(input: SearchInput | null, delayMs: number): SearchState {
  const [results, setResults] = useState<SearchResults | null>(null);
  const [answered, setAnswered] = useState<SearchInput | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  /** Asked again (the index became ready). */
  const [round, setRound] = useState(0);
  const request = useRef(0);
  const key = input ? JSON.stringify(input) : '';
  const inputRef = useRef(input);
  inputRef.current = input;
  const resultsRef = useRef(results);
  resultsRef.current = results;

  useEffect(() => {
    const mine = ++request.current;
    const asked = inputRef.current;
    setLoadingMore(false);
    if (!asked) {
      setResults(null);
      setAnswered(null);
      setError(null);
      setBusy(false);
      return;
    }
    setBusy(true);
    const timer = setTimeout(() => {
      api.call('search.query', asked).then(
        (r) => {
          if (mine !== request.current) return; // a newer question was asked meanwhile
          setResults(r);
          setAnswered(asked);
          setError(null);
          setBusy(false);
        },
        (e: unknown) => {
          if (mine !== request.current) return;
          setError(e);
          setBusy(false);
        },
      );
    }, delayMs);
    return () => clearTimeout(timer);
    // `key` stands for the input's value; `delayMs` only matters when the input changes.
  }, [key, round]);

  // The index is being built: say how far (polling its status), and ask again when it is ready.
  const indexing = !!results?.indexing;
  const index = useCall('search.status', {}, { skip: !indexing, pollMs: POLL_MS }).data;
  useEffect(() => {
    if (index?.state === 'ready' || index?.state === 'closed') setRound((n) => n + 1);
  }, [index]);

  const loadMore = useCallback(() => {
    const current = resultsRef.current;
    const asked = answered;
    if (!current || !asked || !current.more) return;
    const mine = request.current;
    setLoadingMore(true);
    api.call('search.query', { ...asked, offset: (asked.offset ?? 0) + current.groups.length }).then(
      (r) => {
        if (mine !== request.current) return;
        setResults((prev) => (prev ? { ...r, groups: [...prev.groups, ...r.groups.filter((g) => !prev.groups.some((p) => p.eventId === g.eventId))] } : r));
        setLoadingMore(false);
      },
      (e: unknown) => {
        if (mine !== request.current) return;
        setError(e);
        setLoadingMore(false);
      },
    );
  }, [answered]);

  const expandGroup = useCallback(
    async (eventId: string, hitsPerEvent = 200) => {
      const asked = answered;
      if (!asked) return;
      const mine = request.current;
      try {
        const r = await api.call('search.query', { ...asked, eventId, offset: 0, limit: 1, hitsPerEvent });
        const group: SearchGroup | undefined = r.groups[0];
        if (mine !== request.current || !group) return;
        setResults((prev) => (prev ? { ...prev, groups: prev.groups.map((g) => (g.eventId === eventId ? group : g)) } : prev));
      } catch (e) {
        if (mine === request.current) setError(e);
      }
    },
    [answered],
  );

  return { results, answered, error, busy, loadingMore, index, loadMore, expandGroup };
}
