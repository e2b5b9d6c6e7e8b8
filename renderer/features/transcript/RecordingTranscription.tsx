/**
 * The transcription of one recording on the event page.
 *
 * Owns: starting it ("Transkripsikan", in the recording's language or another), following it
 * (stage, progress, time left, cancel), continuing an interrupted one ("Lanjutkan"), what the
 * finished one is (segments, model, language, silence skipped), and showing the transcript.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../../main/api/format';
import type { JobInfo, RecordingRecord } from '../../../main/api/schemas';
import { ProgressBar } from '../../components/ProgressBar';
import { cancelJob, ifActive, jobEtaText, jobProgressText, jobStageLabel, latestTranscribeJob, useJobs } from '../../lib/jobs';
import { resumeTranscription, startTranscription } from './start';
import { TranscribeError } from './TranscribeError';
import { TranscriptView } from './TranscriptView';
import { ImportTranscript } from '../editor/ImportTranscript';
import { hrefOf, navigate } from '../../lib/router';
import { useTranscript } from './useTranscript';

export function RecordingTranscription({
  eventId,
  recording: rec,
  name,
  currentTime,
  onPlayFrom,
}: {
  eventId: string;
  recording: RecordingRecord;
  /** The recording's name for people (label or file name). */
  name: string;
  currentTime: number | null;
  onPlayFrom: (sec: number) => void;
}) {
  const { t } = useTranslation();
  const jobs = useJobs();
  const job = latestTranscribeJob(jobs, rec.id);
  const transcript = useTranscript(eventId, rec, job);
  const [startError, setStartError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const [open, setOpen] = useState(true);
  const viewId = useId();
  const headingId = useId();

  const running = ifActive(job);
  const active = running !== undefined;
  const partial = transcript.partial;
  const failed = !active && job?.state === 'failed' ? job : undefined;
  const cancelled = !active && job?.state === 'cancelled';
  // (Just after a job is done, the journal it removed may still be in the last answer.)
  const canResume = !active && partial !== null && job?.state !== 'done';
  const info = rec.transcript;
  const stats = transcript.machine?.stats;

  const run = async (action: () => Promise<JobInfo[]>) => {
    setStarting(true);
    setStartError(null);
    try {
      await action();
      setOpen(true);
    } catch (e) {
      setStartError(e);
    } finally {
      setStarting(false);
    }
  };
  const start = () => run(() => startTranscription(eventId, [rec.id]));
  const resume = () => run(() => resumeTranscription(eventId, rec.id));

  const languageName = (code: string) => t(`recording.languages.${code}`, { defaultValue: code.toUpperCase() });
  const hidden = <span className="visually-hidden"> {name}</span>;
  const showView = transcript.mode !== 'none';

  return (
    <div className="transcription" role="group" aria-labelledby={headingId} data-state={running ? running.state : canResume ? 'interrupted' : info ? 'done' : 'none'}>
      <div className="transcription-bar">
        {/* Not a heading: the recording's own heading stays the only one of its article. */}
        <span id={headingId} className="transcription-title">
          {t('transcribe.title')}
          <span className="visually-hidden"> {name}</span>
        </span>

        {running && (
          <div className="transcription-progress">
            <span className="transcription-stage">
              {running.state === 'queued' ? t('transcribe.queued') : jobStageLabel(t, running)}
              {running.state === 'running' && running.fraction !== null && running.fraction > 0 && ` ${Math.round(running.fraction * 100)} %`}
            </span>
            {jobEtaText(t, running) && <span className="transcription-eta muted">{jobEtaText(t, running)}</span>}
            <ProgressBar
              fraction={running.state === 'queued' ? 0 : running.fraction}
              label={t('transcribe.progressLabel', { name })}
              valueText={jobProgressText(t, running)}
            />
          </div>
        )}

        <div className="transcription-actions">
          {running ? (
            <button type="button" onClick={() => void cancelJob(running)}>
              {t('transcribe.cancel')}
              {hidden}
            </button>
          ) : canResume ? (
            <button type="button" className="primary" disabled={starting} onClick={() => void resume()}>
              {t('transcribe.resume')}
              {hidden}
            </button>
          ) : info ? (
            <button type="button" disabled={starting} onClick={() => void start()}>
              {failed ? t('transcribe.retry') : t('transcribe.again')}
              {hidden}
            </button>
          ) : (
            <button type="button" className="primary" disabled={starting} onClick={() => void start()}>
              {failed ? t('transcribe.retry') : t('transcribe.start')}
              {hidden}
            </button>
          )}
          {showView && (
            <button type="button" className="link-button" aria-expanded={open} aria-controls={viewId} onClick={() => setOpen((o) => !o)}>
              {open ? t('transcript.hide') : t('transcript.show')}
            </button>
          )}
          {!active && !info && !transcript.working && !canResume && transcript.loaded && (
            <ImportTranscript
              eventId={eventId}
              recordingId={rec.id}
              hasTranscript={false}
              onImported={() => navigate({ name: 'recording', eventId, recordingId: rec.id })}
            />
          )}
          <a className="button-link editor-link" href={hrefOf({ name: 'recording', eventId, recordingId: rec.id })}>
            {t('editor.open')}
            {hidden}
          </a>
        </div>
      </div>

      {!active && info && (
        <dl className="transcript-facts">
          <div>
            <dt className="visually-hidden">{t('transcribe.facts.segments')}</dt>
            <dd className="transcript-segment-count">{t('transcript.segmentCount', { count: info.segmentCount })}</dd>
          </div>
          {info.model && (
            <div>
              <dt>{t('transcribe.facts.model')}</dt>
              <dd>{info.model}</dd>
            </div>
          )}
          <div>
            <dt>{transcript.machine?.language === 'auto' ? t('transcribe.facts.detectedLanguage') : t('transcribe.facts.language')}</dt>
            <dd>{languageName(info.language)}</dd>
          </div>
          {stats && (
            <div>
              <dt>{t('transcribe.facts.skipped')}</dt>
              <dd title={t('transcribe.facts.skippedHint')}>
                {t('transcribe.facts.skippedValue', { skipped: formatClock(stats.skippedSec), total: formatClock(stats.audioSec) })}
              </dd>
            </div>
          )}
        </dl>
      )}
      {!active && !info && !canResume && !failed && (
        <p className="muted transcription-hint">{t('transcribe.languageHint', { language: languageName(rec.language) })}</p>
      )}
      {cancelled && !canResume && <p className="transcription-note">{t('transcribe.cancelled')}</p>}
      {canResume && (
        <p className="transcription-note" role="status">
          {cancelled ? `${t('transcribe.cancelled')} ` : ''}
          {partial.segments.length > 0
            ? t('transcribe.resumeNote', { count: partial.segments.length, time: formatClock(partial.resumeFromSec) })
            : t('transcribe.resumeNoteEmpty')}
          {transcript.machine ? ` ${t('transcribe.previousKept')}` : ''}
        </p>
      )}
      <TranscribeError jobError={failed?.error} file={name} />
      <TranscribeError error={startError} file={name} onDismiss={() => setStartError(null)} />

      {showView && open && (
        <TranscriptView
          id={viewId}
          label={t('transcript.label', { name })}
          mode={transcript.mode}
          segments={transcript.segments}
          currentTime={currentTime}
          onPlayFrom={onPlayFrom}
          durationSec={rec.durationSec}
          {...(partial ? { resumeFromSec: partial.resumeFromSec } : {})}
        />
      )}
    </div>
  );
}
