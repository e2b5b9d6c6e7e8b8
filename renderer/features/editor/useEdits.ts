/**
 * What a person does to the transcript through the editor's screen, as stable callbacks: typing,
 * splitting and merging (with the caret put back where it belongs), reverting to the machine's
 * text, giving speakers (by row, by Alt+digit to the segments targeted, a new speaker), and
 * playing from a row — each a change of the document (doc.ts) committed to the session.
 *
 * Owns: the TextActions of the segments' texts, the RowActions of the rows, the registry of the
 * texts on screen (for focus and caret), and which segments a speaker key applies to.
 */
import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import type { TFunction } from 'i18next';
import type { Speaker, TranscriptSegment } from '../../../main/api/schemas';
import {
  addLabel,
  deleteSegment,
  indexOf,
  mergeWithNext,
  revertSegment,
  setSpeaker,
  setSpeakerRun,
  setText,
  splitSegment,
  tidy,
  timedWords,
  tokenize,
  type Doc,
} from './doc';
import type { Player } from './player';
import { selectedSegmentIds } from './quoteSelection';
import { NEW_LABEL, type RowActions } from './SegmentRow';
import type { SegmentHandle, TextActions } from './SegmentText';
import type { EditorSession } from './session';
import type { Now } from './usePlayhead';

export interface Edits {
  /** Commit a changed document (`key`: a run of typing in one place is one undo step). */
  commit: (next: Doc, key?: string | null) => void;
  /** The document as it is now (the session's, ahead of the last render). */
  current: () => Doc;
  actions: TextActions;
  rowActions: RowActions;
  register: (id: string, handle: SegmentHandle | null) => void;
  /** Add a speaker label (given to these segments); its id. */
  newLabel: (assignTo: string[]) => string;
  /** The segments a speaker key applies to: those selected, else the one with the caret, else the one heard. */
  targets: () => string[];
  /** Alt+n: the n-th label (0: none) to the targets; `run`: and the following ones until another speaker. */
  assign: (n: number, run: boolean) => void;
  /** What the transcript calls a label (its person's name when linked). */
  labelName: (labelId: string | null) => string;
}

