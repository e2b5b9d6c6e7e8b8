/**
 * Commands for writers and scripts: transcripts in and out, the speaker directory, quotes.
 *
 *   risalah transcript import RECORDING_ID FILE [--archive DIR] [--json]
 *   risalah transcript export RECORDING_ID --format txt|srt|vtt|json|docx --out F [--archive DIR]
 *   risalah speakers add --name N [--title T] [--org O] [--notes X] [--archive DIR] [--json]
 *   risalah speakers list [--archive DIR] [--json]
 *   risalah quotes add --recording ID --start S --end E [--text T] [--speaker ID] [--archive DIR] [--json]
 *   risalah quotes list [--speaker N] [--event ID] [--archive DIR] [--json]
 *   risalah quotes copy QUOTE_ID [--plain] [--archive DIR]
 *   risalah quotes clip QUOTE_ID --out F.mp3 [--archive DIR]
 */
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { formatAttribution, formatPlainQuote } from '../api/attribution';
import { formatClock, formatLongDate } from '../api/format';
import { Id } from '../api/schemas';
import { Archive } from '../core/archive/archive';
import { defaultArchiveDir } from '../core/archive/paths';
import { exportRecordingTranscript, TRANSCRIPT_EXPORT_FORMATS, type TranscriptExportFormat } from '../core/export/event-exports';
import { writeFileAtomic } from '../core/fs/atomic';
import { resolveFfmpeg } from '../core/media';
import { addQuote, findQuote, listQuotes, quoteClip } from '../core/quotes';
import { SettingsStore } from '../core/settings';
import { addSpeaker, listSpeakers } from '../core/speakers';
import { findRecording } from '../core/transcription/service';
import { importTranscriptFile } from '../core/transcript/working';
import { check, parse, UsageError } from './args';
import { cliLanguage, t } from './i18n';

