/**
 * Settings › Model, "Kenali pembicara": the speaker-diarization models of this computer.
 *
 * Owns: whether "Kenali pembicara" can run (a segmentation and a speaker-voice model installed),
 * the installed models (role, check, in use, remove), the catalog (id, role, size, licence,
 * SHA-256, source page) with downloads and their progress, importing an .onnx file from a USB
 * drive, and the similarity a voiceprint suggestion needs.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../main/api/format';
import type { DiarizationCatalogView, DiarizationModelsOverview, DiarizationRole, JobInfo } from '../../../main/api/schemas';
import { DropZone } from '../../components/DropZone';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { api } from '../../lib/api';
import { errorMessage, jobErrorMessage } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { cancelJob, isActive, jobProgressText, noteJob, useJobs } from '../../lib/jobs';
import { uploadFile } from '../../lib/upload';
import { useAction } from '../../lib/useAction';
import { useCall } from '../../lib/useCall';

function size(bytes: number): string {
  return `${formatNumber(bytes / 1e6, currentLanguage(), bytes < 1e7 ? 1 : 0)} MB`;
}

export function DiarizationModelSettings() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const jobs = useJobs();
  const modelJobs = jobs.filter((j) => j.kind === 'model');
  const finished = modelJobs
    .filter((j) => !isActive(j))
    .map((j) => j.id)
    .join(',');
  const { data: overview, error: loadError, set } = useCall('diarization.models', {}, { refreshWhen: [finished] });
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [imported, setImported] = useState<{ name: string; jobId?: string; error?: unknown; loaded: number; total: number } | null>(null);
  const action = useAction((work: () => Promise<void>) => work());
  const roleName = (r: DiarizationRole) => t(`diarizationModels.role.${r}`);
  const latest = (id: string): JobInfo | undefined => [...modelJobs].reverse().find((j) => j.modelId === id || j.label === id);
  const importJob = imported?.jobId ? jobs.find((j) => j.id === imported.jobId) : undefined;

  const importFile = async (file: File) => {
    setImported({ name: file.name, loaded: 0, total: file.size });
    try {
      const up = await uploadFile(file, (loaded) => setImported((r) => (r ? { ...r, loaded } : r))).promise;
      const { job } = await api.call('models.import', { uploadId: up.uploadId });
      noteJob(job);
      setImported((r) => (r ? { ...r, loaded: file.size, jobId: job.id } : r));
    } catch (e) {
      setImported((r) => (r ? { ...r, error: e } : r));
    }
  };

  if (!overview) return <ErrorBanner error={loadError} />;
  const canChange = overview.canChange;
  let importStatus = '';
  if (imported) {
    if (imported.error) importStatus = errorMessage(t, imported.error);
    else if (!importJob) importStatus = t('models.importUploading');
    else if (isActive(importJob)) importStatus = jobProgressText(t, importJob);
    else if (importJob.state === 'done') importStatus = t('models.importDone');
    else if (importJob.error) importStatus = jobErrorMessage(t, { ...importJob.error, params: { file: imported.name, ...importJob.error.params } });
    else importStatus = t('import.cancelled');
  }

  return (
    <div className="diarization-models" role="group" aria-labelledby="diarization-models-title">
      <h3 id="diarization-models-title" className="subhead">
        {t('diarizationModels.title')}
      </h3>
      <p className="muted">{t('diarizationModels.intro')}</p>
      <p className={overview.ready ? 'status-ok' : 'banner banner-warn'} role="status">
        {overview.ready ? t('diarizationModels.ready') : t('diarizationModels.missing', { roles: overview.missing.map(roleName).join(', ') })}
      </p>
      <ErrorBanner error={action.error} onDismiss={() => action.setError(null)} />

      {overview.installed.length > 0 && (
        <ul className="model-list" aria-label={t('diarizationModels.installed')}>
          {overview.installed.map((m) => (
            <li key={m.file} className={`model-row${m.inUse ? ' model-in-use' : ''}`} data-diarization-model={m.file}>
              <div className="model-row-head">
                <strong className="model-name">{m.catalogId ?? m.file}</strong>
                <span className="badge">{roleName(m.role)}</span>
                {m.inUse && <span className="badge badge-active">{t('models.inUse')}</span>}
                <span className={`badge badge-${m.status}`}>{t(`models.status.${m.status}`)}</span>
              </div>
              <p className="muted model-facts">
                {size(m.sizeBytes)} · <code>{m.file}</code>
                {m.sha256 && (
                  <>
                    {' · SHA-256 '}
                    <code title={m.sha256}>{m.sha256.slice(0, 12)}…</code>
                  </>
                )}
              </p>
              {m.status !== 'verified' && m.usable && <p className="muted small-inline">{t('diarizationModels.unverified')}</p>}
              <div className="model-actions">
                {confirmRemove === m.id ? (
                  <span className="confirm-inline">
                    <span>{t('models.removeConfirm', { name: m.catalogId ?? m.file })}</span>
                    <button
                      type="button"
                      className="danger"
                      disabled={action.busy}
                      onClick={() =>
                        void action.run(async () => {
                          setConfirmRemove(null);
                          set(await api.call('diarization.removeModel', { id: m.id }));
                        })
                      }
                    >
                      {t('models.removeYes')}
                    </button>
                    <button type="button" onClick={() => setConfirmRemove(null)}>
                      {t('models.removeNo')}
                    </button>
                  </span>
                ) : (
                  <button type="button" disabled={!canChange} onClick={() => setConfirmRemove(m.id)}>
                    {t('models.remove')}
                    <span className="visually-hidden"> {m.catalogId ?? m.file}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}

      <table className="catalog-table diarization-catalog">
        <caption className="visually-hidden">{t('diarizationModels.catalog')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('models.columns.model')}</th>
            <th scope="col">{t('diarizationModels.columns.role')}</th>
            <th scope="col">{t('models.columns.size')}</th>
            <th scope="col">{t('diarizationModels.columns.licence')}</th>
            <th scope="col">SHA-256</th>
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
                {c.recommended && <span className="badge badge-recommended">{t('models.recommendedBadge')}</span>}
                <span className="cell-sub muted">{c.note[lang] || c.note.id}</span>
                <a className="cell-sub small-inline" href={c.sourcePage} target="_blank" rel="noreferrer noopener">
                  {t('diarizationModels.source')}
                </a>
              </th>
              <td>{roleName(c.role)}</td>
              <td className="nowrap">{size(c.sizeBytes)}</td>
              <td>
                <a href={c.licence.url} target="_blank" rel="noreferrer noopener">
                  {c.licence.name}
                </a>
              </td>
              <td>{c.sha256 ? <code title={c.sha256}>{c.sha256.slice(0, 12)}…</code> : <span className="muted">{t('diarizationModels.noHash')}</span>}</td>
              <td>
                <Download entry={c} job={latest(c.id)} disabled={!canChange || action.busy} onDownload={() => void action.run(async () => noteJob((await api.call('diarization.downloadModel', { id: c.id })).job))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <p className="muted hint">{t('diarizationModels.importHint')}</p>
      <DropZone
        name="diarizationModelFile"
        title={t('diarizationModels.importDrop')}
        hint={t('diarizationModels.importDropHint')}
        buttonLabel={t('diarizationModels.importButton')}
        accept=".onnx,application/octet-stream"
        disabled={!canChange || (imported !== null && !imported.error && (!importJob || isActive(importJob)))}
        onFiles={(files) => {
          const file = files[0];
          if (file) void importFile(file);
        }}
      />
      {imported && (
        <p className={imported.error || importJob?.state === 'failed' ? 'field-error' : 'muted'} role="status" data-file={imported.name}>
          {imported.name}: {importStatus}
        </p>
      )}

      <Threshold value={overview.threshold} canChange={canChange} onSaved={set} />
    </div>
  );
}

function Download({ entry, job, disabled, onDownload }: { entry: DiarizationCatalogView; job: JobInfo | undefined; disabled: boolean; onDownload: () => void }) {
  const { t } = useTranslation();
  if (entry.installed) return <span className="status-ok">{t('models.installedBadge')}</span>;
  if (job && isActive(job)) {
    return (
      <div className="download-progress">
        <ProgressBar fraction={job.state === 'queued' ? 0 : job.fraction} label={t('models.downloadProgress', { id: entry.id })} valueText={jobProgressText(t, job)} />
        <button type="button" onClick={() => void cancelJob(job)}>
          {t('models.cancelDownload')}
          <span className="visually-hidden"> {entry.id}</span>
        </button>
      </div>
    );
  }
  return (
    <div className="download-control">
      <button type="button" disabled={disabled} onClick={onDownload}>
        {entry.partialBytes > 0 ? t('models.resumeDownload') : t('models.download')}
        <span className="visually-hidden"> {entry.id}</span>
      </button>
      {job?.state === 'failed' && job.error && (
        <p className="field-error download-error" role="alert">
          {jobErrorMessage(t, { ...job.error, params: { file: entry.file, ...job.error.params } })}
        </p>
      )}
    </div>
  );
}

function Threshold({ value, canChange, onSaved }: { value: number; canChange: boolean; onSaved: (o: DiarizationModelsOverview) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(String(value));
  const [saved, setSaved] = useState(false);
  const saving = useAction(async () => {
    setSaved(false);
    onSaved(await api.call('diarization.setThreshold', { threshold: Number(draft.replace(',', '.')) }));
    setSaved(true);
  });
  const n = Number(draft.replace(',', '.'));
  const valid = Number.isFinite(n) && n >= 0.3 && n <= 0.99;
  return (
    <form
      className="threshold-field"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void saving.run();
      }}
    >
      <label className="field">
        <span>{t('diarizationModels.threshold')}</span>
        <input name="threshold" type="number" min={0.3} max={0.99} step={0.01} value={draft} disabled={!canChange} aria-invalid={!valid || undefined} onChange={(e) => setDraft(e.target.value)} />
        <small className="muted">{t('diarizationModels.thresholdHelp')}</small>
      </label>
      <button type="submit" disabled={!canChange || !valid || saving.busy}>
        {t('diarizationModels.thresholdSave')}
      </button>
      <span className="muted small-inline" role="status">
        {saved ? t('common.saved') : ''}
      </span>
      <ErrorBanner error={saving.error} onDismiss={() => saving.setError(null)} />
    </form>
  );
}
