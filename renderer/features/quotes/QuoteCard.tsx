/**
 * One quote of the library (and of an event's page).
 *
 * Owns: how a quote reads — the words, who said them (name and jabatan as saved), where they come
 * from (event, date, place in the recording, a link into the transcript) — its clip to listen to,
 * the "checked against the recording" mark (settable once the clip was heard to its end), copying
 * as a news attribution or as plain text with its source, downloading the clip, editing
 * (QuoteEditForm) and deleting.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAttribution, formatPlainQuote, type AttributionStyle } from '../../../main/api/attribution';
import { formatClock, formatLongDate, formatShortDate } from '../../../main/api/format';
import type { CallInput } from '../../../main/api/contract';
import { clipRoute } from '../../../main/api/routes';
import type { ArchiveSettingsView, QuoteWithEvent, Speaker } from '../../../main/api/schemas';
import { Field } from '../../components/Field';
import { api } from '../../lib/api';
import { copyText } from '../../lib/download';
import { errorMessage, fieldIssues } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf } from '../../lib/router';
import { useAction } from '../../lib/useAction';
import { TagInput } from '../event/TagInput';

export function QuoteCard({
  quote: q,
  settings,
  people,
  showEvent = true,
  onChanged,
}: {
  quote: QuoteWithEvent;
  settings: ArchiveSettingsView | null;
  people: Speaker[] | null;
  showEvent?: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [progress, setProgress] = useState(0);
  const [heard, setHeard] = useState(false);
  const [copied, setCopied] = useState<'attribution' | 'plain' | null>(null);
  // One error line for the card: a change, a deletion, the clip or the clipboard.
  const { run, busy, error, setError } = useAction(async (work: () => Promise<unknown>) => {
    await work();
    onChanged();
  });
  /** Deleted: the card stays (disabled) until the list that no longer has it arrives. */
  const [removed, setRemoved] = useState(false);
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  /** The mark as just clicked, until the host's answer is shown. */
  const [checkedNow, setCheckedNow] = useState<boolean | null>(null);
  useEffect(() => setCheckedNow(null), [q.checked, q.updatedAt]);
  const checkHintId = useId();
  const clipSec = Math.max(0.1, q.end - q.start + 0.5);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const toggle = () => {
    const el = audio.current;
    if (!el) return;
    if (el.paused) {
      for (const other of document.querySelectorAll<HTMLMediaElement>('audio, video')) if (other !== el) other.pause();
      if (el.ended) el.currentTime = 0;
      el.play().catch((e: unknown) => setError(e));
    } else el.pause();
  };

  const verb = settings?.attributionVerb ?? 'ujar';
  const style: AttributionStyle = settings?.attributionStyle ?? 'name-title';
  const attribution = formatAttribution(q, verb, style);
  const plain = () =>
    formatPlainQuote(q, {
      eventTitle: q.eventTitle,
      date: formatLongDate(q.eventDate, lang),
      from: formatClock(q.start),
      to: formatClock(q.end),
    });

  async function copy(kind: 'attribution' | 'plain') {
    setError(null);
    try {
      await copyText(kind === 'attribution' ? attribution : plain());
      setCopied(kind);
    } catch (e) {
      setError(e);
    }
  }

  const update = (patch: CallInput<'quotes.update'>['patch']) => run(() => api.call('quotes.update', { eventId: q.eventId, quoteId: q.id, patch }));
  const remove = async () => setRemoved(await run(() => api.call('quotes.remove', { eventId: q.eventId, quoteId: q.id })));

  const who = [q.speakerName, q.speakerTitle].filter(Boolean).join(', ');
  const editorHref = hrefOf({ name: 'recording', eventId: q.eventId, recordingId: q.recordingId, t: q.start });
  const fileName = `${(q.speakerName || t('quotes.fileName')).replace(/[\\/:*?"<>|]+/g, ' ').trim()} ${formatClock(q.start).replace(/:/g, '.')}.mp3`;

  return (
    <article className={`quote-card${q.checked ? ' quote-checked' : ''}`} data-quote-id={q.id} aria-label={t('quotes.cardLabel', { who: q.speakerName || t('quotes.noSpeaker') })}>
      {mode === 'edit' ? (
        <QuoteEditForm
          quote={q}
          people={people}
          busy={busy}
          error={error}
          onCancel={() => {
            setError(null);
            setMode('view');
          }}
          onSave={async (patch) => {
            if (await update(patch)) setMode('view');
          }}
        />
      ) : (
        <>
          <blockquote className="quote-text">
            <p>“{q.text}”</p>
          </blockquote>
          <p className="quote-who">{who || <span className="muted">{t('quotes.noSpeaker')}</span>}</p>
          <p className="quote-source muted">
            {showEvent && (
              <>
                <a href={hrefOf({ name: 'event', id: q.eventId })}>{q.eventTitle}</a>
                {' · '}
                <time dateTime={q.eventDate}>{formatShortDate(q.eventDate, lang)}</time>
                {' · '}
              </>
            )}
            <a href={editorHref} title={t('quotes.openTranscript')}>
              {formatClock(q.start)}–{formatClock(q.end)}
            </a>
          </p>
          {(q.tags.length > 0 || q.note) && (
            <div className="quote-extra">
              {q.tags.length > 0 && (
                <ul className="tag-list quote-tags" aria-label={t('quotes.tags')}>
                  {q.tags.map((tag) => (
                    <li key={tag} className="tag tag-static">
                      {tag}
                    </li>
                  ))}
                </ul>
              )}
              {q.note && <p className="quote-note">{q.note}</p>}
            </div>
          )}
        </>
      )}

      <div className="quote-check-row">
        <div className="clip">
          <button type="button" className="clip-button" onClick={toggle} aria-label={playing ? t('quotes.pauseClip') : t('quotes.playClip')}>
            <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? t('quotes.pause') : t('quotes.listen')}
          </button>
          <span className="clip-bar" aria-hidden="true">
            <span className="clip-fill" style={{ width: `${Math.round(progress * 100)}%` }} />
          </span>
          <audio
            ref={audio}
            src={clipRoute.url(q)}
            preload="none"
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
            onEnded={() => {
              setPlaying(false);
              setHeard(true);
              setProgress(1);
            }}
            onTimeUpdate={(e) => setProgress(Math.min(1, e.currentTarget.currentTime / clipSec))}
            onError={() => setPlaying(false)}
          />
        </div>
        <label className={`check quote-check${!q.checked && !heard ? ' check-waiting' : ''}`}>
          <input
            type="checkbox"
            name="checked"
            checked={checkedNow ?? q.checked}
            disabled={busy || (!q.checked && !heard)}
            aria-describedby={checkHintId}
            onChange={(e) => {
              const checked = e.target.checked;
              setCheckedNow(checked);
              void update({ checked }).then((ok) => ok || setCheckedNow(null));
            }}
          />
          <span>{t('quotes.checked')}</span>
        </label>
        <small id={checkHintId} className="muted quote-check-hint">
          {q.checked && q.checkedAt
            ? t('quotes.checkedAt', { date: formatShortDate(q.checkedAt.slice(0, 10), lang) })
            : heard
              ? t('quotes.checkNow')
              : t('quotes.checkHint')}
        </small>
      </div>

      {mode !== 'edit' && (
        <div className="quote-actions">
          <button type="button" className="primary" onClick={() => void copy('attribution')} title={attribution}>
            {copied === 'attribution' ? t('quotes.copied') : t('quotes.copyAttribution')}
          </button>
          <button type="button" onClick={() => void copy('plain')}>
            {copied === 'plain' ? t('quotes.copied') : t('quotes.copyPlain')}
          </button>
          <a className="button-link" href={clipRoute.url(q)} download={fileName}>
            {t('quotes.downloadClip')}
          </a>
          <button type="button" onClick={() => setMode('edit')}>
            {t('quotes.edit')}
          </button>
          {mode === 'delete' ? (
            <span className="confirm-inline">
              <span>{t('quotes.deleteConfirm')}</span>
              <button type="button" className="danger" disabled={busy || removed} onClick={() => void remove()}>
                {t('quotes.deleteYes')}
              </button>
              <button type="button" onClick={() => setMode('view')}>
                {t('common.cancel')}
              </button>
            </span>
          ) : (
            <button type="button" className="icon-danger" onClick={() => setMode('delete')}>
              {t('quotes.delete')}
            </button>
          )}
          <span className="visually-hidden" role="status">
            {copied ? t('quotes.copied') : ''}
          </span>
        </div>
      )}
      {mode !== 'edit' && (
        <p className="quote-preview muted" aria-label={t('quotes.preview')}>
          {attribution}
        </p>
      )}
      {error !== null && (
        <p className="field-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
    </article>
  );
}

