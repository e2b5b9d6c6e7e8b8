/** `risalah import FILE... --event ID`: import recordings into an event, progress on stderr. */
import path from 'node:path';
import { Id, RecordingLanguage } from '../api/schemas';
import { formatClock } from '../api/format';
import { Archive } from '../core/archive/archive';
import { importRecording } from '../core/archive/files';
import { defaultArchiveDir } from '../core/archive/paths';
import { resolveFfmpeg } from '../core/media';
import { SettingsStore } from '../core/settings';
import { check, parse, UsageError } from './args';
import { describeError, t } from './i18n';
import { progressLine } from './progress';

export async function commandImport(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { archive: { type: 'string' }, event: { type: 'string' }, json: { type: 'boolean' }, language: { type: 'string' } },
    true,
  );
  if (positionals.length === 0) throw new UsageError(t('cli.importNoFiles'));
  const eventId = check('event', Id, values.event);
  const language = values.language === undefined ? undefined : check('language', RecordingLanguage, values.language);
  const archive = await Archive.open(values.archive ?? defaultArchiveDir());
  await archive.getEvent(eventId);
  const settings = await new SettingsStore().get();
  const ff = await resolveFfmpeg({ ffmpegPath: settings.ffmpegPath || null, ffprobePath: settings.ffprobePath || null });

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const results: unknown[] = [];
  let failures = 0;
  try {
    for (const file of positionals) {
      const name = path.basename(file);
      const bar = progressLine(name);
      try {
        const r = await importRecording(archive, ff, eventId, path.resolve(file), {
          signal: controller.signal,
          ...(language ? { language } : {}),
          onProgress: (stage, fraction) => bar.update(t(`cli.stage.${stage}`, { defaultValue: stage }), fraction),
        });
        bar.done();
        results.push({ file, ok: true, id: r.recording.id, durationSec: r.recording.durationSec, duplicate: r.duplicate, warnings: r.recording.warnings });
        if (!values.json) {
          process.stdout.write(`${r.recording.id}\t${r.recording.durationSec.toFixed(3)}\t${name}${r.duplicate ? `\t${t('cli.duplicate')}` : ''}\n`);
        }
        for (const w of r.recording.warnings) {
          process.stderr.write(`risalah: ${name}: ${t(`cli.warning.${w.code}`, { decoded: formatClock(w.decodedSec ?? 0), expected: formatClock(w.expectedSec ?? 0), count: w.count ?? 0 })}\n`);
        }
      } catch (e) {
        bar.done();
        failures++;
        const { message } = describeError(e);
        process.stderr.write(`risalah: ${message}\n`);
        results.push({ file, ok: false, error: { code: (e as { code?: string }).code ?? 'INTERNAL', message } });
        if (controller.signal.aborted) break;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return failures ? 1 : 0;
}
