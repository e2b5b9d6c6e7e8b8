/**
 * `risalah transcribe`: a recording of the archive, or any media file, through Whisper.
 *
 *   risalah transcribe RECORDING_ID --archive DIR [--model PATH] [--lang L] [--threads N] [--json]
 *   risalah transcribe FILE [--model PATH] [--lang L] [--threads N] [--format srt|vtt|txt|json] [--out F]
 *
 * Progress goes to stderr, results to stdout or --out. Interrupted (Ctrl+C, a crash, kill -9),
 * the same command resumes from the last segment written.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { formatClock } from '../api/format';
import { Id, RecordingLanguage } from '../api/schemas';
import { Archive } from '../core/archive/archive';
import { layout } from '../core/archive/layout';
import { defaultArchiveDir } from '../core/archive/paths';
import { writeFileAtomic } from '../core/fs/atomic';
import { EXPORT_FORMATS, exportTranscript, type ExportFormat } from '../core/export/transcript';
import { resolveFfmpeg } from '../core/media';
import { cacheDir, dataDir, defaultThreads, SettingsStore } from '../core/settings';
import { defaultModel, modelsDir } from '../core/transcription/models';
import { EngineHolder, transcribeRecording } from '../core/transcription/pipeline';
import { transcribeArchiveRecording } from '../core/transcription/service';
import { check, parse, UsageError } from './args';
import { t } from './i18n';
import { progressLine } from './progress';

const OPTIONS = {
  archive: { type: 'string' },
  model: { type: 'string' },
  lang: { type: 'string' },
  threads: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  vad: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function commandTranscribe(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, true);
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new UsageError(t('cli.transcribeTarget'));
  const language = values.lang === undefined ? undefined : check('lang', RecordingLanguage, values.lang);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64)) throw new UsageError(`--threads ${values.threads}`);
  const vad = values.vad === undefined ? true : values.vad !== 'off';
  const format = (values.format ?? 'srt') as ExportFormat;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${values.format}`);
  const maxTokens = Number(process.env.RISALAH_WHISPER_MAX_TOKENS) || undefined; // development/tests

  const settings = await new SettingsStore().get();
  const ff = await resolveFfmpeg({ ffmpegPath: settings.ffmpegPath || null, ffprobePath: settings.ffprobePath || null });
  const model = values.model
    ? { path: path.resolve(values.model), id: null, sha256: null }
    : await defaultModel(modelsDir(dataDir()), settings.modelId ? { preferredId: settings.modelId } : {}).then((m) => ({
        path: m.path,
        id: m.catalog?.id ?? null,
        sha256: m.record?.sha256 ?? null,
      }));
  const engine = new EngineHolder();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  const bar = progressLine(path.basename(target));
  const deps = {
    signal: controller.signal,
    onResume: (segments: number, fromSec: number) =>
      process.stderr.write(`risalah: ${t('cli.resuming', { count: segments, time: formatClock(fromSec) })}\n`),
    onProgress: (stage: string, fraction: number | null, eta: number | null) =>
      bar.update(`${t(`cli.stage.${stage}`, { defaultValue: stage })}${eta !== null ? ` (${t('cli.eta', { time: formatClock(eta) })})` : ''}`, fraction),
  };
  const workDir = path.join(cacheDir(), 'work');
  const useThreads = threads ?? (settings.threads || defaultThreads());
  try {
    const isFile = existsSync(target) && statSync(target).isFile();
    if (!isFile && values.archive === undefined && !Id.safeParse(target).success) {
      throw new UsageError(t('cli.transcribeTarget'));
    }
    if (!isFile) {
      // A recording of the archive.
      const recordingId = check('recording', Id, target);
      const archive = await Archive.open(values.archive ?? defaultArchiveDir());
      const transcript = await transcribeArchiveRecording(
        { archive, ff, engine, workDir, threads: useThreads },
        { recordingId, model, ...(language ? { language } : {}), vad, ...(maxTokens ? { maxTokens } : {}) },
        deps,
      );
      bar.done();
      const events = await archive.allEventRecords();
      const event = events.find((e) => e.recordings.some((r) => r.id === recordingId));
      const file = event ? archive.store.pathOf(layout.machineTranscript(event.id, recordingId)) : '';
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ eventId: event?.id, recordingId, file, segments: transcript.segments.length, stats: transcript.stats }, null, 2)}\n`);
      } else {
        process.stdout.write(`${t('cli.transcribed', { count: transcript.segments.length, file })}\n`);
      }
      return 0;
    }
    // Any media file, outside an archive: the journal lives in the cache so a rerun resumes.
    const stat = statSync(target);
    const key = createHash('sha256').update(`${path.resolve(target)}\u0000${stat.size}\u0000${stat.mtimeMs}`).digest('hex').slice(0, 32);
    const transcript = await transcribeRecording(
      {
        source: path.resolve(target),
        journalFile: path.join(workDir, `${key}.journal.jsonl`),
        workDir,
        recordingId: path.basename(target),
        model,
        language: language ?? 'id',
        prompt: '',
        replacements: [],
        threads: useThreads,
        vad,
        ...(maxTokens ? { maxTokens } : {}),
      },
      { ...deps, ff, engine },
    );
    bar.done();
    const text = exportTranscript(format, transcript.segments, { recording: path.basename(target), language: transcript.detectedLanguage, model: transcript.model.file });
    if (values.out) {
      await fs.mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
      await writeFileAtomic(path.resolve(values.out), text, { backup: false });
    } else {
      process.stdout.write(text);
    }
    return 0;
  } catch (e) {
    bar.done();
    if (controller.signal.aborted) process.stderr.write(`risalah: ${t('cli.resumeHint')}\n`);
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await engine.close();
  }
}
