import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import { formatClock, formatLongDate } from '../../../main/api/format';
import { mediaRoute } from '../../../main/api/routes';
import type { EventRecord, MachineTranscript, Quote, RecordingRecord, TranscriptSegment, TranscriptView, WorkingTranscript } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { useDirectory } from '../../lib/directory';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf } from '../../lib/router';
import {
  addLabel,
  deleteSegment,
  indexOf,
  machineTextOf,
  mergeWithNext,
  removeLabel,
  revertSegment,
  setSpeaker,
  setSpeakerRun,
  setText,
  splitSegment,
  tidy,
  timedWords,
  tokenize,
  updateLabel,
  type Doc,
} from './doc';
import { ExportButtons } from './ExportButtons';
import { ImportTranscript } from './ImportTranscript';
import { PlayerBar } from './PlayerBar';
import { usePlayer, type Player } from './player';
import { draftFromSelection, selectedSegmentIds, type QuoteDraft } from './quoteSelection';
import { EditorSession, forgetHistory, type SessionSnapshot } from './session';
import { SegmentText, type SegmentHandle, type TextActions } from './SegmentText';
import { SPEAKER_COLORS, SpeakerPanel, type LabelView } from './SpeakerPanel';

const FOLLOW_KEY = 'risalah.editor.follow';

/**
 * A recording's transcript editor (`#/events/<id>/recordings/<rec>`): the player on top, the
 * transcript below — corrected in place, split, merged, speakers given with the keyboard, quotes
 * taken from a selection — saved as one types, with undo, and with the machine transcript kept
 * beside it so every edit can be seen and reverted.
 */
