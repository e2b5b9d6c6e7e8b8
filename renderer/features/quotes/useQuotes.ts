import type { CallInput } from '../../../main/api/contract';
import type { QuoteWithEvent } from '../../../main/api/schemas';
import { useCall } from '../../lib/useCall';

/**
 * The quotes that `query` asks `quotes.list` for, loaded again when quotes change (of the
 * query's event only, when it names one) or when `refresh` is called. `quotes` is null until the
 * first answer; an answer that arrives after the query changed is dropped.
 */
export function useQuotes(query: CallInput<'quotes.list'>): { quotes: QuoteWithEvent[] | null; error: unknown; refresh: () => void } {
  const eventId = query.eventId;
  const { data: quotes, error, refresh } = useCall('quotes.list', query, { refreshOn: { 'quotes.changed': (p) => !eventId || p.eventId === eventId } });
  return { quotes, error, refresh };
}
