/**
 * "Impor transkrip" in the editor: an SRT, VTT or text file (`Nama: …` lines) uploaded and made the
 * recording's working transcript (`transcripts.import`); `Nama:` prefixes become speaker labels,
 * linked to directory people of that name.
 *
 * Owns: choosing the file, asking before replacing a transcript that exists (the host keeps the
 * previous one as a backup), and telling what came of it (segments read, or the file's problems).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import type { WorkingTranscript } from '../../../main/api/schemas';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { UploadAborted, uploadFile } from '../../lib/upload';
import { useAction } from '../../lib/useAction';

export function ImportTranscript({
  eventId,
  recordingId,
  hasTranscript,
  before,
  onImported,
  className,
}: {
  eventId: string;
  recordingId: string;
  /** A transcript exists that the import would replace. */
  hasTranscript: boolean;
  /** Runs before the upload (e.g. the editor saves what it has). */
  before?: () => Promise<unknown>;
  onImported: (working: WorkingTranscript) => void;
  className?: string;
}) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const importing = useAction(async (file: File) => {
    try {
      await before?.();
      const uploaded = await uploadFile(file, () => undefined).promise;
      const working = await api.call('transcripts.import', { eventId, recordingId, uploadId: uploaded.uploadId });
      setDone(t('editor.import.done', { file: file.name, count: working.segments.length }));
      onImported(working);
    } catch (e) {
      if (!(e instanceof UploadAborted)) throw e; // stopped by the user: nothing to tell
    }
  });
  const { busy, error, setError } = importing;
  const hintId = useId();

  async function run(file: File) {
    setPending(null);
    setDone(null);
    await importing.run(file);
  }

  const issues = error instanceof ApiCallError && (error.code === 'INVALID_INPUT' || error.code === 'TRANSCRIPT_INVALID') ? error.issues.map((i) => i.replace(/^\(file\):\s*/, '')) : [];

  return (
    <div className={`import-transcript${className ? ` ${className}` : ''}`}>
      <label className={`file-button file-button-quiet${busy ? ' file-button-disabled' : ''}`}>
        {busy ? t('editor.import.busy') : t('editor.import.button')}
        <input
          type="file"
          className="visually-hidden"
          name="transcriptFile"
          accept=".srt,.vtt,.txt,text/plain,text/vtt,application/x-subrip"
          disabled={busy}
          aria-describedby={hintId}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            if (hasTranscript) setPending(file);
            else void run(file);
          }}
        />
      </label>
      <span id={hintId} className="visually-hidden">
        {t('editor.import.hint')}
      </span>
      {pending && (
        <div className="confirm-inline import-confirm" role="alertdialog" aria-label={t('editor.import.confirmTitle')}>
          <span>{t('editor.import.confirm', { file: pending.name })}</span>
          <button type="button" className="primary" onClick={() => void run(pending)}>
            {t('editor.import.replace')}
          </button>
          <button type="button" onClick={() => setPending(null)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {done && !error && (
        <p className="muted small-inline" role="status">
          {done}
        </p>
      )}
      {error !== null && (
        <div className="banner banner-error" role="alert">
          <p>
            {errorMessage(t, error)}
            <button type="button" className="link-button" onClick={() => setError(null)}>
              {t('errors.dismiss')}
            </button>
          </p>
          {issues.length > 0 && (
            <ul>
              {issues.slice(0, 5).map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
