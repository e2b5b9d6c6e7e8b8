/**
 * An editing session of one recording's transcript: the document, its undo history (whole
 * documents; a run of typing in one segment is one step) and autosave.
 *
 * Autosave: a change is saved about a second after the last one (`transcripts.save` with the
 * revision the session last saw as `baseRev`); one save at a time, and whatever changed during a
 * save is saved after it. CONFLICT (someone saved meanwhile) stops saving until the person
 * chooses: take the newer version, or save this one over it. The history is kept in this tab's
 * session storage, so a reload neither loses unsaved work nor the steps to undo.
 */
import { ApiCallError } from '../../../main/api/client';
import type { WorkingTranscript } from '../../../main/api/schemas';
import { api } from '../../lib/api';
import { canonical, forSave, type Doc } from './doc';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

export interface SessionSnapshot {
  doc: Doc;
  rev: number;
  state: SaveState;
  error: unknown;
  canUndo: boolean;
  canRedo: boolean;
  /** The document differs from what the host has. */
  dirty: boolean;
}

const SAVE_DELAY_MS = 1000;
/** Typing in the same place within this time is one step of the history. */
const COALESCE_MS = 2000;
const HISTORY_LIMIT = 200;
const STORAGE_LIMIT = 3_000_000;

const docOf = (w: WorkingTranscript): Doc => ({ labels: w.labels, segments: w.segments });
const storageKeyOf = (eventId: string, recordingId: string) => `risalah.editor.${eventId}.${recordingId}`;

/** Forget the undo history kept for a reload (before taking another version of the transcript). */
export function forgetHistory(eventId: string, recordingId: string): void {
  try {
    sessionStorage.removeItem(storageKeyOf(eventId, recordingId));
  } catch {
    // storage unavailable
  }
}

export class EditorSession {
  private doc: Doc;
  private past: Doc[] = [];
  private future: Doc[] = [];
  private saved: Doc;
  private rev: number;
  private state: SaveState = 'saved';
  private error: unknown = null;
  private lastKey: string | null = null;
  private lastAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private listeners = new Set<() => void>();
  private snapshot: SessionSnapshot;
  private disposed = false;

  constructor(
    readonly eventId: string,
    readonly recordingId: string,
    private readonly durationSec: number,
    working: WorkingTranscript,
  ) {
    this.doc = docOf(working);
    this.saved = this.doc;
    this.rev = working.rev;
    this.restore(working);
    this.snapshot = this.makeSnapshot();
    if (this.doc !== this.saved) this.schedule();
    window.addEventListener('pagehide', this.onPageHide);
  }

  private onPageHide = (): void => {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    this.persist();
  };

  private get storageKey(): string {
    return storageKeyOf(this.eventId, this.recordingId);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  private makeSnapshot(): SessionSnapshot {
    return {
      doc: this.doc,
      rev: this.rev,
      state: this.state,
      error: this.error,
      canUndo: this.past.length > 0,
      canRedo: this.future.length > 0,
      dirty: this.doc !== this.saved,
    };
  }

  private publish(): void {
    if (this.disposed) return;
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
    this.persistSoon();
  }

  get current(): Doc {
    return this.doc;
  }

  /** Make `next` the document. Steps with the same `key` in quick succession are one undo step. */
  commit(next: Doc, key: string | null = null): void {
    if (next === this.doc) return;
    const now = Date.now();
    if (!(key !== null && key === this.lastKey && now - this.lastAt < COALESCE_MS && this.past.length > 0)) {
      this.past.push(this.doc);
      if (this.past.length > HISTORY_LIMIT) this.past.shift();
    }
    this.lastKey = key;
    this.lastAt = now;
    this.future = [];
    this.doc = next;
    this.changed();
  }

  /** Replace the document without a step of its own (e.g. tidying spaces when leaving a segment). */
  amend(next: Doc): void {
    if (next === this.doc) return;
    this.doc = next;
    this.changed();
  }

  /** Begin a new undo step with the next change, even when it continues the same typing. */
  breakStep(): void {
    this.lastKey = null;
  }

  undo(): boolean {
    const previous = this.past.pop();
    if (!previous) return false;
    this.future.push(this.doc);
    this.doc = previous;
    this.lastKey = null;
    this.changed();
    return true;
  }

  redo(): boolean {
    const next = this.future.pop();
    if (!next) return false;
    this.past.push(this.doc);
    this.doc = next;
    this.lastKey = null;
    this.changed();
    return true;
  }

  private changed(): void {
    if (this.state !== 'conflict') {
      this.state = this.doc === this.saved ? (this.inFlight ? 'saving' : 'saved') : this.inFlight ? 'saving' : 'pending';
      if (this.doc !== this.saved) this.error = null;
      this.schedule();
    }
    this.publish();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.doc === this.saved || this.state === 'conflict' || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  /** Save now (and wait for a save under way); true when the host has the document. */
  async flush(): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight) await this.inFlight;
    if (this.doc !== this.saved && this.state !== 'conflict') await this.save();
    return this.doc === this.saved;
  }

  /** Try again after an error. */
  retry(): void {
    if (this.state === 'error') void this.save();
  }

