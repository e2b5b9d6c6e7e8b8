/**
 * A segment's text in the editor, editable in place.
 *
 * Owns: the text element and its keys — typing (the caret stays where the person types: the
 * content is rewritten by hand only when the text changes from elsewhere), Enter splits,
 * Backspace/Delete at the ends merge, ↑/↓ at the ends move to the neighbour — its words as spans
 * the player highlights and a click seeks to, and the handle (focus, caret) the editor keeps.
 */
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import type { EditableSegment, TranscriptWord } from '../../../main/api/schemas';
import { selectionIn, setCaret } from './caret';
import { LOW_CONFIDENCE } from '../transcript/TranscriptView';
import { cleanTyped, tokenize } from './doc';


export interface SegmentHandle {
  el: HTMLDivElement;
  /** Focus the text for editing with the caret at an offset. */
  focusAt(offset: number | 'start' | 'end'): void;
  /** The caret's offset when the text has (or last had) focus, else null. */
  caret(): number | null;
}

/** What a segment's text asks of the editor (stable across renders). */
export interface TextActions {
  text(id: string, text: string): void;
  /** The person left the text: tidy its spaces. */
  left(id: string): void;
  split(id: string, offset: number): void;
  mergeWithPrevious(id: string): void;
  mergeWithNext(id: string): void;
  focusNeighbour(id: string, direction: -1 | 1): void;
  /** A click in the text: on a word (its index), or elsewhere (null). */
  clicked(id: string, word: number | null): void;
  undo(): void;
  redo(): void;
}

const isEditing = (el: HTMLElement) => el.isContentEditable;

/** Keys that type or delete (they start editing a text that has focus without a caret). */
function types(e: React.KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  return e.key.length === 1 || e.key === 'Backspace' || e.key === 'Delete';
}

/**
 * The text of a segment: its words (when they have times) as spans the player highlights and a
 * click seeks to, editable in place. React renders the element; its content is written here,
 * by hand, only when the text changes from outside the typing (undo, merge, revert) — so the
 * caret stays where the person types.
 *
 * The text is editable only while it has a caret: a press of the mouse leaves editing, so a drag
 * can select across segments (for a quote); a click without a drag, Tab, or typing starts it.
 */
