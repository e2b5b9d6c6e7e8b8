/**
 * Exports of an archive's transcripts and quote sheets, ready to save as files.
 *
 * Owns: choosing what to export for a recording (the working transcript with its speakers, else
 * the machine transcript), naming the files (`<event>-<recording>.srt`…), their MIME types, and
 * the texts the documents carry in the user's language.
 */
import { formatLongDate } from '../../api/format';
import { catalogs, type Language } from '../../api/locales';
import type { Archive } from '../archive/archive';
import { safeFileName } from '../archive/layout';
import { RisalahError } from '../errors';
import { eventQuotes } from '../quotes';
import { labelName, loadWorking } from '../transcript/working';
import { quoteSheetDocx, transcriptDocx } from './docx';
import { exportTranscript, type ExportFormat, type ExportSegment } from './transcript';

export const TRANSCRIPT_EXPORT_FORMATS = ['txt', 'srt', 'vtt', 'json', 'docx'] as const;
export type TranscriptExportFormat = (typeof TRANSCRIPT_EXPORT_FORMATS)[number];

const MIME: Record<TranscriptExportFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  json: 'application/json; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface ExportedFile {
  fileName: string;
  mime: string;
  data: Buffer;
}

export async function recordingSegments(archive: Archive, eventId: string, recordingId: string): Promise<ExportSegment[]> {
  const working = await loadWorking(archive, eventId, recordingId);
  if (!working) throw new RisalahError('NOT_FOUND', `recording ${recordingId} has no transcript yet`, { id: recordingId });
  const labels = new Map(working.labels.map((l) => [l.id, l]));
  const directory = archive.document.speakers;
  return working.segments.map((s) => {
    const who = s.speaker ? labelName(labels.get(s.speaker), directory) : null;
    return { start: s.start, end: s.end, text: s.text, ...(who ? { speaker: who.name } : {}) };
  });
}

export async function exportRecordingTranscript(
  archive: Archive,
  eventId: string,
  recordingId: string,
  format: TranscriptExportFormat,
  lang: Language,
): Promise<ExportedFile> {
  const event = await archive.getEvent(eventId);
  const recording = event.recordings.find((r) => r.id === recordingId);
  if (!recording) throw new RisalahError('NOT_FOUND', `no recording ${recordingId}`, { id: recordingId });
  const segments = await recordingSegments(archive, eventId, recordingId);
  const recordingTitle = recording.title || recording.originalName;
  const base = safeFileName(`${event.date} ${event.title} - ${recordingTitle}`.slice(0, 90)).replace(/\.[a-z0-9]+$/i, '');
  const t = catalogs[lang].exports;
  const data =
    format === 'docx'
      ? await transcriptDocx({
          eventTitle: event.title,
          date: formatLongDate(event.date, lang),
          recordingTitle,
          segments,
          labels: { transcript: t.transcript, generated: t.generated },
        })
      : Buffer.from(exportTranscript(format as ExportFormat, segments, { event: event.title, date: event.date, recording: recordingTitle }), 'utf8');
  return { fileName: `${base}.${format}`, mime: MIME[format], data };
}

export async function exportQuoteSheet(archive: Archive, eventId: string, lang: Language): Promise<ExportedFile> {
  const event = await archive.getEvent(eventId);
  const quotes = await eventQuotes(archive, eventId);
  const settings = archive.document.settings;
  const t = catalogs[lang].exports;
  const data = await quoteSheetDocx({
    eventTitle: event.title,
    date: formatLongDate(event.date, lang),
    verb: settings.attributionVerb,
    style: settings.attributionStyle,
    quotes: quotes.map((q) => {
      const rec = event.recordings.find((r) => r.id === q.recordingId);
      return { ...q, recordingTitle: rec ? rec.title || rec.originalName : q.recordingId };
    }),
    labels: { quotes: t.quotes, checked: t.checked, unchecked: t.unchecked, source: t.source, generated: t.generated },
  });
  const base = safeFileName(`${event.date} ${event.title} - ${t.quotes}`.slice(0, 90)).replace(/\.[a-z0-9]+$/i, '');
  return { fileName: `${base}.docx`, mime: MIME.docx, data };
}
