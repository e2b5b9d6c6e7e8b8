/**
 * Taking a quote in the editor: the quote the text selected in the transcript would make (kept
 * up to date as the selection, the scroll or the window change — the "Simpan kutipan" button
 * floats beside it) and saving it (`quotes.add`, after the transcript is saved: the host takes
 * the speaker from the saved transcript).
 *
 * Owns: the draft, and the busy/error state of saving it.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { ApiCallError } from '../../../main/api/client';
import type { Quote } from '../../../main/api/schemas';
import { api } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import type { Doc } from './doc';
import { draftFromSelection, type QuoteDraft } from './quoteSelection';
import type { EditorSession } from './session';

export interface QuoteDraftState {
  /** The quote the selection makes, or null. */
  draft: QuoteDraft | null;
  /** Save the draft (without one: `onNoDraft`). */
  save: () => Promise<void>;
  saving: boolean;
  error: unknown;
  dismissError: () => void;
}

export function useQuoteDraft({
  list,
  doc,
  session,
  eventId,
  recordingId,
  onNoDraft,
  onSaved,
}: {
  list: RefObject<HTMLOListElement | null>;
  doc: Doc;
  session: EditorSession | null;
  eventId: string;
  recordingId: string;
  onNoDraft: () => void;
  onSaved: (quote: Quote) => void;
}): QuoteDraftState {
  const [draft, setDraft] = useState<QuoteDraft | null>(null);
  const docRef = useRef(doc);
  docRef.current = doc;
  const draftRef = useRef(draft);
  draftRef.current = draft;

  useEffect(() => {
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const el = list.current;
        setDraft(el ? draftFromSelection(el, docRef.current) : null);
      });
    };
    document.addEventListener('selectionchange', update);
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('selectionchange', update);
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [list]);

  const saving = useAction(async (d: QuoteDraft, s: EditorSession) => {
    // The host takes the speaker from the saved transcript: save first.
    if (!(await s.flush())) throw s.getSnapshot().error ?? new ApiCallError({ code: 'INTERNAL', message: 'not saved' });
    const quote = await api.call('quotes.add', { eventId, recordingId, start: d.start, end: d.end, text: d.text });
    getSelection()?.removeAllRanges();
    setDraft(null);
    onSaved(quote);
  });
  const run = saving.run;
  const save = useCallback(async () => {
    const d = draftRef.current;
    if (!d) {
      onNoDraft();
      return;
    }
    if (session) await run(d, session);
  }, [session, run, onNoDraft]);

  const setError = saving.setError;
  const dismissError = useCallback(() => setError(null), [setError]);
  return { draft, save, saving: saving.busy, error: saving.error, dismissError };
}