  private save(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.doc === this.saved || this.state === 'conflict' || this.disposed) return Promise.resolve();
    const doc = this.doc;
    const body = forSave(doc, this.durationSec);
    this.state = 'saving';
    this.publish();
    const run = (async () => {
      try {
        const saved = await api.call('transcripts.save', {
          eventId: this.eventId,
          recordingId: this.recordingId,
          baseRev: this.rev,
          labels: body.labels,
          segments: body.segments,
        });
        this.rev = saved.rev;
        this.saved = doc;
        this.error = null;
        this.state = this.doc === doc ? 'saved' : 'pending';
      } catch (e) {
        this.error = e;
        this.state = e instanceof ApiCallError && e.code === 'CONFLICT' ? 'conflict' : 'error';
      }
    })();
    this.inFlight = run;
    return run.finally(() => {
      this.inFlight = null;
      if (this.state === 'pending') this.schedule();
      this.publish();
      // The history now belongs to the new revision: keep it at once (a reload may follow).
      if (!this.disposed) this.onPageHide();
    });
  }

  /** Someone (another window) saved revision `rev`; true when this session should take it. */
  noteSavedElsewhere(rev: number): 'reload' | 'ignore' {
    if (this.inFlight || rev <= this.rev) return 'ignore';
    if (this.doc === this.saved) return 'reload';
    this.state = 'conflict';
    this.publish();
    return 'ignore';
  }

  /** Save this document over a newer version saved elsewhere (after a conflict). */
  async overwrite(): Promise<void> {
    const view = await api.call('transcripts.get', { eventId: this.eventId, recordingId: this.recordingId });
    this.rev = view.working?.rev ?? 0;
    this.state = 'pending';
    this.error = null;
    this.publish();
    await this.flush();
  }

  private forget(): void {
    forgetHistory(this.eventId, this.recordingId);
  }

  /** The session ends (the page closes): keep the history, and save what is still unsaved. */
  dispose(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      this.persistTimer = null;
      this.persist();
    }
    if (this.doc !== this.saved && this.state !== 'conflict' && !this.inFlight) void this.save();
    this.disposed = true;
    this.listeners.clear();
    window.removeEventListener('pagehide', this.onPageHide);
  }

  // ---- the history across reloads (this tab's session storage) ------------------------------

  private persistSoon(): void {
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      this.persist();
    }, 1000);
  }

  private canonicalOf = new WeakMap<Doc, string>();
  private savedCanonical(): string {
    let c = this.canonicalOf.get(this.saved);
    if (c === undefined) {
      c = canonical(forSave(this.saved, this.durationSec));
      this.canonicalOf.set(this.saved, c);
    }
    return c;
  }

  /** Documents share segments: store each segment once and documents as lists of indexes. */
  private persist(): void {
    const pool = new Map<object, number>();
    const segments: unknown[] = [];
    const encode = (doc: Doc) => ({
      labels: doc.labels,
      segments: doc.segments.map((s) => {
        let n = pool.get(s);
        if (n === undefined) {
          n = segments.length;
          pool.set(s, n);
          segments.push(s);
        }
        return n;
      }),
    });
    let past = this.past;
    for (;;) {
      pool.clear();
      segments.length = 0;
      const state = {
        v: 1,
        rev: this.rev,
        saved: this.savedCanonical(),
        presentIsSaved: this.doc === this.saved,
        past: past.map(encode),
        present: encode(this.doc),
        future: this.future.map(encode),
        segments,
      };
      const text = JSON.stringify(state);
      if (text.length <= STORAGE_LIMIT || past.length === 0) {
        try {
          if (text.length <= STORAGE_LIMIT) sessionStorage.setItem(this.storageKey, text);
          else sessionStorage.removeItem(this.storageKey);
        } catch {
          // storage full or unavailable: the history lasts as long as the page
        }
        return;
      }
      past = past.slice(Math.ceil(past.length / 2));
    }
  }

  private restore(working: WorkingTranscript): void {
    let raw: string | null;
    try {
      raw = sessionStorage.getItem(this.storageKey);
    } catch {
      return;
    }
    if (!raw) return;
    try {
      const state = JSON.parse(raw) as {
        v: number;
        rev: number;
        saved: string;
        presentIsSaved: boolean;
        past: { labels: Doc['labels']; segments: number[] }[];
        present: { labels: Doc['labels']; segments: number[] };
        future: { labels: Doc['labels']; segments: number[] }[];
        segments: Doc['segments'];
      };
      // Only when the host still has the version this history was saved as.
      if (state.v !== 1 || state.rev !== working.rev || state.saved !== canonical(docOf(working))) return;
      const decode = (d: { labels: Doc['labels']; segments: number[] }): Doc => ({
        labels: d.labels,
        segments: d.segments.map((n) => {
          const s = state.segments[n];
          if (!s) throw new Error('damaged history');
          return s;
        }),
      });
      this.past = state.past.map(decode);
      this.future = state.future.map(decode);
      if (!state.presentIsSaved) this.doc = decode(state.present);
    } catch {
      this.forget();
    }
  }
}