export function EditorPage({
  eventId,
  recordingId,
  startAt,
  autoplay = false,
}: {
  eventId: string;
  recordingId: string;
  startAt?: number | undefined;
  /** Play from `startAt` at once (a search hit was opened). */
  autoplay?: boolean;
}) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<EventRecord | null>(null);
  const [view, setView] = useState<TranscriptView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [session, setSession] = useState<EditorSession | null>(null);
  const sessionRef = useRef<EditorSession | null>(null);

  const start = useCallback(
    (working: WorkingTranscript | null, durationSec: number, forget = false) => {
      sessionRef.current?.dispose();
      if (forget) forgetHistory(eventId, recordingId);
      const next = working ? new EditorSession(eventId, recordingId, durationSec, working) : null;
      sessionRef.current = next;
      setSession(next);
    },
    [eventId, recordingId],
  );

  const load = useCallback(
    async (forget = false) => {
      try {
        const [ev, tv] = await Promise.all([api.call('events.get', { id: eventId }), api.call('transcripts.get', { eventId, recordingId })]);
        const rec = ev.recordings.find((r) => r.id === recordingId);
        setEvent(ev);
        setView(tv);
        setLoadError(null);
        if (rec) start(tv.working, rec.durationSec, forget);
      } catch (e) {
        setLoadError(e);
      }
    },
    [eventId, recordingId, start],
  );

  useEffect(() => {
    void load();
    return () => sessionRef.current?.dispose();
  }, [load]);

  // Saved in another window: take it when nothing here is unsaved, else say so.
  useEffect(
    () =>
      api.on('transcript.saved', (p) => {
        if (p.eventId !== eventId || p.recordingId !== recordingId) return;
        const s = sessionRef.current;
        if (!s) {
          void load();
          return;
        }
        if (s.noteSavedElsewhere(p.rev) === 'reload') void load(true);
      }),
    [eventId, recordingId, load],
  );

  // A transcription that finishes while the editor waits for a transcript.
  useEffect(
    () =>
      api.on('archive.changed', (p) => {
        if (p.eventId === eventId && !sessionRef.current) void load();
      }),
    [eventId, load],
  );

  const recording = event?.recordings.find((r) => r.id === recordingId) ?? null;
  const name = recording ? recording.title || recording.originalName : '';

  useEffect(() => {
    if (!event || !recording) return;
    const before = document.title;
    document.title = `${name} — ${event.title} — ${t('app.name')}`;
    return () => {
      document.title = before;
    };
  }, [event, recording, name, t]);

  if (!event || !recording || !view) {
    const notFound = loadError instanceof ApiCallError && loadError.code === 'NOT_FOUND';
    return (
      <section aria-labelledby="editor-title">
        <p className="breadcrumb">
          <a href={event ? hrefOf({ name: 'event', id: event.id }) : hrefOf({ name: 'archive' })}>{event ? `← ${event.title}` : t('event.backToArchive')}</a>
        </p>
        {notFound || (event && !recording) ? (
          <div className="empty-state">
            <h1 id="editor-title">{t('editor.notFoundTitle')}</h1>
            <p>{t('editor.notFoundBody')}</p>
          </div>
        ) : loadError ? (
          <>
            <h1 id="editor-title">{t('editor.title')}</h1>
            <ErrorBanner error={loadError} />
          </>
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
      </section>
    );
  }

  return (
    <Editor
      key={session ? 'session' : 'empty'}
      event={event}
      recording={recording}
      name={name}
      machine={view.machine}
      session={session}
      startAt={startAt}
      autoplay={autoplay}
      onImported={(working) => {
        start(working, recording.durationSec, true);
        void api.call('transcripts.get', { eventId, recordingId }).then(setView, () => undefined);
      }}
      onReload={() => void load(true)}
    />
  );
}

const NO_SESSION_SNAPSHOT: SessionSnapshot = {
  doc: { labels: [], segments: [] },
  rev: 0,
  state: 'saved',
  error: null,
  canUndo: false,
  canRedo: false,
  dirty: false,
};
const noSubscribe = () => () => undefined;

interface Now {
  seg: number;
  word: number;
}

function Editor({
  event,
  recording,
  name,
  machine,
  session,
  startAt,
  autoplay,
  onImported,
  onReload,
}: {
  event: EventRecord;
  recording: RecordingRecord;
  name: string;
  machine: MachineTranscript | null;
  session: EditorSession | null;
  startAt: number | undefined;
  autoplay: boolean;
  onImported: (working: WorkingTranscript) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(session?.subscribe ?? noSubscribe, session?.getSnapshot ?? (() => NO_SESSION_SNAPSHOT));
  const doc = snap.doc;
  const people = useDirectory();
  const player = usePlayer(recording.durationSec);
  const playerRef = useRef<Player>(player);
  playerRef.current = player;
  const [follow, setFollowState] = useState(() => {
    try {
      return localStorage.getItem(FOLLOW_KEY) !== '0';
    } catch {
      return true;
    }
  });
  const followRef = useRef(follow);
  followRef.current = follow;
  const setFollow = useCallback((on: boolean) => {
    setFollowState(on);
    try {
      localStorage.setItem(FOLLOW_KEY, on ? '1' : '0');
    } catch {
      // storage unavailable
    }
  }, []);
  const [now, setNow] = useState<Now>({ seg: -1, word: -1 });
  const registry = useRef(new Map<string, SegmentHandle>());
  const listRef = useRef<HTMLOListElement>(null);
  const docRef = useRef(doc);
  docRef.current = doc;
  const [draft, setDraft] = useState<QuoteDraft | null>(null);
  const [notice, setNotice] = useState<{ text: string; quote?: Quote } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [savingQuote, setSavingQuote] = useState(false);
  const [quotesVersion, setQuotesVersion] = useState(0);
  const focusRequest = useRef<{ id: string; at: number | 'start' | 'end' } | null>(null);
  const eventId = event.id;
  const recordingId = recording.id;
  const lang = currentLanguage();

  const machineMap = useMemo(() => (machine ? new Map(machine.segments.map((s) => [s.id, s])) : null), [machine]);

  // ---- the playhead: the segment and word being heard -----------------------------------------
  const locate = useCallback((sec: number): Now => {
    const segs = docRef.current.segments;
    let lo = 0;
    let hi = segs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((segs[mid] as { start: number }).start <= sec) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // (segments may overlap a little: the latest one that still lasts)
    for (let i = found; i >= 0 && i > found - 3; i--) {
      const s = segs[i];
      if (s && sec < s.end) {
        const words = timedWords(s);
        let word = -1;
        if (words) for (let w = 0; w < words.length && (words[w] as { start: number }).start <= sec; w++) word = w;
        return { seg: i, word };
      }
    }
    return { seg: -1, word: -1 };
  }, []);

  useEffect(
    () =>
      player.onTime((sec) => {
        const next = locate(sec);
        setNow((prev) => (prev.seg === next.seg && prev.word === next.word ? prev : next));
      }),
    [player, locate],
  );
  useEffect(() => {
    const next = locate(playerRef.current.time());
    setNow((prev) => (prev.seg === next.seg && prev.word === next.word ? prev : next));
  }, [doc, locate]);

  // A notice goes away by itself after a while.
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), notice.quote ? 12_000 : 5000);
    return () => clearTimeout(timer);
  }, [notice]);

  // Follow playback: bring the segment being heard into view (not while typing in a segment).
  const nowId = doc.segments[now.seg]?.id;
  useEffect(() => {
    if (!followRef.current || !player.playing || !nowId) return;
    const active = document.activeElement as HTMLElement | null;
    if (active?.isContentEditable) return;
    const row = listRef.current?.querySelector<HTMLElement>(`li[data-seg-id="${nowId}"]`);
    row?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [nowId, player.playing, follow]);

  // Start where the link said (a quote's place), and play from there when asked (a search hit).
  useEffect(() => {
    if (startAt === undefined && !autoplay) return;
    const el = player.ref.current;
    const go = () => {
      if (startAt !== undefined) {
        player.seek(startAt);
        const s = locate(startAt);
        const id = docRef.current.segments[s.seg]?.id;
        if (id) listRef.current?.querySelector(`li[data-seg-id="${id}"]`)?.scrollIntoView({ block: 'center' });
      }
      if (autoplay && el?.paused) {
        for (const other of document.querySelectorAll<HTMLMediaElement>('audio, video')) if (other !== el) other.pause();
        // Refused without a user gesture (a link opened cold): then it just waits at that place.
        el.play().catch(() => undefined);
        // Once: a reload or a step back and forth opens the place without playing again.
        const [bare = '', query = ''] = location.hash.split('?', 2);
        const params = new URLSearchParams(query);
        if (params.has('play')) {
          params.delete('play');
          const rest = params.toString();
          history.replaceState(null, '', `${bare}${rest ? `?${rest}` : ''}`);
        }
      }
    };
    if (el && el.readyState >= 1) go();
    else el?.addEventListener('loadedmetadata', go, { once: true });
    return () => el?.removeEventListener('loadedmetadata', go);
    // (once, when the editor opens)
  }, [startAt, autoplay, player.ref, player.seek, locate]);

  // ---- changes ---------------------------------------------------------------------------------
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
    const list = listRef.current;
    if (list) {
      const selected = selectedSegmentIds(list);
      if (selected.length > 1) return selected;
      const active = document.activeElement?.closest<HTMLElement>('[data-seg-id]');
      if (active?.dataset.segId) return [active.dataset.segId];
      if (selected.length === 1) return selected;
    }
    const heard = docRef.current.segments[locate(playerRef.current.time()).seg];
    return heard ? [heard.id] : [];
  }, [locate]);

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
        setNotice({ text: t('editor.speakers.noTarget') });
        return;
      }
      if (n === 0) {
        commit(setSpeaker(doc, ids, null));
        setNotice({ text: t('editor.speakers.cleared', { count: ids.length }) });
        return;
      }
      const label = doc.labels[n - 1];
      if (!label) {
        setNotice({ text: t('editor.speakers.noSuchLabel', { n }) });
        return;
      }
      const next = run ? setSpeakerRun(doc, indexOf(doc, ids[0] as string), label.id) : setSpeaker(doc, ids, label.id);
      const count = next.segments.filter((s, i) => s !== doc.segments[i]).length;
      commit(next);
      setNotice({ text: t('editor.speakers.assigned', { name: labelName(label.id), count: Math.max(count, ids.length) }) });
    },
    [commit, current, targets, labelName, t],
  );

  // ---- quotes ----------------------------------------------------------------------------------
  useEffect(() => {
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const list = listRef.current;
        setDraft(list ? draftFromSelection(list, docRef.current) : null);
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
  }, []);

  const draftRef = useRef(draft);
  draftRef.current = draft;
  const saveQuote = useCallback(async () => {
    const d = draftRef.current;
    if (!d) {
      setNotice({ text: t('editor.quote.selectFirst') });
      return;
    }
    if (!session) return;
    setSavingQuote(true);
    setActionError(null);
    try {
      // The host takes the speaker from the saved transcript: save first.
      if (!(await session.flush())) throw session.getSnapshot().error ?? new ApiCallError({ code: 'INTERNAL', message: 'not saved' });
      const quote = await api.call('quotes.add', { eventId, recordingId, start: d.start, end: d.end, text: d.text });
      getSelection()?.removeAllRanges();
      setDraft(null);
      setNotice({ text: t('editor.quote.saved'), quote });
      setQuotesVersion((v) => v + 1);
    } catch (e) {
      setActionError(e);
    } finally {
      setSavingQuote(false);
    }
  }, [session, eventId, recordingId, t]);

  // ---- keyboard --------------------------------------------------------------------------------
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      const inSegment = !!target?.closest?.('.seg-text');
      const inField = !inSegment && !!target?.matches?.('input, textarea, select, [contenteditable]');
      const p = playerRef.current;
      const handled = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if ((e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.shiftKey && !e.metaKey) || (e.ctrlKey && !e.altKey && e.code === 'Space')) {
        if (e.key === 'Escape' && target?.closest?.('dialog')) return;
        handled();
        p.toggle();
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const digit = /^Digit(\d)$/.exec(e.code)?.[1] ?? /^Numpad(\d)$/.exec(e.code)?.[1];
        if (e.key === 'ArrowLeft') {
          handled();
          p.skip(-5);
        } else if (e.key === 'ArrowRight') {
          handled();
          p.skip(5);
        } else if (e.key === 'ArrowDown') {
          handled();
          p.stepRate(-1);
        } else if (e.key === 'ArrowUp') {
          handled();
          p.stepRate(1);
        } else if (digit !== undefined && session) {
          handled();
          assign(Number(digit), e.shiftKey);
        } else if (e.code === 'KeyN' && session) {
          handled();
          const ids = targets();
          const id = newLabel(ids);
          setNotice({ text: t('editor.speakers.created', { name: labelName(id) }) });
        } else if (e.code === 'KeyK') {
          handled();
          void saveQuote();
        } else if (e.code === 'KeyF') {
          handled();
          setFollow(!followRef.current);
        }
        return;
      }
      if ((e.ctrlKey || e.metaKey) && !e.altKey && session && !inField) {
        if (e.code === 'KeyZ' && !e.shiftKey) {
          handled();
          session.undo();
        } else if ((e.code === 'KeyZ' && e.shiftKey) || e.code === 'KeyY') {
          handled();
          session.redo();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session, assign, targets, newLabel, labelName, saveQuote, setFollow, t]);

  // Warn before closing the window with a change not yet saved.
  useEffect(() => {
    if (!snap.dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [snap.dirty]);

  // Save what is pending when leaving the page.
  useEffect(() => () => void session?.flush(), [session]);

  // ---- what the screen shows ------------------------------------------------------------------
  // What rows show of a label changes with the labels and the directory only (not with every
  // keystroke: rows are memoised); the panel adds who speaks how much.
  const labelBase = useMemo<LabelView[]>(
    () =>
      doc.labels.map((label, i) => {
        const person = label.speakerId ? (people?.find((p) => p.id === label.speakerId) ?? null) : null;
        return {
          label,
          person,
          name: person?.name ?? label.name,
          title: person?.title ?? '',
          color: SPEAKER_COLORS[i % SPEAKER_COLORS.length] as string,
          segments: 0,
          seconds: 0,
        };
      }),
    [doc.labels, people],
  );
  const labelViews = useMemo<LabelView[]>(() => {
    const stats = new Map<string, { segments: number; seconds: number }>();
    for (const s of doc.segments) {
      if (!s.speaker) continue;
      const st = stats.get(s.speaker) ?? { segments: 0, seconds: 0 };
      st.segments++;
      st.seconds += Math.max(0, s.end - s.start);
      stats.set(s.speaker, st);
    }
    return labelBase.map((l) => ({ ...l, segments: stats.get(l.label.id)?.segments ?? 0, seconds: stats.get(l.label.id)?.seconds ?? 0 }));
  }, [doc.segments, labelBase]);

  const issues = useMemo(() => {
    const out = new Map<number, string>();
    const err = snap.error;
    if (err instanceof ApiCallError && err.code === 'INVALID_INPUT') {
      for (const issue of err.issues) {
        const m = /^segments\.(\d+)\.(\w+):\s*(.*)$/.exec(issue);
        if (m) out.set(Number(m[1]), segmentIssue(t, m[2] as string, m[3] as string));
      }
    }
    return out;
  }, [snap.error, t]);

  const lowTitle = useCallback((p: number) => t('transcript.lowConfidence', { percent: Math.round(p * 100) }), [t]);

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

  const source =
    session === null
      ? ''
      : machine && doc.segments.some((s) => machineMap?.has(s.id))
        ? t('editor.source.machine', { model: machine.model.id ?? machine.model.file })
        : t('editor.source.import');

  return (
    <article className="editor-page" aria-labelledby="editor-title">
      <p className="breadcrumb">
        <a href={hrefOf({ name: 'event', id: eventId })}>← {event.title}</a>
      </p>
      <header className="editor-head">
        <div className="editor-heading">
          <h1 id="editor-title">{name}</h1>
          <p className="muted editor-meta">
            <span>{formatLongDate(event.date, lang)}</span>
            <span>
              {t('recording.duration')} {formatClock(recording.durationSec)}
            </span>
            {source && <span>{source}</span>}
            {session && <span>{t('editor.segments', { count: doc.segments.length })}</span>}
          </p>
        </div>
        <div className="editor-tools">
          {session && <SaveStatus snap={snap} onRetry={() => session.retry()} />}
          {session && (
            <div className="button-group" role="group" aria-label={t('editor.history')}>
              <button type="button" disabled={!snap.canUndo} aria-keyshortcuts="Control+Z" title={`${t('editor.undo')} (Ctrl+Z)`} onClick={() => session.undo()}>
                ↶ {t('editor.undo')}
              </button>
              <button type="button" disabled={!snap.canRedo} aria-keyshortcuts="Control+Shift+Z Control+Y" title={`${t('editor.redo')} (Ctrl+Shift+Z)`} onClick={() => session.redo()}>
                ↷ {t('editor.redo')}
              </button>
            </div>
          )}
        </div>
      </header>

      {snap.state === 'conflict' && session && (
        <div className="banner banner-warn savebar-banner" role="alert">
          <p>{t('editor.conflict')}</p>
          <div className="form-actions">
            <button type="button" className="primary" onClick={onReload}>
              {t('editor.conflictReload')}
            </button>
            <button type="button" onClick={() => void session.overwrite().catch((e: unknown) => setActionError(e))}>
              {t('editor.conflictOverwrite')}
            </button>
          </div>
        </div>
      )}

      <audio ref={player.ref} src={mediaRoute.url(eventId, recordingId)} preload="auto" {...player.mediaEvents} />
      <PlayerBar eventId={eventId} recordingId={recordingId} name={name} player={player} follow={follow} onFollow={setFollow} />

      <div className="editor-body">
        <section className="editor-transcript" aria-labelledby="editor-transcript-title">
          <div className="editor-toolbar">
            <h2 id="editor-transcript-title" className="visually-hidden">
              {t('editor.transcript')}
            </h2>
            {session && (
              <button
                type="button"
                className="primary"
                disabled={!draft || savingQuote}
                aria-keyshortcuts="Alt+K"
                title={draft ? undefined : t('editor.quote.selectFirst')}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void saveQuote()}
              >
                {t('editor.quote.save')} <kbd>Alt+K</kbd>
              </button>
            )}
            <ImportTranscript
              eventId={eventId}
              recordingId={recordingId}
              hasTranscript={doc.segments.length > 0}
              before={() => session?.flush() ?? Promise.resolve()}
              onImported={onImported}
            />
            {session && <ExportButtons eventId={eventId} recordingId={recordingId} before={() => session.flush()} />}
          </div>
          <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />
          {snap.state === 'error' && snap.error !== null && issues.size === 0 && (
            <ErrorBanner error={snap.error} onDismiss={() => session?.retry()} />
          )}
          {!session ? (
            <div className="empty-state editor-empty">
              <h2>{t('editor.empty.title')}</h2>
              <p>{t('editor.empty.body')}</p>
              <p>
                <a href={hrefOf({ name: 'event', id: eventId })}>{t('editor.empty.transcribe')}</a>
              </p>
            </div>
          ) : doc.segments.length === 0 ? (
            <p className="muted empty-line">{t('editor.noSegments')}</p>
          ) : (
            <ol ref={listRef} className="ed-segments" aria-label={t('transcript.segmentsLabel', { count: doc.segments.length })}>
              {doc.segments.map((seg, i) => (
                <SegmentRow
                  key={seg.id}
                  seg={seg}
                  index={i}
                  last={i === doc.segments.length - 1}
                  labels={labelBase}
                  isNow={i === now.seg}
                  nowWord={i === now.seg ? now.word : -1}
                  machine={machineMap?.get(seg.id)}
                  issue={issues.get(i)}
                  actions={actions}
                  rowActions={rowActions}
                  register={register}
                  lowTitle={lowTitle}
                />
              ))}
            </ol>
          )}
        </section>
        <aside className="editor-side" aria-label={t('editor.side')}>
          {session && (
            <SpeakerPanel
              labels={labelViews}
              people={people}
              onRename={(id, n) => commit(updateLabel(current(), id, { name: n }))}
              onLink={(id, speakerId) => commit(updateLabel(current(), id, { speakerId }))}
              onRemove={(id) => commit(removeLabel(current(), id))}
              onNew={() => {
                newLabel([]);
              }}
            />
          )}
          <RecordingQuotes eventId={eventId} recordingId={recordingId} version={quotesVersion} onPlay={rowActions.playFrom} />
          <ShortcutsPanel />
        </aside>
      </div>

      {draft && session && (
        <button
          type="button"
          className="quote-float primary"
          style={{ left: Math.min(draft.anchor.x, window.innerWidth - 180), top: Math.min(draft.anchor.y + 6, window.innerHeight - 48) }}
          disabled={savingQuote}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => void saveQuote()}
        >
          {t('editor.quote.save')}
        </button>
      )}
      <div className="toast" role="status" aria-live="polite">
        {notice && (
          <p>
            {notice.text}
            {notice.quote && (
              <>
                {' '}
                <a href={hrefOf({ name: 'quotes', filter: { eventId } })}>{t('editor.quote.openLibrary')}</a>
              </>
            )}
            <button type="button" className="link-button" onClick={() => setNotice(null)}>
              {t('errors.dismiss')}
            </button>
          </p>
        )}
      </div>
    </article>
  );
}

