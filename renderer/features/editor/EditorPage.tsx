/**
 * A recording's transcript editor (`#/events/<id>/recordings/<rec>`): the player on top, the
 * transcript below — corrected in place, split, merged, speakers given with the keyboard, quotes
 * taken from a selection — saved as one types, with undo, and with the machine transcript kept
 * beside it so every edit can be seen and reverted.
 *
 * Owns: loading the recording's event and transcript and starting an editing session on it
 * (again when another window saves), and the editor's screen, which puts together the parts that
 * live in their own modules: the document's changes (doc.ts), autosave and undo (session.ts), the
 * player (player.ts, PlayerBar), the playhead (usePlayhead), taking quotes (useQuoteDraft), the
 * keyboard (useEditorKeys, ShortcutsPanel), the rows (SegmentRow) and the speakers (SpeakerPanel,
 * with "Kenali pembicara": DiarizationBar, voices.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import { formatClock, formatLongDate } from '../../../main/api/format';
import { mediaRoute } from '../../../main/api/routes';
import type { EventRecord, MachineTranscript, Quote, RecordingRecord, TranscriptView, WorkingTranscript } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { useDirectory } from '../../lib/directory';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf } from '../../lib/router';
import { DiarizationBar } from '../diarization/DiarizationBar';
import { useDiarization } from '../diarization/useDiarization';
import { mergeLabels, removeLabel, updateLabel } from './doc';
import { ExportButtons } from './ExportButtons';
import { ImportTranscript } from './ImportTranscript';
import { PlayerBar } from './PlayerBar';
import { usePlayer } from './player';
import { RecordingQuotes } from './RecordingQuotes';
import { SaveStatus, segmentIssues } from './SaveStatus';
import { SegmentRow } from './SegmentRow';
import { EditorSession, forgetHistory, type SessionSnapshot } from './session';
import { ShortcutsPanel } from './ShortcutsPanel';
import { SpeakerPanel, useLabelViews } from './SpeakerPanel';
import { useEdits } from './useEdits';
import { useEditorKeys } from './useEditorKeys';
import { useFollow, usePlayhead } from './usePlayhead';
import { useQuoteDraft } from './useQuoteDraft';
import { labelVoices } from './voices';

/** The editor's page: the event and transcript loaded, then the editor (or why not). */
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
  const { follow, setFollow, toggleFollow } = useFollow();
  const listRef = useRef<HTMLOListElement>(null);
  const [notice, setNotice] = useState<{ text: string; quote?: Quote } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [quotesVersion, setQuotesVersion] = useState(0);
  const eventId = event.id;
  const recordingId = recording.id;
  const lang = currentLanguage();

  const machineMap = useMemo(() => (machine ? new Map(machine.segments.map((s) => [s.id, s])) : null), [machine]);
  const { now, locate } = usePlayhead({ player, doc, list: listRef, follow, startAt, autoplay });

  // A notice goes away by itself after a while.
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), notice.quote ? 12_000 : 5000);
    return () => clearTimeout(timer);
  }, [notice]);

  const notify = useCallback((text: string) => setNotice({ text }), []);
  const { commit, current, actions, rowActions, register, newLabel, targets, assign, labelName } = useEdits({
    session,
    doc,
    player,
    list: listRef,
    locate,
    machineMap,
    people,
    t,
    notify,
  });

  // Quotes and the keyboard.
  const onNoDraft = useCallback(() => setNotice({ text: t('editor.quote.selectFirst') }), [t]);
  const onQuoteSaved = useCallback(
    (quote: Quote) => {
      setNotice({ text: t('editor.quote.saved'), quote });
      setQuotesVersion((v) => v + 1);
    },
    [t],
  );
  const quote = useQuoteDraft({ list: listRef, doc, session, eventId, recordingId, onNoDraft, onSaved: onQuoteSaved });
  const { draft, saving: savingQuote } = quote;
  const saveQuote = quote.save;

  useEditorKeys({
    player,
    session,
    assign,
    newSpeaker: () => {
      const id = newLabel(targets());
      setNotice({ text: t('editor.speakers.created', { name: labelName(id) }) });
    },
    saveQuote: () => void saveQuote(),
    toggleFollow,
  });

  // Warn before closing the window with a change not yet saved.
  useEffect(() => {
    if (!snap.dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [snap.dirty]);

  // Save what is pending when leaving the page.
  useEffect(() => () => void session?.flush(), [session]);

  // What the screen shows.
  const { rows: labelBase, panel: labelViews } = useLabelViews(doc, people);
  const diarization = useDiarization(eventId, recordingId);
  const voices = useMemo(() => labelVoices(diarization.view, { labels: doc.labels, segments: doc.segments }), [diarization.view, doc.labels, doc.segments]);
  const playSample = useCallback(
    (start: number, end: number) => {
      player.seek(start);
      player.play();
      const off = player.onTime((sec) => {
        if (sec >= end || sec < start - 0.5) {
          if (sec >= end) player.pause();
          off();
        }
      });
    },
    [player],
  );
  const issues = useMemo(() => segmentIssues(t, snap.error), [snap.error, t]);
  const lowTitle = useCallback((p: number) => t('transcript.lowConfidence', { percent: Math.round(p * 100) }), [t]);

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
          <ErrorBanner error={quote.error} onDismiss={quote.dismissError} />
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
              voices={voices}
              onMerge={(from, into) => {
                const names = { from: labelName(from), into: labelName(into) };
                commit(mergeLabels(current(), from, into));
                setNotice({ text: t('diarization.merged', names) });
              }}
              onSample={playSample}
            >
              <DiarizationBar eventId={eventId} recordingId={recordingId} name={name} state={diarization} compact />
            </SpeakerPanel>
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

