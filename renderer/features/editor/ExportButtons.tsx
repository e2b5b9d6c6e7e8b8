/**
 * The editor's export buttons: the recording's transcript downloaded as TXT, SRT, VTT, JSON or
 * DOCX (`transcripts.export`), after what is being typed has been saved.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { downloadExport } from '../../lib/download';
import { currentLanguage } from '../../lib/i18n';
import { useAction } from '../../lib/useAction';

const FORMATS = ['txt', 'srt', 'vtt', 'json', 'docx'] as const;
type Format = (typeof FORMATS)[number];

export function ExportButtons({ eventId, recordingId, before }: { eventId: string; recordingId: string; before?: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState<Format | null>(null);
  const { run, busy: working, error, setError } = useAction(async (format: Format) => {
    setAsked(format);
    await before?.();
    downloadExport(await api.call('transcripts.export', { eventId, recordingId, format, language: currentLanguage() }));
  });
  const busy = working ? asked : null;

  return (
    <div className="export-buttons">
      <div className="button-group" role="group" aria-label={t('editor.export.label')}>
        <span className="button-group-label">{t('editor.export.label')}</span>
        {FORMATS.map((f) => (
          <button key={f} type="button" disabled={busy !== null} aria-busy={busy === f || undefined} title={t(`editor.export.${f}`)} onClick={() => void run(f)}>
            {f.toUpperCase()}
          </button>
        ))}
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
    </div>
  );
}