function segmentIssue(t: TFunction, field: string, problem: string): string {
  if (/after the end/.test(problem)) return t('editor.issues.afterEnd');
  if (/before its start/.test(problem)) return t('editor.issues.endBeforeStart');
  if (/out of order/.test(problem)) return t('editor.issues.order');
  if (field === 'speaker') return t('editor.issues.speaker');
  if (/too big|too long|<=/i.test(problem)) return t('validation.tooLong');
  if (/control characters/i.test(problem)) return t('validation.controlCharacters');
  return t('validation.invalid');
}

function SaveStatus({ snap, onRetry }: { snap: SessionSnapshot; onRetry: () => void }) {
  const { t } = useTranslation();
  const text =
    snap.state === 'saving'
      ? t('common.saving')
      : snap.state === 'pending'
        ? t('editor.save.pending')
        : snap.state === 'error'
          ? t('editor.save.error')
          : snap.state === 'conflict'
            ? t('editor.save.conflict')
            : t('common.saved');
  return (
    <p className={`save-status save-${snap.state}`} role="status" data-state={snap.state} data-rev={snap.rev}>
      <span className="save-dot" aria-hidden="true" />
      {text}
      {snap.state === 'error' && (
        <button type="button" className="link-button" onClick={onRetry}>
          {t('editor.save.retry')}
        </button>
      )}
    </p>
  );
}

