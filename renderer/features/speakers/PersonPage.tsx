/**
 * A person of the speaker directory (`#/speakers/<id>`): who they are, where to find what they
 * said (their quotes; a search across every recording their voice is named in), and their
 * voiceprint.
 *
 * Owns: the voiceprint as UU 27/2022 asks of biometric data — explained, opt-in (switched on only
 * with the note that the person agreed), shown (since when, the seconds it rests on, the
 * recordings it comes from, the model) and deleted with one confirmed click (with the cluster
 * centroids it was made from); transcripts and names stay as they are.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatLongDate } from '../../../main/api/format';
import type { Speaker } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextField } from '../../components/Field';
import { api } from '../../lib/api';
import { useDirectory } from '../../lib/directory';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf } from '../../lib/router';
import { useAction } from '../../lib/useAction';
import { useCall } from '../../lib/useCall';

export function PersonPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const people = useDirectory();
  const person = people?.find((p) => p.id === id) ?? null;
  return (
    <section className="person-page" aria-labelledby="person-title">
      <p className="breadcrumb">
        <a href={hrefOf({ name: 'speakers' })}>{t('person.back')}</a>
      </p>
      {people === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : !person ? (
        <div className="empty-state">
          <h1 id="person-title">{t('person.notFound')}</h1>
        </div>
      ) : (
        <>
          <div className="page-head">
            <div>
              <h1 id="person-title">{person.name}</h1>
              <p className="muted">{[person.title, person.org].filter(Boolean).join(' · ') || t('editor.speakers.noTitle')}</p>
              {person.notes && <p>{person.notes}</p>}
              <p className="person-links">
                <a href={hrefOf({ name: 'quotes', filter: { speakerId: person.id } })}>{t('speakers.quotesOf')}</a>
                {' · '}
                <a href={hrefOf({ name: 'search', query: { q: '', speaker: person.name } })}>{t('person.search')}</a>
              </p>
            </div>
          </div>
          <VoiceprintPanel person={person} />
        </>
      )}
    </section>
  );
}

function VoiceprintPanel({ person }: { person: Speaker }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { data: view, error: loadError, set } = useCall('voiceprints.get', { speakerId: person.id });
  const [agreed, setAgreed] = useState(false);
  const [note, setNote] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [done, setDone] = useState('');
  const enabling = useAction(async () => {
    set(await api.call('voiceprints.enable', { speakerId: person.id, note }));
    setDone('');
  });
  const removing = useAction(async () => {
    set(await api.call('voiceprints.remove', { speakerId: person.id }));
    setConfirm(false);
    setAgreed(false);
    setDone(t('person.voiceprint.removed'));
  });

  return (
    <section className="card voiceprint" aria-labelledby="voiceprint-title">
      <h2 id="voiceprint-title">{t('person.voiceprint.title')}</h2>
      <p className="muted">{t('person.voiceprint.intro', { name: person.name })}</p>
      <ErrorBanner error={loadError ?? enabling.error ?? removing.error} />
      {view && !view.consent && (
        <form
          className="voiceprint-consent"
          onSubmit={(e) => {
            e.preventDefault();
            if (agreed) void enabling.run();
          }}
        >
          <p>{t('person.voiceprint.off')}</p>
          <label className="checkbox">
            <input type="checkbox" name="consent" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
            <span>{t('person.voiceprint.consent', { name: person.name })}</span>
          </label>
          <TextField label={t('person.voiceprint.note')} name="consentNote" value={note} maxLength={500} placeholder={t('person.voiceprint.notePlaceholder')} onChange={setNote} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!agreed || enabling.busy}>
              {t('person.voiceprint.enable')}
            </button>
          </div>
        </form>
      )}
      {view?.consent && (
        <div className="voiceprint-on">
          <p>
            <strong>{t('person.voiceprint.on', { date: formatLongDate(view.consent.givenAt.slice(0, 10), lang) })}</strong>
            {view.consent.note && ` ${t('person.voiceprint.noteShown', { note: view.consent.note })}`}
          </p>
          {view.prints.length === 0 ? (
            <p className="muted">{t('person.voiceprint.empty')}</p>
          ) : (
            view.prints.map((p) => (
              <div key={p.model} className="voiceprint-model" data-model={p.model}>
                <p>{t('person.voiceprint.model', { model: p.model, time: formatClock(p.seconds), count: p.recordings.length })}</p>
                <ul className="voiceprint-recordings">
                  {p.recordings.map((r) => (
                    <li key={`${r.eventId}/${r.recordingId}`}>
                      <a href={hrefOf({ name: 'recording', eventId: r.eventId, recordingId: r.recordingId })}>{r.eventTitle}</a>
                      {' — '}
                      {r.recordingName} <span className="muted">({formatClock(r.seconds)})</span>
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
          {confirm ? (
            <span className="confirm-inline">
              <span>{t('person.voiceprint.removeConfirm', { name: person.name })}</span>
              <button type="button" className="danger" disabled={removing.busy} onClick={() => void removing.run()}>
                {t('person.voiceprint.removeYes')}
              </button>
              <button type="button" onClick={() => setConfirm(false)}>
                {t('common.cancel')}
              </button>
            </span>
          ) : (
            <button type="button" className="icon-danger" onClick={() => setConfirm(true)}>
              {t('person.voiceprint.remove')}
            </button>
          )}
        </div>
      )}
      <p className="muted small-inline" role="status">
        {done}
      </p>
    </section>
  );
}
