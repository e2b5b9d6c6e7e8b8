/**
 * Settings › Model: the Whisper models of this computer.
 *
 * Owns: which model transcribes, the models' checks and warnings, the recommended one and the
 * catalog to download from when online, importing a model file (e.g. from a USB drive) when
 * offline, removing one, and how many CPU threads a transcription uses. The speaker-diarization
 * models follow (DiarizationModelSettings).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogModelView, JobInfo, ModelView } from '../../../main/api/schemas';
import { DropZone } from '../../components/DropZone';
import { DiarizationModelSettings } from './DiarizationModelSettings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { api } from '../../lib/api';
import { errorMessage, jobErrorMessage } from '../../lib/errors';
import { formatNumber } from '../../../main/api/format';
import { currentLanguage } from '../../lib/i18n';
import { cancelJob, isActive, jobProgressText, noteJob, useJobs } from '../../lib/jobs';
import { UploadAborted, uploadFile } from '../../lib/upload';
import { useAction } from '../../lib/useAction';
import { useCall } from '../../lib/useCall';

/** A model file chosen in this window, on its way to the models folder. */
interface ImportRow {
  name: string;
  sizeBytes: number;
  loaded: number;
  phase: 'uploading' | 'installing' | 'failed' | 'cancelled';
  error?: unknown;
  jobId?: string;
}

/** Model files are published in decimal units (Hugging Face: "264 MB"); say them the same way. */
function modelSize(bytes: number): string {
  const lang = currentLanguage();
  if (bytes >= 1e9) return `${formatNumber(bytes / 1e9, lang, 1)} GB`;
  return `${formatNumber(bytes / 1e6, lang, bytes < 1e7 ? 1 : 0)} MB`;
}

/** The newest model job whose label is this (downloads are labelled with the catalog id). */
function latestModelJob(jobs: readonly JobInfo[], label: string): JobInfo | undefined {
  let found: JobInfo | undefined;
  for (const j of jobs) if (j.kind === 'model' && j.label === label) found = j;
  return found;
}