export function useEdits({
  session,
  doc,
  player,
  list,
  locate,
  machineMap,
  people,
  t,
  notify,
}: {
  session: EditorSession | null;
  doc: Doc;
  player: Player;
  list: RefObject<HTMLOListElement | null>;
  locate: (sec: number) => Now;
  machineMap: Map<string, TranscriptSegment> | null;
  people: Speaker[] | null;
  t: TFunction;
  notify: (text: string) => void;
}): Edits {
  const playerRef = useRef(player);
  playerRef.current = player;
  const docRef = useRef(doc);
  docRef.current = doc;
  const registry = useRef(new Map<string, SegmentHandle>());
  const focusRequest = useRef<{ id: string; at: number | 'start' | 'end' } | null>(null);

  const commit = useCallback(
    (next: Doc, key: string | null = null) => {
      session?.commit(next, key);
    },
    [session],
  );
  const current = useCallback(() => session?.current ?? docRef.current, [session]);

  const actions = useMemo<TextActions>(
    () => ({
      text: (id, text) => commit(setText(current(), id, text), `text:${id}`),
      left: (id) => {
        const seg = current().segments.find((s) => s.id === id);
        if (seg && tidy(seg.text) !== seg.text) session?.amend(setText(current(), id, tidy(seg.text)));
        session?.breakStep();
      },
      split: (id, offset) => {
        const r = splitSegment(current(), id, offset);
        if (!r) return;
        commit(r.doc);
        focusRequest.current = { id: r.rightId, at: 'start' };
      },
      mergeWithPrevious: (id) => {
        const doc = current();
        const prev = doc.segments[indexOf(doc, id) - 1];
        if (!prev) return;
        const r = mergeWithNext(doc, prev.id);
        if (!r) return;
        commit(r.doc);
        focusRequest.current = { id: prev.id, at: r.caret };
      },
      mergeWithNext: (id) => {
        const r = mergeWithNext(current(), id);
        if (!r) return;
        commit(r.doc);
        focusRequest.current = { id, at: r.caret };
      },
      focusNeighbour: (id, direction) => {
        const doc = current();
        const next = doc.segments[indexOf(doc, id) + direction];
        if (next) registry.current.get(next.id)?.focusAt(direction < 0 ? 'end' : 'start');
      },
      clicked: (id, word) => {
        const seg = current().segments.find((s) => s.id === id);
        if (!seg) return;
        const p = playerRef.current;
        const w = word !== null ? timedWords(seg)?.[word] : undefined;
        if (w) p.seek(w.start);
        else {
          const at = p.time();
          if (at < seg.start || at >= seg.end) p.seek(seg.start);
        }
      },
      undo: () => session?.undo(),
      redo: () => session?.redo(),
    }),
    [commit, current, session],
  );

  useEffect(() => {
    const r = focusRequest.current;
    if (!r) return;
    focusRequest.current = null;
    registry.current.get(r.id)?.focusAt(r.at);
  }, [doc]);

  const register = useCallback((id: string, handle: SegmentHandle | null) => {
    if (handle) registry.current.set(id, handle);
    else registry.current.delete(id);
  }, []);

  const newLabel = useCallback(
    (assignTo: string[]) => {
      const r = addLabel(current(), (n) => t('editor.speakers.placeholder', { n }));
      commit(assignTo.length ? setSpeaker(r.doc, assignTo, r.id) : r.doc);
      return r.id;
    },
    [commit, current, t],
  );

  /** The segments a speaker key applies to: those selected, else the one with the caret, else the one heard. */
  const targets = useCallback((): string[] => {
    const el = list.current;
    if (el) {
      const selected = selectedSegmentIds(el);
      if (selected.length > 1) return selected;
      const active = document.activeElement?.closest<HTMLElement>('[data-seg-id]');
      if (active?.dataset.segId) return [active.dataset.segId];
      if (selected.length === 1) return selected;
    }
    const heard = docRef.current.segments[locate(playerRef.current.time()).seg];
    return heard ? [heard.id] : [];
  }, [list, locate]);

  const labelName = useCallback(
    (labelId: string | null) => {
      const l = docRef.current.labels.find((x) => x.id === labelId);
      if (!l) return t('editor.speakers.nobody');
      return (l.speakerId && people?.find((p) => p.id === l.speakerId)?.name) || l.name;
    },
    [people, t],
  );

  const assign = useCallback(
    (n: number, run: boolean) => {
      const doc = current();
      const ids = targets();
      if (ids.length === 0) {
        notify(t('editor.speakers.noTarget'));
        return;
      }
      if (n === 0) {
        commit(setSpeaker(doc, ids, null));
        notify(t('editor.speakers.cleared', { count: ids.length }));
        return;
      }
      const label = doc.labels[n - 1];
      if (!label) {
        notify(t('editor.speakers.noSuchLabel', { n }));
        return;
      }
      const next = run ? setSpeakerRun(doc, indexOf(doc, ids[0] as string), label.id) : setSpeaker(doc, ids, label.id);
      const count = next.segments.filter((s, i) => s !== doc.segments[i]).length;
      commit(next);
      notify(t('editor.speakers.assigned', { name: labelName(label.id), count: Math.max(count, ids.length) }));
    },
    [commit, current, targets, labelName, notify, t],
  );

  const rowActions = useMemo<RowActions>(
    () => ({
      speaker: (id, value) => {
        if (value === NEW_LABEL) newLabel([id]);
        else commit(setSpeaker(current(), [id], value || null));
      },
      split: (id) => {
        const doc = current();
        const seg = doc.segments.find((s) => s.id === id);
        if (!seg) return;
        let offset = registry.current.get(id)?.caret() ?? null;
        if (offset === null || offset <= 0 || offset >= seg.text.length) {
          // No caret inside: at the playhead when it is in this segment, else in the middle.
          const at = playerRef.current.time();
          const words = timedWords(seg);
          const tokens = tokenize(seg.text);
          let k = words && at > seg.start && at < seg.end ? words.findIndex((w) => w.start >= at) : -1;
          if (k <= 0) k = Math.floor(tokens.length / 2);
          offset = tokens[k]?.from ?? Math.floor(seg.text.length / 2);
        }
        actions.split(id, offset);
      },
      mergeWithNext: (id) => actions.mergeWithNext(id),
      remove: (id) => commit(deleteSegment(current(), id)),
      revert: (id) => {
        const m = machineMap?.get(id);
        if (m) commit(revertSegment(current(), id, m));
      },
      playFrom: (sec) => {
        const p = playerRef.current;
        p.seek(sec);
        p.play();
      },
    }),
    [actions, commit, current, machineMap, newLabel],
  );


  return { commit, current, actions, rowActions, register, newLabel, targets, assign, labelName };
}