const NEW_LABEL = '__new';

interface RowActions {
  speaker(id: string, value: string): void;
  split(id: string): void;
  mergeWithNext(id: string): void;
  remove(id: string): void;
  revert(id: string): void;
  playFrom(sec: number): void;
}

const SegmentRow = memo(function SegmentRow({
  seg,
  index,
  last,
  labels,
  isNow,
  nowWord,
  machine,
  issue,
  actions,
  rowActions,
  register,
  lowTitle,
}: {
  seg: Doc['segments'][number];
  index: number;
  last: boolean;
  labels: LabelView[];
  isNow: boolean;
  nowWord: number;
  machine: TranscriptSegment | undefined;
  issue: string | undefined;
  actions: TextActions;
  rowActions: RowActions;
  register: (id: string, handle: SegmentHandle | null) => void;
  lowTitle: (p: number) => string;
}) {
  const { t } = useTranslation();
  const [showMachine, setShowMachine] = useState(false);
  const time = formatClock(seg.start);
  const label = labels.find((l) => l.label.id === seg.speaker);
  const machineText = machineTextOf(machine, seg);
  const timed = timedWords(seg);
  const who = label?.name ?? t('editor.speakers.nobody');
  return (
    <li
      className={`ed-seg${isNow ? ' ed-seg-now' : ''}${issue ? ' ed-seg-invalid' : ''}${machineText !== null ? ' ed-seg-edited' : ''}`}
      data-seg-id={seg.id}
      data-index={index}
      aria-current={isNow ? 'true' : undefined}
      style={label ? ({ '--spk': label.color } as CSSProperties) : undefined}
    >
      <div className="ed-seg-side">
        <button type="button" className="segment-time" aria-label={t('transcript.playFrom', { time })} onClick={() => rowActions.playFrom(seg.start)}>
          {time}
        </button>
      </div>
      <div className="ed-seg-main">
        <div className="ed-seg-head">
          <select
            className="ed-speaker"
            name="segmentSpeaker"
            aria-label={t('editor.speakerOf', { time })}
            value={seg.speaker ?? ''}
            onChange={(e) => rowActions.speaker(seg.id, e.target.value)}
          >
            <option value="">{t('editor.speakers.nobody')}</option>
            {labels.map((l) => (
              <option key={l.label.id} value={l.label.id}>
                {l.name}
              </option>
            ))}
            <option value={NEW_LABEL}>{t('editor.speakers.newOption')}</option>
          </select>
          {label?.title && <span className="ed-seg-title">{label.title}</span>}
          {machineText !== null && (
            <>
              <button type="button" className="badge badge-edited" aria-expanded={showMachine} title={t('editor.machine.hint')} onClick={() => setShowMachine((s) => !s)}>
                {t('editor.machine.edited')}
              </button>
              <button type="button" className="link-button ed-revert" onClick={() => rowActions.revert(seg.id)}>
                {t('editor.machine.revert')}
                <span className="visually-hidden"> {time}</span>
              </button>
            </>
          )}
          <span className="ed-seg-actions">
            <button type="button" className="icon-button" title={`${t('editor.split')} (Enter)`} onMouseDown={(e) => e.preventDefault()} onClick={() => rowActions.split(seg.id)}>
              <span aria-hidden="true">✂</span>
              <span className="visually-hidden">
                {t('editor.split')} {time}
              </span>
            </button>
            <button type="button" className="icon-button" disabled={last} title={`${t('editor.merge')} (Delete)`} onClick={() => rowActions.mergeWithNext(seg.id)}>
              <span aria-hidden="true">⤓</span>
              <span className="visually-hidden">
                {t('editor.merge')} {time}
              </span>
            </button>
            <button type="button" className="icon-button icon-danger" title={t('editor.delete')} onClick={() => rowActions.remove(seg.id)}>
              <span aria-hidden="true">✕</span>
              <span className="visually-hidden">
                {t('editor.delete')} {time}
              </span>
            </button>
          </span>
        </div>
        <SegmentText
          seg={seg}
          timed={timed}
          nowWord={nowWord}
          label={t('editor.textOf', { time, who })}
          lowTitle={lowTitle}
          actions={actions}
          register={register}
        />
        {showMachine && machineText !== null && (
          <p className="ed-machine">
            <span className="muted">{t('editor.machine.label')}</span> {machineText}
          </p>
        )}
        {issue && <small className="field-error">{issue}</small>}
      </div>
    </li>
  );
});

