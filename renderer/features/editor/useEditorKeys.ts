/**
 * The editor's keyboard: ONE table of its shortcuts — what the shortcuts panel lists
 * (ShortcutsPanel.tsx renders it, row by row) and what the window's key handler does.
 *
 * Owns: every editor shortcut, its keys as shown, and (for the window-wide ones) which key press
 * it is and what it does. Rows without bindings are keys of a segment's text, handled where the
 * caret is (SegmentText.tsx): they are listed here so that the panel shows the whole keyboard.
 */
import { useEffect, useRef } from 'react';
import { SKIP_SEC, type Player } from './player';
import type { EditorSession } from './session';

/** What the shortcuts act on. */
export interface EditorKeyActions {
  player: Player;
  /** null while there is no transcript: its shortcuts do nothing then. */
  session: EditorSession | null;
  /** Give the n-th speaker (0: none) to the targeted segments — `run`: and the following ones. */
  assign(n: number, run: boolean): void;
  newSpeaker(): void;
  saveQuote(): void;
  toggleFollow(): void;
}

/** Where the key was pressed. */
interface Where {
  /** In a form field (not a segment's text). */
  inField: boolean;
  inDialog: boolean;
}

interface Binding {
  match(e: KeyboardEvent, where: Where): boolean;
  run(actions: EditorKeyActions, e: KeyboardEvent): void;
  /** Only with a transcript. */
  needsSession?: boolean;
}

export interface EditorShortcut {
  /** The keys as the panel shows them. */
  keys: string;
  /** The i18n key of what they do. */
  what: string;
  /** The window's handling; empty: a key of the segment's text (SegmentText.tsx). */
  bindings: Binding[];
}

const noModifiers = (e: KeyboardEvent) => !e.ctrlKey && !e.altKey && !e.shiftKey && !e.metaKey;
const alt = (e: KeyboardEvent) => e.altKey && !e.ctrlKey && !e.metaKey;
const ctrl = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey;
const digitOf = (e: KeyboardEvent): number | null => {
  const d = /^Digit(\d)$/.exec(e.code)?.[1] ?? /^Numpad(\d)$/.exec(e.code)?.[1];
  return d === undefined ? null : Number(d);
};
const altDigit = (e: KeyboardEvent, test: (n: number) => boolean) => {
  const n = digitOf(e);
  return alt(e) && n !== null && test(n);
};

export const EDITOR_SHORTCUTS: readonly EditorShortcut[] = [
  {
    keys: 'Esc · Ctrl+Space',
    what: 'editor.shortcuts.playPause',
    bindings: [
      // (Esc in a dialog closes the dialog)
      { match: (e, w) => e.key === 'Escape' && noModifiers(e) && !w.inDialog, run: (a) => a.player.toggle() },
      { match: (e) => e.ctrlKey && !e.altKey && e.code === 'Space', run: (a) => a.player.toggle() },
    ],
  },
  {
    keys: 'Alt+← / Alt+→',
    what: 'editor.shortcuts.skip',
    bindings: [
      { match: (e) => alt(e) && e.key === 'ArrowLeft', run: (a) => a.player.skip(-SKIP_SEC) },
      { match: (e) => alt(e) && e.key === 'ArrowRight', run: (a) => a.player.skip(SKIP_SEC) },
    ],
  },
  {
    keys: 'Alt+↓ / Alt+↑',
    what: 'editor.shortcuts.speed',
    bindings: [
      { match: (e) => alt(e) && e.key === 'ArrowDown', run: (a) => a.player.stepRate(-1) },
      { match: (e) => alt(e) && e.key === 'ArrowUp', run: (a) => a.player.stepRate(1) },
    ],
  },
  {
    keys: 'Alt+1…9',
    what: 'editor.shortcuts.speaker',
    bindings: [{ match: (e) => altDigit(e, (n) => n > 0) && !e.shiftKey, run: (a, e) => a.assign(digitOf(e) as number, false), needsSession: true }],
  },
  {
    keys: 'Alt+Shift+1…9',
    what: 'editor.shortcuts.speakerRun',
    bindings: [{ match: (e) => altDigit(e, (n) => n > 0) && e.shiftKey, run: (a, e) => a.assign(digitOf(e) as number, true), needsSession: true }],
  },
  {
    keys: 'Alt+0',
    what: 'editor.shortcuts.speakerClear',
    bindings: [{ match: (e) => altDigit(e, (n) => n === 0), run: (a) => a.assign(0, false), needsSession: true }],
  },
  { keys: 'Alt+N', what: 'editor.shortcuts.newSpeaker', bindings: [{ match: (e) => alt(e) && e.code === 'KeyN', run: (a) => a.newSpeaker(), needsSession: true }] },
  { keys: 'Alt+K', what: 'editor.shortcuts.quote', bindings: [{ match: (e) => alt(e) && e.code === 'KeyK', run: (a) => a.saveQuote() }] },
  { keys: 'Alt+F', what: 'editor.shortcuts.follow', bindings: [{ match: (e) => alt(e) && e.code === 'KeyF', run: (a) => a.toggleFollow() }] },
  { keys: 'Enter', what: 'editor.shortcuts.split', bindings: [] },
  { keys: 'Backspace · Delete', what: 'editor.shortcuts.merge', bindings: [] },
  { keys: '↑ / ↓', what: 'editor.shortcuts.move', bindings: [] },
  {
    keys: 'Ctrl+Z',
    what: 'editor.shortcuts.undo',
    bindings: [{ match: (e, w) => ctrl(e) && !w.inField && e.code === 'KeyZ' && !e.shiftKey, run: (a) => a.session?.undo(), needsSession: true }],
  },
  {
    keys: 'Ctrl+Shift+Z · Ctrl+Y',
    what: 'editor.shortcuts.redo',
    bindings: [
      {
        match: (e, w) => ctrl(e) && !w.inField && ((e.code === 'KeyZ' && e.shiftKey) || e.code === 'KeyY'),
        run: (a) => a.session?.redo(),
        needsSession: true,
      },
    ],
  },
];

/** The binding a key press is, if any (for a page with or without a transcript). */
export function bindingFor(e: KeyboardEvent, where: Where, hasSession: boolean): Binding | null {
  for (const shortcut of EDITOR_SHORTCUTS) {
    for (const b of shortcut.bindings) if ((!b.needsSession || hasSession) && b.match(e, where)) return b;
  }
  return null;
}

/** Handle the editor's window-wide shortcuts while the editor is open. */
export function useEditorKeys(actions: EditorKeyActions): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      const inSegment = !!target?.closest?.('.seg-text');
      const where: Where = {
        inField: !inSegment && !!target?.matches?.('input, textarea, select, [contenteditable]'),
        inDialog: !!target?.closest?.('dialog'),
      };
      const binding = bindingFor(e, where, latest.current.session !== null);
      if (!binding) return;
      e.preventDefault();
      e.stopPropagation();
      binding.run(latest.current, e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
