/**
 * Asking the host from a screen: `useCall(name, input)` is the answer of one contract call, asked
 * when the screen opens, again when the input changes, when one of the given pushes says the data
 * changed, when `refresh` is called, or — polling — a while after each answer. An answer to an
 * older question is dropped (a slow answer never overwrites a newer one); the previous answer
 * stays shown while the next is on its way.
 *
 * Owns: the fetch effect every screen used to write by hand (`let live = true` …).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallInput, CallName, CallResult, PushName, PushPayload } from '../../main/api/contract';
import { api } from './api';

/** Pushes after which to ask again — each with a test of its payload (e.g. "this event's quotes"). */
export type RefreshOn = { [P in PushName]?: (payload: PushPayload<P>) => boolean };

export interface CallOptions {
  /** Ask again when one of these pushes arrives and its test passes. */
  refreshOn?: RefreshOn;
  /** Ask again when one of these values changes (beside the input). */
  refreshWhen?: readonly unknown[];
  /** Don't ask: no answer (what was answered before is forgotten). */
  skip?: boolean;
  /** Poll: ask again this long after each answer (three times as long after a failure). */
  pollMs?: number;
}

export interface CallState<R> {
  /** The latest answer; null until the first one arrives. */
  data: R | null;
  /** Why the latest question failed; null once an answer arrives. */
  error: unknown;
  /** Ask again now. */
  refresh: () => void;
  /** Take a fresher answer got otherwise (e.g. what a change call returned). */
  set: (data: R) => void;
}

export function useCall<N extends CallName>(name: N, input: CallInput<N>, options: CallOptions = {}): CallState<CallResult<N>> {
  const [data, setData] = useState<CallResult<N> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const key = JSON.stringify(input);
  const again = JSON.stringify(options.refreshWhen ?? []);
  const skip = options.skip ?? false;
  const pollMs = options.pollMs ?? 0;

  // The pushes' tests may close over the screen's latest props: read them when a push arrives.
  const refreshOn = useRef(options.refreshOn);
  refreshOn.current = options.refreshOn;
  const pushNames = Object.keys(options.refreshOn ?? {}).sort().join(',');
  useEffect(() => {
    const offs = (pushNames ? (pushNames.split(',') as PushName[]) : []).map((push) =>
      api.on(push, (payload) => {
        const test = refreshOn.current?.[push] as ((p: unknown) => boolean) | undefined;
        if (test?.(payload)) setTick((n) => n + 1);
      }),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [pushNames]);

  useEffect(() => {
    if (skip) {
      latest.current++;
      setData(null);
      setError(null);
      return;
    }
    const request = ++latest.current;
    let poll: ReturnType<typeof setTimeout> | undefined;
    const askAgainIn = (ms: number) => {
      if (ms > 0) poll = setTimeout(() => setTick((n) => n + 1), ms);
    };
    api.call(name, JSON.parse(key) as CallInput<N>).then(
      (value) => {
        if (request !== latest.current) return; // a newer question was asked meanwhile
        setData(value);
        setError(null);
        askAgainIn(pollMs);
      },
      (e: unknown) => {
        if (request !== latest.current) return;
        setError(e);
        askAgainIn(pollMs * 3);
      },
    );
    return () => {
      clearTimeout(poll);
      // An answer arriving after the screen closed (or the question changed) is dropped.
      if (latest.current === request) latest.current++;
    };
  }, [name, key, again, tick, skip, pollMs]);

  const refresh = useCallback(() => setTick((n) => n + 1), []);
  const set = useCallback((value: CallResult<N>) => {
    latest.current++; // what was on its way is older than this
    setData(value);
    setError(null);
  }, []);
  return { data, error, refresh, set };
}