function RecordingQuotes({ eventId, recordingId, version, onPlay }: { eventId: string; recordingId: string; version: number; onPlay: (sec: number) => void }) {
  const { t } = useTranslation();
  const [quotes, setQuotes] = useState<Quote[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => api.on('quotes.changed', (p) => p.eventId === eventId && setTick((n) => n + 1)), [eventId]);
  useEffect(() => {
    let live = true;
    api.call('quotes.list', { eventId }).then(
      (list) => live && setQuotes(list.filter((q) => q.recordingId === recordingId)),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [eventId, recordingId, version, tick]);
  return (
    <section className="side-card" aria-labelledby="recording-quotes-title">
      <div className="side-card-head">
        <h2 id="recording-quotes-title">{t('editor.quotes.title')}</h2>
        <a href={hrefOf({ name: 'quotes', filter: { eventId } })} className="small-inline">
          {t('editor.quotes.library')}
        </a>
      </div>
      {error !== null && <p className="field-error">{errorMessage(t, error)}</p>}
      {quotes && quotes.length === 0 && <p className="muted small-inline">{t('editor.quotes.none')}</p>}
      {quotes && quotes.length > 0 && (
        <ul className="mini-quotes">
          {quotes.map((q) => (
            <li key={q.id}>
              <button type="button" className="mini-quote" onClick={() => onPlay(q.start)}>
                <span className="mini-quote-time">{formatClock(q.start)}</span>
                <span className="mini-quote-text">“{q.text}”</span>
                <span className="muted mini-quote-who">{q.speakerName || t('quotes.noSpeaker')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ShortcutsPanel() {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    ['Esc · Ctrl+Space', t('editor.shortcuts.playPause')],
    ['Alt+← / Alt+→', t('editor.shortcuts.skip')],
    ['Alt+↓ / Alt+↑', t('editor.shortcuts.speed')],
    ['Alt+1…9', t('editor.shortcuts.speaker')],
    ['Alt+Shift+1…9', t('editor.shortcuts.speakerRun')],
    ['Alt+0', t('editor.shortcuts.speakerClear')],
    ['Alt+N', t('editor.shortcuts.newSpeaker')],
    ['Alt+K', t('editor.shortcuts.quote')],
    ['Alt+F', t('editor.shortcuts.follow')],
    ['Enter', t('editor.shortcuts.split')],
    ['Backspace · Delete', t('editor.shortcuts.merge')],
    ['↑ / ↓', t('editor.shortcuts.move')],
    ['Ctrl+Z', t('editor.shortcuts.undo')],
    ['Ctrl+Shift+Z · Ctrl+Y', t('editor.shortcuts.redo')],
  ];
  return (
    <section className="side-card shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t('editor.shortcuts.title')}</h2>
      <dl className="shortcut-list">
        {rows.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small-inline side-hint">{t('editor.shortcuts.note')}</p>
    </section>
  );
}