export function ModelSettings({ focus }: { focus: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [importRow, setImportRow] = useState<ImportRow | null>(null);
  const abortUpload = useRef<(() => void) | null>(null);
  const section = useRef<HTMLElement>(null);
  const jobs = useJobs();
  const modelJobs = jobs.filter((j) => j.kind === 'model');

  // A model job that ends changes what is installed (or what part of a download is kept).
  const finishedKey = modelJobs
    .filter((j) => !isActive(j))
    .map((j) => j.id)
    .join(',');
  const { data: overview, error: loadError, set: setOverview } = useCall('models.list', {}, { refreshWhen: [finishedKey] });

  // Opened as #/settings/model: bring the section into view once it is there.
  const loaded = overview !== null;
  useEffect(() => {
    if (!focus || !loaded) return;
    const frame = requestAnimationFrame(() => {
      section.current?.scrollIntoView({ block: 'start' });
      section.current?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [focus, loaded]);

  const { run: act, busy, error: actionError, setError: setActionError } = useAction((action: () => Promise<void>) => action());
  const select = (id: string) => act(async () => setOverview(await api.call('models.select', { id })));
  const remove = (id: string) =>
    act(async () => {
      setConfirmRemove(null);
      setOverview(await api.call('models.remove', { id }));
    });
  const download = (id: string) =>
    act(async () => {
      const { job } = await api.call('models.download', { id });
      noteJob(job);
    });

  const importFile = async (file: File) => {
    setActionError(null);
    setImportRow({ name: file.name, sizeBytes: file.size, loaded: 0, phase: 'uploading' });
    const handle = uploadFile(file, (loadedBytes) => setImportRow((r) => (r && r.phase === 'uploading' ? { ...r, loaded: loadedBytes } : r)));
    abortUpload.current = handle.abort;
    try {
      const uploaded = await handle.promise;
      const { job } = await api.call('models.import', { uploadId: uploaded.uploadId });
      noteJob(job);
      setImportRow((r) => (r ? { ...r, loaded: file.size, phase: 'installing', jobId: job.id } : r));
    } catch (e) {
      setImportRow((r) => (r ? (e instanceof UploadAborted ? { ...r, phase: 'cancelled' } : { ...r, phase: 'failed', error: e }) : r));
    } finally {
      abortUpload.current = null;
    }
  };

  const canChange = overview?.canChange ?? false;
  const statusLabel: Record<ModelView['status'], string> = {
    verified: t('models.status.verified'),
    unverified: t('models.status.unverified'),
    unchecked: t('models.status.unchecked'),
    damaged: t('models.status.damaged'),
  };
  const statusHint: Record<ModelView['status'], string> = {
    verified: t('models.statusHint.verified'),
    unverified: t('models.statusHint.unverified'),
    unchecked: t('models.statusHint.unchecked'),
    damaged: t('models.statusHint.damaged'),
  };
  const recommended = overview?.catalog.find((c) => c.id === overview.recommended.id);
  const importJob = importRow?.jobId ? jobs.find((j) => j.id === importRow.jobId) : undefined;

  return (
    <section id="settings-model" ref={section} className="card model-settings" aria-labelledby="settings-model-title" tabIndex={-1}>
      <h2 id="settings-model-title">{t('models.title')}</h2>
      <p className="muted">{t('models.intro')}</p>
      <ErrorBanner error={loadError} />
      {overview && (
        <>
          <p className="muted small-inline models-dir">
            {t('models.folder')} <code>{overview.dir}</code>
          </p>
          {!canChange && <p className="banner banner-warn">{t('models.cannotChange')}</p>}
          <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />

          <h3 className="subhead">{t('models.installed')}</h3>
          {overview.installed.length === 0 ? (
            <div className="banner banner-warn models-none">
              <p>
                <strong>{t('models.noneTitle')}</strong> {t('models.noneBody')}
              </p>
              <ul>
                <li>{t('models.noneOnline', { model: overview.recommended.id, size: recommended ? modelSize(recommended.sizeBytes) : '' })}</li>
                <li>{t('models.noneOffline')}</li>
              </ul>
            </div>
          ) : (
            <ul className="model-list" aria-label={t('models.installed')}>
              {overview.installed.map((m) => {
                const inUse = m.id === overview.activeId;
                const titleId = `model-${m.id.replace(/[^a-z0-9]/gi, '-')}`;
                return (
                  <li key={m.id} className={`model-row${inUse ? ' model-in-use' : ''}`} data-model-id={m.id} aria-labelledby={titleId}>
                    <div className="model-row-head">
                      <strong id={titleId} className="model-name">
                        {m.catalogId ?? m.file}
                      </strong>
                      {inUse && <span className="badge badge-active">{t('models.inUse')}</span>}
                      <span className={`badge badge-${m.status}`} title={statusHint[m.status]}>
                        {statusLabel[m.status]}
                      </span>
                    </div>
                    <p className="muted model-facts">
                      {[m.description, modelSize(m.sizeBytes), m.ramMB ? t('models.ram', { mb: m.ramMB }) : null].filter(Boolean).join(' · ')}
                      {m.catalogId && m.file && (
                        <>
                          {' · '}
                          <code>{m.file}</code>
                        </>
                      )}
                    </p>
                    {m.warnings.length > 0 && (
                      <ul className="banner banner-warn model-warnings">
                        {m.warnings.map((w, i) => (
                          <li key={i}>{w.message[lang] || w.message.id}</li>
                        ))}
                      </ul>
                    )}
                    {!m.usable && <p className="field-error">{t('models.unusable')}</p>}
                    <div className="model-actions">
                      {!inUse && (
                        <button type="button" disabled={!canChange || !m.usable || busy} onClick={() => void select(m.id)}>
                          {t('models.use')}
                          <span className="visually-hidden"> {m.catalogId ?? m.file}</span>
                        </button>
                      )}
                      {confirmRemove === m.id ? (
                        <span className="confirm-inline" role="group" aria-label={t('models.removeConfirm', { name: m.catalogId ?? m.file })}>
                          <span>{t('models.removeConfirm', { name: m.catalogId ?? m.file })}</span>
                          <button type="button" className="danger" disabled={busy} onClick={() => void remove(m.id)}>
                            {t('models.removeYes')}
                          </button>
                          <button type="button" onClick={() => setConfirmRemove(null)}>
                            {t('models.removeNo')}
                          </button>
                        </span>
                      ) : (
                        <button type="button" disabled={!canChange || busy} onClick={() => setConfirmRemove(m.id)}>
                          {t('models.remove')}
                          <span className="visually-hidden"> {m.catalogId ?? m.file}</span>
                        </button>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}

          {recommended && (
            <div className="model-recommended" role="group" aria-labelledby="model-recommended-title">
              <h3 id="model-recommended-title" className="subhead">
                {t('models.recommended')}
              </h3>
              <p>
                <strong>{recommended.id}</strong>
                <span className="muted">
                  {' · '}
                  {modelSize(recommended.sizeBytes)} · {t('models.ram', { mb: recommended.ramMB })}
                </span>
              </p>
              <p className="muted">{overview.recommended.reason[lang] || overview.recommended.reason.id}</p>
              <DownloadControl
                entry={recommended}
                job={latestModelJob(modelJobs, recommended.id)}
                disabled={!canChange || busy}
                onDownload={() => void download(recommended.id)}
              />
            </div>
          )}

          <h3 className="subhead">{t('models.importTitle')}</h3>
          <p className="muted hint">{t('models.importHint')}</p>
          <DropZone
            name="modelFile"
            title={t('models.importDrop')}
            hint={t('models.importDropHint')}
            buttonLabel={t('models.importButton')}
            accept=".bin,application/octet-stream"
            disabled={!canChange || importRow?.phase === 'uploading' || isActive(importJob)}
            onFiles={(files) => {
              const file = files[0];
              if (file) void importFile(file);
            }}
          />
          {importRow && (
            <ImportStatus
              row={importRow}
              job={importJob}
              onCancel={() => {
                if (importRow.phase === 'uploading') abortUpload.current?.();
                else if (importJob) void cancelJob(importJob);
              }}
              onDismiss={() => setImportRow(null)}
            />
          )}

          <details className="model-catalog">
            <summary>{t('models.catalog', { count: overview.catalog.length })}</summary>
            <p className="muted hint">{t('models.catalogHint')}</p>
            <table className="catalog-table">
              <thead>
                <tr>
                  <th scope="col">{t('models.columns.model')}</th>
                  <th scope="col">{t('models.columns.size')}</th>
                  <th scope="col">{t('models.columns.ram')}</th>
                  <th scope="col">{t('models.columns.note')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('models.columns.action')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.catalog.map((c) => (
                  <tr key={c.id} data-catalog-id={c.id}>
                    <th scope="row">
                      {c.id}
                      {c.id === overview.recommended.id && <span className="badge badge-recommended">{t('models.recommendedBadge')}</span>}
                    </th>
                    <td className="nowrap">{modelSize(c.sizeBytes)}</td>
                    <td className="nowrap">{t('models.ramShort', { mb: c.ramMB })}</td>
                    <td>{c.speedNote[lang] || c.speedNote.id}</td>
                    <td>
                      <DownloadControl
                        entry={c}
                        job={latestModelJob(modelJobs, c.id)}
                        disabled={!canChange || busy}
                        onDownload={() => void download(c.id)}
                        compact
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>

          <ThreadsField />
          <DiarizationModelSettings />
        </>
      )}
    </section>
  );
}

/** Download (or resume) a catalog model; its progress, its error, or that it is installed. */
function DownloadControl({
  entry,
  job,
  disabled,
  onDownload,
  compact,
}: {
  entry: CatalogModelView;
  job: JobInfo | undefined;
  disabled: boolean;
  onDownload: () => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  if (entry.installed) return <span className="status-ok">{t('models.installedBadge')}</span>;
  if (job && isActive(job)) {
    return (
      <div className="download-progress">
        <span className="muted small-inline">{job.state === 'queued' ? t('jobs.stage.queued') : jobProgressText(t, job)}</span>
        <ProgressBar
          fraction={job.state === 'queued' ? 0 : job.fraction}
          label={t('models.downloadProgress', { id: entry.id })}
          valueText={jobProgressText(t, job)}
        />
        <button type="button" onClick={() => void cancelJob(job)}>
          {t('models.cancelDownload')}
          <span className="visually-hidden"> {entry.id}</span>
        </button>
      </div>
    );
  }
  const failed = job?.state === 'failed' && job.error ? job.error : null;
  return (
    <div className="download-control">
      <button type="button" className={compact ? undefined : 'primary'} disabled={disabled} onClick={onDownload}>
        {entry.partialBytes > 0 ? t('models.resumeDownload') : t('models.download')}
        <span className="visually-hidden"> {entry.id}</span>
      </button>
      {entry.partialBytes > 0 && (
        <span className="muted small-inline">
          {t('models.partial', { done: modelSize(entry.partialBytes), total: modelSize(entry.sizeBytes) })}
        </span>
      )}
      {!compact && entry.partialBytes === 0 && <span className="muted small-inline">{t('models.downloadNote', { size: modelSize(entry.sizeBytes) })}</span>}
      {failed && (
        <p className="field-error download-error" role="alert">
          {jobErrorMessage(t, { ...failed, params: { file: entry.file, ...failed.params } })}
        </p>
      )}
    </div>
  );
}

function ImportStatus({ row, job, onCancel, onDismiss }: { row: ImportRow; job: JobInfo | undefined; onCancel: () => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  let status: string;
  let tone: 'busy' | 'error' | 'done' | 'info' = 'busy';
  let fraction: number | null | undefined;
  let valueText = '';
  if (row.phase === 'uploading') {
    status = t('models.importUploading');
    fraction = row.sizeBytes ? row.loaded / row.sizeBytes : null;
    valueText = `${status} ${modelSize(row.loaded)} / ${modelSize(row.sizeBytes)}`;
  } else if (row.phase === 'failed') {
    tone = 'error';
    status = errorMessage(t, row.error);
  } else if (row.phase === 'cancelled') {
    tone = 'info';
    status = t('import.cancelled');
  } else if (!job || isActive(job)) {
    status = job ? jobProgressText(t, job) : t('jobs.stage.queued');
    fraction = job && job.state === 'running' ? job.fraction : 0;
    valueText = status;
  } else if (job.state === 'done') {
    tone = 'done';
    status = t('models.importDone');
  } else if (job.state === 'failed' && job.error) {
    tone = 'error';
    status = jobErrorMessage(t, { ...job.error, params: { file: row.name, ...job.error.params } });
  } else {
    tone = 'info';
    status = t('import.cancelled');
  }
  const active = row.phase === 'uploading' || (row.phase === 'installing' && (!job || isActive(job)));
  return (
    <ul className="import-list model-import" aria-label={t('models.importTitle')}>
      <li className={`import-row import-${tone}`} data-file={row.name}>
        <div className="import-main">
          <span className="import-name">{row.name}</span>
          <span className="muted import-size">{modelSize(row.sizeBytes)}</span>
          <span className="import-status" role={tone === 'error' ? 'alert' : undefined}>
            {status}
          </span>
        </div>
        {fraction !== undefined && <ProgressBar fraction={fraction} label={t('import.progressLabel', { file: row.name })} valueText={valueText} />}
        <div className="import-actions">
          {active ? (
            <button type="button" onClick={onCancel}>
              {t('import.cancel')}
              <span className="visually-hidden"> {row.name}</span>
            </button>
          ) : (
            <button type="button" className="link-button" onClick={onDismiss}>
              {t('import.dismiss')}
              <span className="visually-hidden"> {row.name}</span>
            </button>
          )}
        </div>
      </li>
    </ul>
  );
}

/** CPU threads for Whisper: automatic (what that means here) or a number. */
function ThreadsField() {
  const { t } = useTranslation();
  const { data: view, error: loadError, set: setView } = useCall('settings.get', {});
  const [saved, setSaved] = useState(false);
  const saving = useAction(async (threads: number) => {
    setSaved(false);
    setView(await api.call('settings.set', { threads }));
    setSaved(true);
  });
  if (!view) return <ErrorBanner error={loadError} />;
  const max = Math.min(64, Math.max(8, view.autoThreads * 2, view.threads));
  const state = saving.busy ? 'saving' : saved ? 'saved' : 'idle';
  return (
    <>
      <h3 className="subhead">{t('models.performance')}</h3>
      <Field
        label={t('models.threads')}
        hint={view.canChange ? t('models.threadsHint', { count: view.autoThreads }) : t('models.cannotChange')}
        className="threads-field"
      >
        {(p) => (
          <select {...p} name="threads" value={view.threads} disabled={!view.canChange || state === 'saving'} onChange={(e) => void saving.run(Number(e.target.value))}>
            <option value={0}>{t('models.threadsAuto', { count: view.autoThreads })}</option>
            {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {t('models.threadsN', { count: n })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="muted small-inline" role="status">
        {state === 'saving' ? t('common.saving') : state === 'saved' ? t('common.saved') : ''}
      </p>
      <ErrorBanner error={saving.error} onDismiss={() => saving.setError(null)} />
    </>
  );
}
