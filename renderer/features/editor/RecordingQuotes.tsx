/**
 * The quotes taken from this recording, in the editor's side column: each plays the recording
 * from its start; the library link opens all of the event's quotes. Follows `quotes.changed`.
 */
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../../main/api/format';
import { errorMessage } from '../../lib/errors';
import { hrefOf } from '../../lib/router';
import { useCall } from '../../lib/useCall';

export function RecordingQuotes({
  eventId,
  recordingId,
  version,
  onPlay,
}: {
  eventId: string;
  recordingId: string;
  /** Changed by the editor when it saved a quote: ask again at once. */
  version: number;
  onPlay: (sec: number) => void;
}) {
  const { t } = useTranslation();
  const { data, error } = useCall('quotes.list', { eventId }, { refreshOn: { 'quotes.changed': (p) => p.eventId === eventId }, refreshWhen: [version] });
  const quotes = data?.filter((q) => q.recordingId === recordingId) ?? null;
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
