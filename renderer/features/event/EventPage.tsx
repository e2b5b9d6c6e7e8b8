/**
 * An event's page (`#/events/<id>`): its details form, recordings, transcripts, speakers, quotes
 * and attachments.
 *
 * Owns: loading the event (again on archive.changed, older answers dropped) and the form's state
 * — the saved values the edit started from and what the inputs hold — so that a change made
 * elsewhere is taken when nothing is being edited, and said when something is.
 */
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import { formatClock, formatLongDate } from '../../../main/api/format';
import type { EventRecord } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { currentLanguage } from '../../lib/i18n';
import { archiveHref } from '../../lib/router';
import { AttachmentsSection } from './AttachmentsSection';
import { EventForm } from './EventForm';
import { isDirty, valuesOf, type FormValues } from './form';
import { RecordingsSection } from './RecordingsSection';
import { EventQuotes } from '../quotes/EventQuotes';
import { EventSpeakers } from '../speakers/EventSpeakers';

export interface FormState {
  /** The revision the edit started from (sent as baseRev). */
  baseRev: number;
  /** The saved values the edit started from. */
  base: FormValues;
  /** What the inputs hold. */
  draft: FormValues;
}

const formOf = (event: EventRecord): FormState => ({ baseRev: event.rev, base: valuesOf(event), draft: valuesOf(event) });

export function EventPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<EventRecord | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<FormState | null>(null);
  /** The event's fields were changed elsewhere while this form has unsaved edits. */
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const formRef = useRef(form);
  formRef.current = form;
  const eventRef = useRef(event);
  eventRef.current = event;
  const latestLoad = useRef(0);

  /** Take a fresher copy of the event; the form follows unless it holds unsaved edits. */
  const accept = useCallback((fresh: EventRecord) => {
    const known = eventRef.current;
    if (known && fresh.rev < known.rev) return; // an older answer overtaken by a newer one
    setEvent(fresh);
    const f = formRef.current;
    if (!f || fresh.rev === f.baseRev) {
      if (!f) setForm(formOf(fresh));
      return;
    }
    if (!isDirty(f.base, valuesOf(fresh))) {
      // Only recordings, attachments or bookkeeping changed: the form (and any edit in it, and
      // the focus) stays; the edit now applies to this revision.
      setForm((current) => (current ? { ...current, baseRev: fresh.rev } : current));
    } else if (!isDirty(f.base, f.draft)) {
      setForm(formOf(fresh));
      setChangedElsewhere(false);
    } else {
      setChangedElsewhere(true);
    }
  }, []);

  const load = useCallback(async () => {
    const request = ++latestLoad.current;
    try {
      const fresh = await api.call('events.get', { id });
      if (request === latestLoad.current) {
        accept(fresh);
        setLoadError(null);
      }
    } catch (e) {
      if (request === latestLoad.current) setLoadError(e);
    }
  }, [id, accept]);

  useEffect(() => {
    void load();
    return api.on('archive.changed', (p) => {
      if (!p.eventId || p.eventId === id) void load();
    });
  }, [id, load]);

  /** "Muat ulang": drop the unsaved edits and take what is stored now. */
  const reload = useCallback(async () => {
    try {
      const fresh = await api.call('events.get', { id });
      setEvent(fresh);
      setForm(formOf(fresh));
      setChangedElsewhere(false);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, [id]);

  const dirty = form ? isDirty(form.base, form.draft) : false;

  // Warn before closing or reloading the window with unsaved edits.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  // A file dropped beside a drop zone must not replace the app with the file.
  useEffect(() => {
    const stop = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  // The title of the window names the event.
  useEffect(() => {
    if (!event) return;
    const before = document.title;
    document.title = `${event.title} — ${t('app.name')}`;
    return () => {
      document.title = before;
    };
  }, [event, t]);

  const lang = currentLanguage();

  if (!event || !form) {
    const notFound = loadError instanceof ApiCallError && loadError.code === 'NOT_FOUND';
    return (
      <section aria-labelledby="event-title">
        <p className="breadcrumb">
          <a href={archiveHref()}>{t('event.backToArchive')}</a>
        </p>
        {notFound ? (
          <div className="empty-state">
            <h1 id="event-title">{t('event.notFoundTitle')}</h1>
            <p>{t('event.notFoundBody')}</p>
          </div>
        ) : loadError ? (
          <>
            <h1 id="event-title">{t('event.pageTitle')}</h1>
            <ErrorBanner error={loadError} />
          </>
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
      </section>
    );
  }

  const totalSec = event.recordings.reduce((sum, r) => sum + r.durationSec, 0);
  const showAgreement = form.draft.type === 'penandatanganan' || form.draft.agreement !== null;

  return (
    <article className="event-page" aria-labelledby="event-title">
      <p className="breadcrumb">
        <a href={archiveHref()}>{t('event.backToArchive')}</a>
      </p>
      <header className="event-head">
        <div>
          <span className={`type-badge type-${event.type}`}>{t(`event.types.${event.type}`)}</span>
          <h1 id="event-title">{event.title}</h1>
          <p className="event-when">
            <time dateTime={event.time ? `${event.date}T${event.time}` : event.date}>
              {formatLongDate(event.date, lang)}
              {event.time && ` · ${t('event.timeAt', { time: event.time })}`}
            </time>
            {(event.venue || event.platform) && <span> · {[event.venue, event.platform].filter(Boolean).join(' · ')}</span>}
          </p>
        </div>
        <nav className="event-toc" aria-label={t('event.sections')}>
          <a href={`#/events/${event.id}`} onClick={jumpTo('section-details')}>
            {t('event.details')}
          </a>
          {showAgreement && (
            <a href={`#/events/${event.id}`} onClick={jumpTo('section-agreement')}>
              {t('agreement.title')}
            </a>
          )}
          <a href={`#/events/${event.id}`} onClick={jumpTo('section-recordings')}>
            {t('recordings.title')} ({event.recordings.length}
            {totalSec > 0 && ` · ${formatClock(totalSec)}`})
          </a>
          <a href={`#/events/${event.id}`} onClick={jumpTo('section-speakers')}>
            {t('eventSpeakers.title')}
          </a>
          <a href={`#/events/${event.id}`} onClick={jumpTo('section-quotes')}>
            {t('quotes.eventTitle')}
          </a>
          <a href={`#/events/${event.id}`} onClick={jumpTo('section-attachments')}>
            {t('attachments.title')} ({event.attachments.length})
          </a>
        </nav>
      </header>

      {loadError !== null && <ErrorBanner error={loadError} onDismiss={() => setLoadError(null)} />}

      <EventForm
        eventId={event.id}
        form={form}
        setForm={setForm}
        dirty={dirty}
        showAgreement={showAgreement}
        changedElsewhere={changedElsewhere}
        onReload={() => void reload()}
        onSaved={(saved) => {
          setEvent(saved);
          setChangedElsewhere(false);
        }}
      />

      <RecordingsSection event={event} />
      <EventSpeakers event={event} />
      <EventQuotes event={event} />
      <AttachmentsSection event={event} />
    </article>
  );
}

/** In-page links: the hash is the route, so scroll (and move focus) without touching it. */
function jumpTo(sectionId: string) {
  return (e: MouseEvent) => {
    e.preventDefault();
    const target = document.getElementById(sectionId);
    if (!target) return;
    target.scrollIntoView({ behavior: 'smooth', block: 'start' });
    target.focus({ preventScroll: true });
  };
}
