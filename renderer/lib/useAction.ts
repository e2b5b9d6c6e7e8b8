/**
 * A button's work: `useAction(fn)` runs `fn` with the button busy meanwhile (so it is not pressed
 * twice) and keeps its failure to show (ErrorBanner, a field's issue) until the next run or a
 * dismiss.
 *
 * Owns: the busy/error bookkeeping every form and button used to write by hand.
 */
import { useCallback, useRef, useState } from 'react';

export interface Action<A extends unknown[]> {
  /** Run the work: resolves true when it succeeded, false when it failed (the error is kept). */
  run: (...args: A) => Promise<boolean>;
  /** The work is running. */
  busy: boolean;
  /** Why the last run failed; null after a success or while running again. */
  error: unknown;
  /** Set or forget the error (a dismiss button, or a failure found before running). */
  setError: (error: unknown) => void;
}

export function useAction<A extends unknown[]>(work: (...args: A) => Promise<unknown>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(work);
  latest.current = work;
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await latest.current(...args);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error, setError };
}
