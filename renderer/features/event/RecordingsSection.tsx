/**
 * The event's recordings on its page.
 *
 * Owns: importing files — dropped or chosen, uploaded one at a time, each an import job as soon as
 * it has arrived (with progress, cancel and a translated failure naming the file) — the list of
 * recordings (RecordingItem), and "Transkripsikan semua" for those without a transcript.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../../main/api/format';
import { RECORDING_LANGUAGES, type EventRecord, type JobInfo, type RecordingLanguage } from '../../../main/api/schemas';
import { DropZone } from '../../components/DropZone';
import { ProgressBar } from '../../components/ProgressBar';
import { api } from '../../lib/api';
import { errorMessage, jobErrorMessage } from '../../lib/errors';
import { UploadAborted, uploadFile } from '../../lib/upload';
import { RecordingItem } from './RecordingItem';
import { formatBytes } from '../../lib/format';
import { isActive, latestTranscribeJob, useJobs } from '../../lib/jobs';
import { useAction } from '../../lib/useAction';
import { startTranscription } from '../transcript/start';
import { TranscribeError } from '../transcript/TranscribeError';

/** A file chosen or dropped in this window, on its way to becoming an import job. */
interface UploadRow {
  key: number;
  name: string;
  sizeBytes: number;
  phase: 'waiting' | 'uploading' | 'imported' | 'failed' | 'cancelled';
  loaded: number;
  error?: unknown;
  jobId?: string;
}

const ACTIVE: JobInfo['state'][] = ['queued', 'running'];
const rank = (j: JobInfo) => (j.state === 'queued' ? 0 : j.state === 'running' ? 1 : 2);

/** The later of two snapshots of the same job (pushes and call answers may arrive out of order). */
function later(a: JobInfo | undefined, b: JobInfo): JobInfo {
  if (!a) return b;
  if (rank(b) !== rank(a)) return rank(b) > rank(a) ? b : a;
  return (b.fraction ?? 0) >= (a.fraction ?? 0) ? b : a;
}

let rowKeys = 1;