const openArchive = (dir: string | undefined) => Archive.open(dir ?? defaultArchiveDir());
const print = (json: boolean | undefined, value: unknown, text: string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

export async function commandTranscript(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') {
    const { values, positionals } = parse(rest, { archive: { type: 'string' }, json: { type: 'boolean' } }, true);
    const [recordingId, file] = positionals;
    if (!recordingId || !file || positionals.length !== 2) throw new UsageError(t('cli.transcriptImportUsage'));
    const archive = await openArchive(values.archive);
    const { event } = await findRecording(archive, check('recording', Id, recordingId));
    const saved = await importTranscriptFile(archive, event.id, recordingId, file, path.basename(file));
    print(values.json, saved, t('cli.transcriptImported', { count: saved.segments.length, speakers: saved.labels.map((l) => l.name).join(', ') || '—' }));
    return 0;
  }
  if (sub === 'export') {
    const { values, positionals } = parse(rest, { archive: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, true);
    const [recordingId] = positionals;
    if (!recordingId || positionals.length !== 1 || !values.out) throw new UsageError(t('cli.transcriptExportUsage'));
    const format = (values.format ?? 'txt') as TranscriptExportFormat;
    if (!(TRANSCRIPT_EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${values.format}`);
    const archive = await openArchive(values.archive);
    const { event } = await findRecording(archive, check('recording', Id, recordingId));
    const file = await exportRecordingTranscript(archive, event.id, recordingId, format, cliLanguage);
    await writeFileAtomic(path.resolve(values.out), file.data, { backup: false });
    process.stderr.write(`${t('cli.written', { file: values.out })}\n`);
    return 0;
  }
  throw new UsageError(t('cli.unknownCommand', { command: `transcript ${sub ?? ''}`.trim() }));
}

export async function commandSpeakers(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') {
    const { values } = parse(rest, {
      archive: { type: 'string' },
      name: { type: 'string' },
      title: { type: 'string' },
      org: { type: 'string' },
      notes: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.name?.trim()) throw new UsageError(t('cli.speakerNameNeeded'));
    const archive = await openArchive(values.archive);
    const s = await addSpeaker(archive, { name: values.name, title: values.title ?? '', org: values.org ?? '', notes: values.notes ?? '' });
    print(values.json, s, `${s.id}\t${s.name}${s.title ? `, ${s.title}` : ''}`);
    return 0;
  }
  if (sub === 'list') {
    const { values } = parse(rest, { archive: { type: 'string' }, json: { type: 'boolean' } });
    const list = listSpeakers(await openArchive(values.archive));
    print(values.json, list, list.map((s) => `${s.id}\t${s.name}\t${s.title}\t${s.org}`).join('\n'));
    return 0;
  }
  throw new UsageError(t('cli.unknownCommand', { command: `speakers ${sub ?? ''}`.trim() }));
}

export async function commandQuotes(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') {
    const { values } = parse(rest, {
      archive: { type: 'string' },
      recording: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      text: { type: 'string' },
      speaker: { type: 'string' },
      json: { type: 'boolean' },
    });
    const start = Number(values.start);
    const end = Number(values.end);
    if (!values.recording || !Number.isFinite(start) || !Number.isFinite(end)) throw new UsageError(t('cli.quoteAddUsage'));
    const archive = await openArchive(values.archive);
    const { event } = await findRecording(archive, check('recording', Id, values.recording));
    const q = await addQuote(archive, event.id, {
      recordingId: values.recording,
      start,
      end,
      ...(values.text ? { text: values.text } : {}),
      ...(values.speaker ? { speakerId: check('speaker', Id, values.speaker) } : {}),
    });
    const settings = archive.document.settings;
    print(values.json, q, `${q.id}\t${formatAttribution(q, settings.attributionVerb, settings.attributionStyle)}`);
    return 0;
  }
  if (sub === 'list') {
    const { values } = parse(rest, { archive: { type: 'string' }, speaker: { type: 'string' }, event: { type: 'string' }, json: { type: 'boolean' } });
    const archive = await openArchive(values.archive);
    const quotes = await listQuotes(archive, {
      ...(values.speaker ? { speaker: values.speaker } : {}),
      ...(values.event ? { eventId: check('event', Id, values.event) } : {}),
    });
    print(
      values.json,
      quotes,
      quotes.length ? quotes.map((q) => `${q.id}\t${q.eventDate}\t${q.speakerName || '—'}\t${q.text}`).join('\n') : t('cli.noQuotes'),
    );
    return 0;
  }
  if (sub === 'copy') {
    const { values, positionals } = parse(rest, { archive: { type: 'string' }, plain: { type: 'boolean' } }, true);
    const [id] = positionals;
    if (!id || positionals.length !== 1) throw new UsageError(t('cli.quoteIdNeeded'));
    const archive = await openArchive(values.archive);
    const q = await findQuote(archive, check('quote', Id, id));
    const settings = archive.document.settings;
    const text = values.plain
      ? formatPlainQuote(q, { eventTitle: q.eventTitle, date: formatLongDate(q.eventDate, cliLanguage), from: formatClock(q.start), to: formatClock(q.end) })
      : formatAttribution(q, settings.attributionVerb, settings.attributionStyle);
    process.stdout.write(`${text}\n`);
    return 0;
  }
  if (sub === 'clip') {
    const { values, positionals } = parse(rest, { archive: { type: 'string' }, out: { type: 'string' } }, true);
    const [id] = positionals;
    if (!id || positionals.length !== 1 || !values.out) throw new UsageError(t('cli.quoteIdNeeded'));
    const archive = await openArchive(values.archive);
    const q = await findQuote(archive, check('quote', Id, id));
    const s = await new SettingsStore().get();
    const ff = await resolveFfmpeg({ ffmpegPath: s.ffmpegPath || null, ffprobePath: s.ffprobePath || null });
    const tmp = `${path.resolve(values.out)}.part`;
    await pipeline(await quoteClip(archive, ff, q), createWriteStream(tmp));
    await fs.rename(tmp, path.resolve(values.out));
    process.stderr.write(`${t('cli.written', { file: values.out })}\n`);
    return 0;
  }
  throw new UsageError(t('cli.unknownCommand', { command: `quotes ${sub ?? ''}`.trim() }));
}
