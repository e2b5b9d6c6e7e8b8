/**
 * "Kenali pembicara" for one recording, on the event page and in the editor.
 *
 * Owns: starting it (number of speakers automatic, or a hint "± N orang"), following it (stage,
 * progress, cancel), running an interrupted one again, saying what it found (N speakers on the
 * transcript, or waiting for the transcript) and what to install when the models are missing —
 * naming speakers by hand works either way.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { api } from '../../lib/api';
import { jobErrorMessage } from '../../lib/errors';
import { cancelJob, jobProgressText, jobStageLabel, noteJob } from '../../lib/jobs';
import { hrefOf } from '../../lib/router';
import { useAction } from '../../lib/useAction';
import { useDiarization, type DiarizationState } from './useDiarization';

export function DiarizationBar({ eventId, recordingId, name, state, compact = false }: { eventId: string; recordingId: string; name: string; state: DiarizationState; compact?: boolean }) {
  const { t } = useTranslation();
  const { view, job, running, models } = state;
  const [hint, setHint] = useState('');
  const hintId = useId();
  const headingId = useId();
  const starting = useAction(async () => {
    const n = Number(hint);
    const speakers = hint.trim() === '' ? (view?.state === 'interrupted' ? undefined : null) : n;
    const { jobs } = await api.call('diarization.start', { eventId, recordingIds: [recordingId], ...(speakers !== undefined ? { speakers } : {}) });
    for (const j of jobs) noteJob(j);
  });
  const hidden = <span className="visually-hidden"> {name}</span>;
  const missing = models && !models.ready;
  const failed = !running && job?.state === 'failed' ? job : undefined;
  const found = view?.clusters.length ?? 0;
  const hintValid = hint.trim() === '' || (Number.isInteger(Number(hint)) && Number(hint) >= 1 && Number(hint) <= 50);

  let status: string;
  if (running) status = running.state === 'queued' ? t('diarization.state.queued') : t('diarization.state.running');
  else if (!view) status = '';
  else if (view.state === 'none') status = t('diarization.state.none');
  else if (view.state === 'interrupted') status = t('diarization.state.interrupted');
  else if (view.state === 'pending') status = t('diarization.state.pending', { count: found });
  else status = compact ? t('diarization.state.doneShort', { count: found }) : t('diarization.state.done', { count: found });

  return (
    <div className={`diarization${compact ? ' diarization-compact' : ''}`} role="group" aria-labelledby={headingId} data-state={running ? 'running' : (view?.state ?? 'loading')}>
      <div className="diarization-bar">
        <span id={headingId} className="diarization-title">
          {t('diarization.title')}
          {hidden}
        </span>
        {running && (
          <div className="diarization-progress">
            <span className="diarization-stage">
              {jobStageLabel(t, running)}
              {running.state === 'running' && running.fraction !== null && running.fraction > 0 && ` ${Math.round(running.fraction * 100)} %`}
            </span>
            <ProgressBar fraction={running.state === 'queued' ? 0 : running.fraction} label={t('diarization.progressLabel', { name })} valueText={jobProgressText(t, running)} />
          </div>
        )}
        <div className="diarization-actions">
          {running ? (
            <button type="button" onClick={() => void cancelJob(running)}>
              {t('diarization.cancel')}
              {hidden}
            </button>
          ) : (
            !missing && (
              <form
                className="diarization-run"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (hintValid) void starting.run();
                }}
              >
                <label htmlFor={hintId} className="diarization-hint">
                  <span>{t('diarization.hint')}</span>
                  <input
                    id={hintId}
                    name="speakers"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={50}
                    step={1}
                    value={hint}
                    placeholder={view?.numSpeakers ? String(view.numSpeakers) : t('diarization.hintPlaceholder')}
                    title={t('diarization.hintHelp')}
                    aria-invalid={!hintValid || undefined}
                    onChange={(e) => setHint(e.target.value)}
                  />
                </label>
                <button type="submit" className={view?.state === 'done' || view?.state === 'pending' ? '' : 'primary'} disabled={starting.busy || !hintValid}>
                  {view?.state === 'interrupted' ? t('diarization.resume') : view?.state === 'done' || view?.state === 'pending' ? t('diarization.rerun') : t('diarization.run')}
                  {hidden}
                </button>
              </form>
            )
          )}
        </div>
      </div>
      {missing ? (
        <div className="banner banner-warn diarization-missing" role="status">
          <p>
            <strong>{t('diarization.noModels')}</strong> {t('diarization.noModelsBody')}
          </p>
          <p>
            <a href={hrefOf({ name: 'settings', section: 'model' })}>{t('diarization.installLink')}</a>
          </p>
        </div>
      ) : (
        <p className={`muted diarization-status${compact ? ' small-inline' : ''}`} role="status">
          {status}
          {view?.state === 'done' && !running && view.models && !compact ? ` ${t('diarization.models', { segmentation: view.models.segmentation, embedding: view.models.embedding })}` : ''}
        </p>
      )}
      {failed?.error && (
        <p className="field-error" role="alert">
          {jobErrorMessage(t, failed.error)}
        </p>
      )}
      <ErrorBanner error={starting.error} onDismiss={() => starting.setError(null)} />
    </div>
  );
}

/** The bar with its own state (the event page: one per recording). */
export function RecordingDiarization({ eventId, recordingId, name }: { eventId: string; recordingId: string; name: string }) {
  const state = useDiarization(eventId, recordingId);
  return <DiarizationBar eventId={eventId} recordingId={recordingId} name={name} state={state} />;
}
