/**
 * "Antrean" in the top bar: every background job of the host — imports, transcriptions, model
 * downloads and imports — queued, running and recently finished, with progress and cancel.
 *
 * Owns: the menu and its rows; the jobs themselves are lib/jobs.ts's (from `jobs.list`, so the
 * same after a reload, then job.updated).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobInfo } from '../../../main/api/schemas';
import { ProgressBar } from '../../components/ProgressBar';
import { jobErrorMessage } from '../../lib/errors';
import { cancelJob, isActive, jobKindLabel, jobProgressText, useJobs } from '../../lib/jobs';
import { hrefOf } from '../../lib/router';

const CLEARED_KEY = 'risalah.queueCleared';
/** Finished jobs shown (the host keeps more). */
const RECENT = 12;

function loadCleared(): Set<string> {
  try {
    const ids: unknown = JSON.parse(sessionStorage.getItem(CLEARED_KEY) ?? '[]');
    return new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

function saveCleared(ids: Set<string>): void {
  try {
    sessionStorage.setItem(CLEARED_KEY, JSON.stringify([...ids]));
  } catch {
    // storage unavailable: cleared for this page only
  }
}

export function QueueMenu() {
  const { t } = useTranslation();
  const jobs = useJobs();
  const [open, setOpen] = useState(false);
  const [cleared, setCleared] = useState(loadCleared);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const active = jobs.filter((j) => isActive(j));
  // Running first, then waiting in their order; then the finished ones, newest first.
  active.sort((a, b) => (a.state === b.state ? a.createdAt.localeCompare(b.createdAt) : a.state === 'running' ? -1 : 1));
  const finished = jobs
    .filter((j) => !isActive(j) && !cleared.has(j.id))
    .sort((a, b) => (b.finishedAt ?? b.createdAt).localeCompare(a.finishedAt ?? a.createdAt))
    .slice(0, RECENT);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const clear = () => {
    const next = new Set(cleared);
    for (const j of finished) next.add(j.id);
    setCleared(next);
    saveCleared(next);
  };

  return (
    <div
      className="queue"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={`queue-button${active.length ? ' queue-busy' : ''}`}
        aria-expanded={open}
        aria-controls="queue-panel"
        onClick={() => setOpen((o) => !o)}
      >
        {t('queue.button')}
        {active.length > 0 && (
          <span className="queue-count" aria-hidden="true">
            {active.length}
          </span>
        )}
        {active.length > 0 && <span className="visually-hidden"> ({t('queue.activeCount', { count: active.length })})</span>}
      </button>
      {open && (
        <div
          id="queue-panel"
          className="queue-panel"
          role="region"
          aria-labelledby="queue-title"
          onClick={(e) => {
            // Following a link closes the panel.
            if ((e.target as HTMLElement).closest('a')) setOpen(false);
          }}
        >
          <div className="queue-head">
            <h2 id="queue-title">{t('queue.title')}</h2>
            {finished.length > 0 && (
              <button type="button" className="link-button" onClick={clear}>
                {t('queue.clear')}
              </button>
            )}
          </div>
          {active.length === 0 && finished.length === 0 ? (
            <p className="muted queue-empty">{t('queue.empty')}</p>
          ) : (
            <ul className="queue-list">
              {[...active, ...finished].map((job) => (
                <QueueRow key={job.id} job={job} />
              ))}
            </ul>
          )}
          <p className="muted queue-note">{t('queue.note')}</p>
        </div>
      )}
    </div>
  );
}

function QueueRow({ job }: { job: JobInfo }) {
  const { t } = useTranslation();
  const active = isActive(job);
  const status =
    job.state === 'failed' && job.error
      ? jobErrorMessage(t, { ...job.error, params: { file: job.label, ...job.error.params } })
      : job.state === 'queued'
        ? t('jobs.stage.queued')
        : jobProgressText(t, job);
  return (
    <li className={`queue-row queue-${job.state}`} data-job-id={job.id} data-kind={job.kind}>
      <div className="queue-row-main">
        <span className="type-badge">{jobKindLabel(t, job.kind)}</span>
        <span className="queue-label">{job.label}</span>
        {job.eventId && (
          <a href={hrefOf({ name: 'event', id: job.eventId })} className="queue-link">
            {t('queue.openEvent')}
            <span className="visually-hidden"> {job.label}</span>
          </a>
        )}
        {job.kind === 'model' && (
          <a href={hrefOf({ name: 'settings', section: 'model' })} className="queue-link">
            {t('queue.openModels')}
          </a>
        )}
      </div>
      <div className="queue-row-status">
        <span className="queue-status">{status}</span>
        {active && (
          <button type="button" className="queue-cancel" onClick={() => void cancelJob(job)}>
            {t('queue.cancel')}
            <span className="visually-hidden"> {job.label}</span>
          </button>
        )}
      </div>
      {active && (
        <ProgressBar
          fraction={job.state === 'queued' ? 0 : job.fraction}
          label={t('queue.progressLabel', { label: job.label })}
          valueText={jobProgressText(t, job)}
        />
      )}
    </li>
  );
}