export function RecordingsSection({ event }: { event: EventRecord }) {
  const { t } = useTranslation();
  const eventId = event.id;
  const [rows, setRowsState] = useState<UploadRow[]>([]);
  const rowsRef = useRef<UploadRow[]>([]);
  const [jobs, setJobs] = useState<Record<string, JobInfo>>({});
  /** Jobs this window no longer shows (dismissed, or finished and now in the list). */
  const [hidden, setHidden] = useState<Set<string>>(() => new Set());
  const files = useRef(new Map<number, File>());
  const aborts = useRef(new Map<number, () => void>());
  const pumping = useRef(false);

  const setRows = useCallback((change: (rows: UploadRow[]) => UploadRow[]) => {
    rowsRef.current = change(rowsRef.current);
    setRowsState(rowsRef.current);
  }, []);
  const updateRow = useCallback(
    (key: number, patch: Partial<UploadRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r))),
    [setRows],
  );
  const mergeJob = useCallback((job: JobInfo) => setJobs((js) => ({ ...js, [job.id]: later(js[job.id], job) })), []);

  // Jobs of this event: those still running when the page opens, then every update.
  useEffect(() => {
    // (Transcriptions of this event are shown by their recordings.)
    const off = api.on('job.updated', ({ job }) => {
      if (job.eventId === eventId && job.kind === 'import') mergeJob(job);
    });
    api.call('jobs.list', {}).then(
      (list) => {
        for (const job of list) if (job.eventId === eventId && job.kind === 'import' && ACTIVE.includes(job.state)) mergeJob(job);
      },
      () => undefined, // the list is a convenience; pushes still arrive
    );
    return off;
  }, [eventId, mergeJob]);

  /** Upload waiting files one at a time; each becomes an import job as soon as it has arrived. */
  const pump = useCallback(async () => {
    if (pumping.current) return;
    pumping.current = true;
    try {
      for (;;) {
        const next = rowsRef.current.find((r) => r.phase === 'waiting');
        if (!next) break;
        const file = files.current.get(next.key);
        if (!file) {
          updateRow(next.key, { phase: 'cancelled' });
          continue;
        }
        updateRow(next.key, { phase: 'uploading', loaded: 0 });
        const handle = uploadFile(file, (loaded) => updateRow(next.key, { loaded }));
        aborts.current.set(next.key, handle.abort);
        try {
          const uploaded = await handle.promise;
          aborts.current.delete(next.key);
          const { jobs: queued } = await api.call('recordings.import', { eventId, uploads: [{ uploadId: uploaded.uploadId }] });
          const job = queued[0];
          if (job) mergeJob(job);
          updateRow(next.key, { phase: 'imported', loaded: file.size, ...(job ? { jobId: job.id } : {}) });
        } catch (e) {
          updateRow(next.key, e instanceof UploadAborted ? { phase: 'cancelled' } : { phase: 'failed', error: e });
        } finally {
          aborts.current.delete(next.key);
          files.current.delete(next.key);
        }
      }
    } finally {
      pumping.current = false;
    }
  }, [eventId, mergeJob, updateRow]);

  const addFiles = (chosen: File[]) => {
    const added = chosen.map((file): UploadRow => {
      const key = rowKeys++;
      files.current.set(key, file);
      return { key, name: file.name, sizeBytes: file.size, phase: 'waiting', loaded: 0 };
    });
    setRows((rs) => [...rs, ...added]);
    void pump();
  };

  async function cancel(row: UploadRow | null, job: JobInfo | undefined) {
    if (row && row.phase === 'waiting') {
      files.current.delete(row.key);
      updateRow(row.key, { phase: 'cancelled' });
    } else if (row && row.phase === 'uploading') {
      aborts.current.get(row.key)?.();
    } else if (job && ACTIVE.includes(job.state)) {
      await api.call('jobs.cancel', { jobId: job.id }).catch(() => undefined);
    }
  }

  function dismiss(row: UploadRow | null, job: JobInfo | undefined) {
    if (row) setRows((rs) => rs.filter((r) => r.key !== row.key));
    if (job) setHidden((h) => new Set(h).add(job.id));
  }

  // What the progress list shows: this window's files, then jobs started elsewhere.
  const recordingIds = new Set(event.recordings.map((r) => r.id));
  const claimed = new Set(rows.map((r) => r.jobId).filter(Boolean));
  const entries: { key: string; row: UploadRow | null; job: JobInfo | undefined }[] = [
    ...rows.map((row) => ({ key: `row-${row.key}`, row, job: row.jobId ? jobs[row.jobId] : undefined })),
    ...Object.values(jobs)
      .filter((job) => !claimed.has(job.id))
      .map((job) => ({ key: job.id, row: null, job })),
  ].filter(({ job }) => {
    if (!job) return true;
    if (hidden.has(job.id)) return false;
    // A finished import is shown by its recording below (with its warnings), once it is there.
    const imported = job.state === 'done' && job.result && !job.result.duplicate;
    return !(imported && job.result?.recordingId && recordingIds.has(job.result.recordingId));
  });
  const activeCount = entries.filter(({ row, job }) => (job ? ACTIVE.includes(job.state) : row && ['waiting', 'uploading'].includes(row.phase))).length;

  const stageLabel: Record<string, string> = {
    queued: t('import.stage.queued'),
    start: t('import.stage.start'),
    probe: t('import.stage.probe'),
    hash: t('import.stage.hash'),
    analyze: t('import.stage.analyze'),
    copy: t('import.stage.copy'),
    done: t('import.stage.done'),
  };

  const totalSec = event.recordings.reduce((sum, r) => sum + r.durationSec, 0);

  return (
    <section id="section-recordings" className="card" aria-labelledby="recordings-title" tabIndex={-1}>
      <div className="card-head">
        <h2 id="recordings-title">{t('recordings.title')}</h2>
        {event.recordings.length > 0 && (
          <span className="muted">
            {t('recordings.summary', { count: event.recordings.length, duration: formatClock(totalSec) })}
          </span>
        )}
      </div>

      <DropZone
        name="recordings"
        title={t('recordings.dropTitle')}
        hint={t('recordings.dropHint')}
        buttonLabel={t('recordings.choose')}
        accept="audio/*,video/*"
        onFiles={addFiles}
      />

      {entries.length > 0 && (
        <div className="import-list-wrap">
          <h3 className="visually-hidden">{t('import.listTitle')}</h3>
          <p className="visually-hidden" role="status">
            {activeCount > 0 ? t('import.active', { count: activeCount }) : ''}
          </p>
          <ul className="import-list" aria-label={t('import.listTitle')}>
            {entries.map(({ key, row, job }) => {
              const name = row?.name ?? job?.label ?? '';
              let status: ReactNode = null;
              let tone: 'busy' | 'error' | 'info' | 'done' = 'busy';
              let progress: number | null | undefined;
              let progressText = '';
              if (job) {
                if (job.state === 'failed' && job.error) {
                  tone = 'error';
                  status = jobErrorMessage(t, { ...job.error, params: { file: name, ...job.error.params } });
                } else if (job.state === 'cancelled') {
                  tone = 'info';
                  status = t('import.cancelled');
                } else if (job.state === 'done') {
                  tone = job.result?.duplicate ? 'info' : 'done';
                  status = job.result?.duplicate ? t('import.duplicate') : t('import.stage.done');
                } else {
                  progress = job.fraction;
                  const stage = stageLabel[job.stage] ?? job.stage;
                  progressText = job.fraction === null ? stage : `${stage} ${Math.round(job.fraction * 100)} %`;
                  status = stage;
                }
              } else if (row) {
                if (row.phase === 'waiting') {
                  status = t('import.waiting');
                } else if (row.phase === 'uploading' || row.phase === 'imported') {
                  progress = row.sizeBytes ? row.loaded / row.sizeBytes : null;
                  status = t('import.uploading');
                  progressText = `${t('import.uploading')} ${formatBytes(row.loaded)} / ${formatBytes(row.sizeBytes)}`;
                } else if (row.phase === 'cancelled') {
                  tone = 'info';
                  status = t('import.cancelled');
                } else {
                  tone = 'error';
                  status = errorMessage(t, row.error);
                }
              }
              const active = job ? ACTIVE.includes(job.state) : row ? ['waiting', 'uploading'].includes(row.phase) : false;
              return (
                <li key={key} className={`import-row import-${tone}`} data-file={name}>
                  <div className="import-main">
                    <span className="import-name">{name}</span>
                    {row && <span className="muted import-size">{formatBytes(row.sizeBytes)}</span>}
                    <span className="import-status" role={tone === 'error' ? 'alert' : undefined}>
                      {status}
                    </span>
                  </div>
                  {progress !== undefined && (
                    <ProgressBar fraction={progress} label={t('import.progressLabel', { file: name })} valueText={progressText} />
                  )}
                  <div className="import-actions">
                    {active ? (
                      <button type="button" onClick={() => void cancel(row, job)}>
                        {t('import.cancel')}
                        <span className="visually-hidden"> {name}</span>
                      </button>
                    ) : (
                      <button type="button" className="link-button" onClick={() => dismiss(row, job)}>
                        {t('import.dismiss')}
                        <span className="visually-hidden"> {name}</span>
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      )}

      <TranscribeAll event={event} />

      {event.recordings.length === 0 ? (
        <p className="muted empty-line">{t('recordings.empty')}</p>
      ) : (
        <ol className="recording-list">
          {event.recordings.map((rec, i) => (
            <li key={rec.id}>
              <RecordingItem eventId={eventId} recording={rec} index={i + 1} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * "Transkripsikan semua": queue every recording of the event that has no transcript yet (one
 * job each; they run one at a time), optionally in another language than each recording's own.
 */
function TranscribeAll({ event }: { event: EventRecord }) {
  const { t } = useTranslation();
  const jobs = useJobs();
  const [language, setLanguage] = useState<RecordingLanguage | ''>('');
  const waiting = event.recordings.filter((r) => !r.transcript && !isActive(latestTranscribeJob(jobs, r.id)));
  const starting = useAction(() =>
    startTranscription(
      event.id,
      waiting.map((r) => r.id),
      language || undefined,
    ),
  );
  const { busy, error, setError } = starting;
  // With a single recording its own button is enough.
  if (waiting.length < 2 && !error) return null;

  return (
    <div className="transcribe-all">
      {waiting.length >= 2 && (
        <div className="transcribe-all-bar">
          <label className="transcribe-all-language">
            <span>{t('transcribe.allLanguage')}</span>
            <select name="transcribeAllLanguage" value={language} onChange={(e) => setLanguage(e.target.value as RecordingLanguage | '')}>
              <option value="">{t('transcribe.languageOwn')}</option>
              {RECORDING_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`recording.languages.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="primary" disabled={busy} onClick={() => void starting.run()}>
            {t('transcribe.all', { count: waiting.length })}
          </button>
          <span className="muted small-inline">{t('transcribe.allHint')}</span>
        </div>
      )}
      <TranscribeError error={error} file={event.title} onDismiss={() => setError(null)} />
    </div>
  );
}
