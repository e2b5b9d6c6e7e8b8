/**
 * The quotes a screen shows (`quotes.list` for a filter), through useCall: asked again when
 * quotes change (of the filter's event only, when it names one) or when `refresh` is called;
 * `quotes` is null until the first answer, and an answer to an older filter is dropped.
 */
import type { CallInput } from '../../../main/api/contract';
import type { QuoteWithEvent } from '../../../main/api/schemas';
import { useCall } from '../../lib/useCall';

export function useQuotes(query: CallInput<'quotes.list'>): { quotes: QuoteWithEvent[] | null; error: unknown; refresh: () => void } {
  const eventId = query.eventId;
  const { data: quotes, error, refresh } = useCall('quotes.list', query, { refreshOn: { 'quotes.changed': (p) => !eventId || p.eventId === eventId } });
  return { quotes, error, refresh };
}