type QuotePatch = { text?: string; tags?: string[]; note?: string; speakerId?: string | null; checked?: boolean };

function QuoteEditForm({
  quote: q,
  people,
  busy,
  error,
  onCancel,
  onSave,
}: {
  quote: QuoteWithEvent;
  people: Speaker[] | null;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onSave: (patch: QuotePatch) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(q.text);
  const [speakerId, setSpeakerId] = useState<string>(q.speakerId ?? '');
  const [tags, setTags] = useState(q.tags);
  const [note, setNote] = useState(q.note);
  const issues = fieldIssues(t, error, 'patch.');
  const known = !q.speakerId || (people ?? []).some((p) => p.id === q.speakerId);

  return (
    <form
      className="quote-edit"
      onSubmit={(e) => {
        e.preventDefault();
        const patch: QuotePatch = {};
        if (text.trim() !== q.text) {
          patch.text = text;
          // New words have not been checked against the recording.
          if (q.checked) patch.checked = false;
        }
        if ((speakerId || null) !== q.speakerId) patch.speakerId = speakerId || null;
        if (tags.join('\u0000') !== q.tags.join('\u0000')) patch.tags = tags;
        if (note !== q.note) patch.note = note;
        if (Object.keys(patch).length === 0) return onCancel();
        void onSave(patch);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <Field label={t('quotes.text')} issue={issues.get('text')} hint={q.checked ? t('quotes.textHint') : undefined} className="field-wide">
        {(p) => <textarea {...p} name="quoteText" value={text} rows={3} maxLength={5000} autoFocus onChange={(e) => setText(e.target.value)} />}
      </Field>
      <Field label={t('quotes.speaker')} className="field-wide">
        {(p) => (
          <select {...p} name="quoteSpeaker" value={speakerId} onChange={(e) => setSpeakerId(e.target.value)}>
            <option value="">{q.speakerName ? t('quotes.keepName', { name: q.speakerName }) : t('quotes.noSpeaker')}</option>
            {!known && q.speakerId && <option value={q.speakerId}>{q.speakerName}</option>}
            {(people ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {[p.name, p.title].filter(Boolean).join(' — ')}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('quotes.tags')} hint={t('event.tagsHint')} className="field-wide">
        {(p) => <TagInput {...p} tags={tags} onChange={setTags} />}
      </Field>
      <Field label={t('quotes.note')} className="field-wide">
        {(p) => <textarea {...p} name="quoteNote" value={note} rows={2} maxLength={2000} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !text.trim()}>
          {t('quotes.saveEdit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
