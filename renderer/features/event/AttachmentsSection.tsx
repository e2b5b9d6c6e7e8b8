/**
 * The event's attachments on its page: photos, the signed agreement (PDF) and other documents.
 *
 * Owns: adding files (uploaded one at a time, then `attachments.add`, with progress and each
 * file's result — duplicates and failures named), and the list: previews, captions, and opening a
 * file (in the desktop app, in the computer's own viewer).
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mediaRoute } from '../../../main/api/routes';
import type { AttachmentRecord, EventRecord } from '../../../main/api/schemas';
import { DropZone } from '../../components/DropZone';
import { InlineField } from '../../components/InlineField';
import { ProgressBar } from '../../components/ProgressBar';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { UploadAborted, uploadFile } from '../../lib/upload';

interface AddRow {
  key: number;
  name: string;
  sizeBytes: number;
  loaded: number;
  phase: 'waiting' | 'uploading' | 'adding' | 'duplicate' | 'failed';
  error?: unknown;
}

let rowKeys = 1;

export function AttachmentsSection({ event }: { event: EventRecord }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<AddRow[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const eventId = event.id;

  const update = (key: number, patch: Partial<AddRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const addFiles = (files: File[]) => {
    for (const file of files) {
      const key = rowKeys++;
      setRows((rs) => [...rs, { key, name: file.name, sizeBytes: file.size, loaded: 0, phase: 'waiting' }]);
      // One file at a time; each is added on its own, so one bad file does not hold back the others.
      queue.current = queue.current.then(async () => {
        update(key, { phase: 'uploading' });
        try {
          const uploaded = await uploadFile(file, (loaded) => update(key, { loaded })).promise;
          update(key, { phase: 'adding' });
          const { results } = await api.call('attachments.add', { eventId, uploads: [{ uploadId: uploaded.uploadId }] });
          if (results[0]?.duplicate) update(key, { phase: 'duplicate' });
          else setRows((rs) => rs.filter((r) => r.key !== key));
        } catch (e) {
          if (e instanceof UploadAborted) setRows((rs) => rs.filter((r) => r.key !== key));
          else update(key, { phase: 'failed', error: e });
        }
      });
    }
  };

  return (
    <section id="section-attachments" className="card" aria-labelledby="attachments-title" tabIndex={-1}>
      <div className="card-head">
        <h2 id="attachments-title">{t('attachments.title')}</h2>
        {event.attachments.length > 0 && <span className="muted">{t('attachments.count', { count: event.attachments.length })}</span>}
      </div>
      <DropZone
        name="attachments"
        title={t('attachments.dropTitle')}
        hint={t('attachments.dropHint')}
        buttonLabel={t('attachments.choose')}
        accept="image/*,application/pdf,.pdf"
        onFiles={addFiles}
      />

      {rows.length > 0 && (
        <ul className="import-list" aria-label={t('attachments.uploading')}>
          {rows.map((row) => (
            <li key={row.key} className={`import-row import-${row.phase === 'failed' ? 'error' : 'busy'}`} data-file={row.name}>
              <div className="import-main">
                <span className="import-name">{row.name}</span>
                <span className="muted import-size">{formatBytes(row.sizeBytes)}</span>
                <span className="import-status" role={row.phase === 'failed' ? 'alert' : undefined}>
                  {row.phase === 'failed'
                    ? errorMessage(t, row.error)
                    : row.phase === 'duplicate'
                      ? t('attachments.duplicate')
                      : row.phase === 'waiting'
                      ? t('import.waiting')
                      : row.phase === 'adding'
                        ? t('attachments.adding')
                        : t('import.uploading')}
                </span>
              </div>
              {row.phase !== 'failed' && row.phase !== 'duplicate' && (
                <ProgressBar
                  fraction={row.phase === 'adding' ? 1 : row.sizeBytes ? row.loaded / row.sizeBytes : null}
                  label={t('import.progressLabel', { file: row.name })}
                />
              )}
              <div className="import-actions">
                {(row.phase === 'failed' || row.phase === 'duplicate') && (
                  <button type="button" className="link-button" onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}>
                    {t('import.dismiss')}
                    <span className="visually-hidden"> {row.name}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}

      {event.attachments.length === 0 ? (
        <p className="muted empty-line">{t('attachments.empty')}</p>
      ) : (
        <ul className="attachment-grid">
          {event.attachments.map((a) => (
            <li key={a.id}>
              <AttachmentCard eventId={eventId} attachment={a} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AttachmentCard({ eventId, attachment: a }: { eventId: string; attachment: AttachmentRecord }) {
  const { t } = useTranslation();
  const src = mediaRoute.url(eventId, a.id);
  const isPdf = a.mime === 'application/pdf';
  const openLabel = a.kind === 'photo' ? t('attachments.openPhoto', { name: a.originalName }) : t('attachments.openFile', { name: a.originalName });
  return (
    <figure className="attachment" data-attachment-id={a.id}>
      <a className="attachment-preview" href={src} target="_blank" rel="noopener noreferrer" aria-label={openLabel}>
        {a.kind === 'photo' ? (
          <img src={src} alt={a.caption || a.originalName} loading="lazy" />
        ) : (
          <span className="attachment-icon" aria-hidden="true">
            {isPdf ? 'PDF' : (a.originalName.split('.').pop() ?? '').toUpperCase().slice(0, 4) || '?'}
          </span>
        )}
      </a>
      <figcaption>
        <span className="attachment-name" title={a.originalName}>
          {a.originalName}
        </span>
        <span className="muted small-inline">
          {formatBytes(a.sizeBytes)}
          {isPdf && (
            <>
              {' · '}
              <a href={src} target="_blank" rel="noopener noreferrer">
                {t('attachments.openPdf')}
                <span className="visually-hidden"> {a.originalName}</span>
              </a>
            </>
          )}
        </span>
        <InlineField
          name="caption"
          label={t('attachments.caption')}
          value={a.caption}
          placeholder={t('attachments.captionPlaceholder')}
          maxLength={1000}
          onSave={(caption) => api.call('attachments.update', { eventId, attachmentId: a.id, caption })}
        />
      </figcaption>
    </figure>
  );
}
