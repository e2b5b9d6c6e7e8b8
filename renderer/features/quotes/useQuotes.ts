import { useCallback, useEffect, useState } from 'react';
import type { CallInput } from '../../../main/api/contract';
import type { QuoteWithEvent } from '../../../main/api/schemas';
import { api } from '../../lib/api';

/**
 * The quotes that `query` asks `quotes.list` for, loaded again when quotes change (of the
 * query's event only, when it names one) or when `refresh` is called. `quotes` is null until the
 * first answer; an answer that arrives after the query changed is dropped.
 */
export function useQuotes(query: CallInput<'quotes.list'>): { quotes: QuoteWithEvent[] | null; error: unknown; refresh: () => void } {
  const [quotes, setQuotes] = useState<QuoteWithEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query);
  const eventId = query.eventId;

  useEffect(() => api.on('quotes.changed', (p) => (!eventId || p.eventId === eventId) && setTick((n) => n + 1)), [eventId]);
  useEffect(() => {
    let live = true;
    api.call('quotes.list', JSON.parse(key) as CallInput<'quotes.list'>).then(
      (list) => {
        if (!live) return;
        setQuotes(list);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  return { quotes, error, refresh };
}