export const SegmentText = memo(function SegmentText({
  seg,
  timed,
  nowWord,
  label,
  lowTitle,
  actions,
  register,
}: {
  seg: EditableSegment;
  /** Words with times, one per token of the text; null without word times. */
  timed: TranscriptWord[] | null;
  /** The word being heard (index), or -1. */
  nowWord: number;
  label: string;
  lowTitle: (p: number) => string;
  actions: TextActions;
  register: (id: string, handle: SegmentHandle | null) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef(seg);
  latest.current = seg;
  const timedRef = useRef(timed);
  timedRef.current = timed;
  const nowRef = useRef(nowWord);
  nowRef.current = nowWord;
  const built = useRef<{ text: string; timed: TranscriptWord[] | null } | null>(null);
  const lastCaret = useRef<number | null>(null);
  const composing = useRef(false);

  const highlight = () => {
    const el = ref.current;
    if (!el) return;
    el.querySelector('.w-now')?.classList.remove('w-now');
    if (nowRef.current >= 0) el.querySelector(`[data-w="${nowRef.current}"]`)?.classList.add('w-now');
  };

  const render = (caret: number | null) => {
    const el = ref.current;
    if (!el) return;
    const { text } = latest.current;
    const words = timedRef.current;
    el.replaceChildren();
    const tokens = tokenize(text);
    if (words && words.length === tokens.length) {
      let pos = 0;
      tokens.forEach((tok, i) => {
        if (tok.from > pos) el.append(text.slice(pos, tok.from));
        const span = document.createElement('span');
        span.className = 'w';
        span.dataset.w = String(i);
        const p = words[i]?.p ?? 1;
        if (p < LOW_CONFIDENCE) {
          span.classList.add('word-low');
          span.title = lowTitle(p);
        }
        span.textContent = tok.text;
        el.append(span);
        pos = tok.to;
      });
      if (pos < text.length) el.append(text.slice(pos));
    } else if (text) {
      el.append(text);
    }
    built.current = { text, timed: words };
    if (caret !== null) setCaret(el, Math.min(caret, text.length));
    highlight();
  };

  // Write the text when it changed from outside the typing, or (not while typing) when the
  // words changed.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const dom = cleanTyped(el.textContent ?? '');
    const typing = isEditing(el) && document.activeElement === el;
    if (built.current === null || dom !== seg.text) {
      render(typing ? (selectionIn(el)?.end ?? null) : null);
    } else if (!typing && built.current.timed !== timed) {
      render(null);
    }
  }, [seg.text, timed]);

  useEffect(highlight, [nowWord]);

  const enterEdit = (at: 'keep' | 'start' | 'end' | number) => {
    const el = ref.current;
    if (!el) return;
    const sel = getSelection();
    const range = at === 'keep' && sel && sel.rangeCount > 0 && el.contains(sel.getRangeAt(0).startContainer) ? sel.getRangeAt(0).cloneRange() : null;
    if (!isEditing(el)) el.contentEditable = 'plaintext-only';
    if (document.activeElement !== el) el.focus({ preventScroll: at === 'keep' });
    const length = (el.textContent ?? '').length;
    if (range && sel) {
      sel.removeAllRanges();
      sel.addRange(range);
    } else if (typeof at === 'number') {
      setCaret(el, Math.min(at, length));
    } else {
      setCaret(el, at === 'start' ? 0 : length);
    }
  };

  const leaveEdit = () => {
    const el = ref.current;
    if (el && isEditing(el)) el.removeAttribute('contenteditable');
  };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const handle: SegmentHandle = {
      el,
      focusAt: (offset) => enterEdit(offset),
      caret: () => (document.activeElement === el ? (selectionIn(el)?.end ?? lastCaret.current) : lastCaret.current),
    };
    register(latest.current.id, handle);
    // The browser's own undo (Edit menu) would change the text behind the editor's back.
    const onBeforeInput = (e: InputEvent) => {
      if (e.inputType === 'historyUndo' || e.inputType === 'historyRedo') {
        e.preventDefault();
        if (e.inputType === 'historyUndo') actions.undo();
        else actions.redo();
      }
    };
    el.addEventListener('beforeinput', onBeforeInput);
    return () => {
      el.removeEventListener('beforeinput', onBeforeInput);
      register(latest.current.id, null);
    };
  }, [seg.id, register, actions]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    if (!isEditing(el)) {
      if (e.key === 'Enter' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        e.preventDefault();
        enterEdit('keep');
      } else if (types(e)) {
        enterEdit('keep');
      }
      return;
    }
    if (e.altKey || e.metaKey || composing.current || e.nativeEvent.isComposing) return;
    const sel = selectionIn(el);
    if (!sel) return;
    const collapsed = sel.start === sel.end;
    const length = (el.textContent ?? '').length;
    const id = latest.current.id;
    if (e.key === 'Enter' && !e.ctrlKey) {
      e.preventDefault();
      if (!e.shiftKey) actions.split(id, sel.start);
    } else if (e.key === 'Backspace' && collapsed && sel.start === 0 && !e.ctrlKey && !e.shiftKey) {
      e.preventDefault();
      actions.mergeWithPrevious(id);
    } else if (e.key === 'Delete' && collapsed && sel.end >= length && !e.ctrlKey && !e.shiftKey) {
      e.preventDefault();
      actions.mergeWithNext(id);
    } else if (e.key === 'ArrowUp' && collapsed && sel.start === 0 && !e.shiftKey && !e.ctrlKey) {
      e.preventDefault();
      actions.focusNeighbour(id, -1);
    } else if (e.key === 'ArrowDown' && collapsed && sel.end >= length && !e.shiftKey && !e.ctrlKey) {
      e.preventDefault();
      actions.focusNeighbour(id, 1);
    }
  };

  return (
    <div
      ref={ref}
      className="seg-text"
      data-seg-id={seg.id}
      role="textbox"
      aria-multiline="true"
      aria-label={label}
      tabIndex={0}
      spellCheck={false}
      onMouseDown={(e) => {
        if (e.button !== 0) return;
        // A press may start a drag across segments: not editing until it turns out a click.
        leaveEdit();
      }}
      onFocus={(e) => {
        // Focus from the keyboard starts editing; a press of the mouse waits for its click.
        if (!isEditing(e.currentTarget) && !e.currentTarget.matches(':active')) enterEdit('end');
      }}
      onClick={(e) => {
        const sel = getSelection();
        if (sel && !sel.isCollapsed) return;
        enterEdit('keep');
        const word = (e.target as HTMLElement).closest<HTMLElement>('[data-w]');
        actions.clicked(latest.current.id, word ? Number(word.dataset.w) : null);
      }}
      onBlur={(e) => {
        lastCaret.current = selectionIn(e.currentTarget)?.end ?? lastCaret.current;
        leaveEdit();
        actions.left(latest.current.id);
        // Words typed as one now get their own spans (and times) again.
        if (built.current && (built.current.timed !== timedRef.current || built.current.text !== latest.current.text)) render(null);
      }}
      onKeyDown={onKeyDown}
      onKeyUp={(e) => {
        lastCaret.current = selectionIn(e.currentTarget)?.end ?? lastCaret.current;
      }}
      onInput={(e) => {
        const text = cleanTyped(e.currentTarget.textContent ?? '');
        if (text !== latest.current.text) actions.text(latest.current.id, text);
      }}
      onCompositionStart={() => (composing.current = true)}
      onCompositionEnd={(e) => {
        composing.current = false;
        const text = cleanTyped(e.currentTarget.textContent ?? '');
        if (text !== latest.current.text) actions.text(latest.current.id, text);
      }}
    />
  );
});
