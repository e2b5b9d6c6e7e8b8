/**
 * Who spoke at the event and for how long (`events.speakers`, from its transcripts), on its page;
 * asked again when a transcript of the event is saved or the event changes.
 */
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../../main/api/format';
import type { EventRecord } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { hrefOf } from '../../lib/router';
import { useCall } from '../../lib/useCall';

export function EventSpeakers({ event }: { event: EventRecord }) {
  const { t } = useTranslation();
  const eventId = event.id;
  const { data: rows, error } = useCall(
    'events.speakers',
    { id: eventId },
    {
      refreshOn: {
        'transcript.saved': (p) => p.eventId === eventId,
        'archive.changed': (p) => !p.eventId || p.eventId === eventId,
      },
    },
  );

  const max = Math.max(1, ...(rows ?? []).map((r) => r.seconds));
  return (
    <section id="section-speakers" className="card" aria-labelledby="event-speakers-title" tabIndex={-1}>
      <div className="card-head">
        <h2 id="event-speakers-title">{t('eventSpeakers.title')}</h2>
        <a href={hrefOf({ name: 'speakers' })} className="small-inline">
          {t('eventSpeakers.directory')}
        </a>
      </div>
      <ErrorBanner error={error} />
      {rows && rows.length === 0 && <p className="muted">{t('eventSpeakers.none')}</p>}
      {rows && rows.length > 0 && (
        <table className="speaking-table">
          <thead>
            <tr>
              <th scope="col">{t('eventSpeakers.who')}</th>
              <th scope="col">{t('eventSpeakers.time')}</th>
              <th scope="col">{t('eventSpeakers.segments')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.speakerId ?? `name:${r.name}`}>
                <th scope="row">
                  <span className="speaking-name">{r.name}</span>
                  {r.title && <span className="cell-sub muted">{r.title}</span>}
                  {!r.speakerId && <span className="cell-sub muted">{t('eventSpeakers.notInDirectory')}</span>}
                </th>
                <td className="speaking-time">
                  <span className="speaking-bar" aria-hidden="true">
                    <span style={{ width: `${Math.round((r.seconds / max) * 100)}%` }} />
                  </span>
                  <time dateTime={`PT${r.seconds}S`}>{formatClock(r.seconds)}</time>
                </td>
                <td>{r.segments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
