/**
 * `risalah diarize`: "Kenali pembicara" on a recording of the archive.
 *
 *   risalah diarize RECORDING_ID [--speakers N] [--archive DIR] [--json]
 *
 * Runs the same core as the app's job (speakers as "Pembicara 1…N" on the transcript, every
 * choice a person made kept), progress on stderr. Prints each cluster (its label, speaking time,
 * the person its voice resembles: "Mashudi? (kemiripan 0,82)", never applied) — with --json the
 * turns as `{ start, end, speaker }` in seconds (`speaker`: the cluster, 0…K−1) and each
 * cluster's suggestion. Interrupted (Ctrl+C, kill -9), the same command runs it again; a result
 * already found is only put onto the transcript.
 */
import { formatClock } from '../api/format';
import { Id } from '../api/schemas';
import { Archive } from '../core/archive/archive';
import { readWorking } from '../core/archive/documents';
import { defaultArchiveDir } from '../core/archive/paths';
import { diarizationView, diarizeArchiveRecording } from '../core/diarization/service';
import { formatSuggestion } from '../core/diarization/voiceprint';
import { resolveFfmpeg } from '../core/media';
import { cacheDir, dataDir, SettingsStore } from '../core/settings';
import { modelsDir } from '../core/transcription/models';
import { check, parse, UsageError } from './args';
import { cliLanguage, t } from './i18n';
import { progressLine } from './progress';
import path from 'node:path';

export async function commandDiarize(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { archive: { type: 'string' }, speakers: { type: 'string' }, json: { type: 'boolean' } }, true);
  const [target] = positionals;
  if (!target || positionals.length !== 1) throw new UsageError(t('cli.diarizeUsage'));
  const recordingId = check('recording', Id, target);
  let speakers: number | undefined;
  if (values.speakers !== undefined) {
    speakers = Number(values.speakers);
    if (!Number.isInteger(speakers) || speakers < 1 || speakers > 50) throw new UsageError(`--speakers ${values.speakers}`);
  }
  const settings = await new SettingsStore().get();
  const archive = await Archive.open(values.archive ?? defaultArchiveDir());
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = progressLine(recordingId);
  try {
    const ff = await resolveFfmpeg({ ffmpegPath: settings.ffmpegPath || null, ffprobePath: settings.ffprobePath || null });
    const outcome = await diarizeArchiveRecording(
      { archive, ff, modelsDir: modelsDir(dataDir()), workDir: path.join(cacheDir(), 'work') },
      { recordingId, ...(speakers !== undefined ? { numSpeakers: speakers } : {}) },
      { signal: controller.signal, onProgress: (stage, f) => bar.update(t(`cli.stage.${stage}`, { defaultValue: stage }), f) },
    );
    bar.done();
    const view = await diarizationView(archive, outcome.eventId, recordingId, { threshold: settings.speakerThreshold });
    const working = await readWorking(archive.store, outcome.eventId, recordingId);
    const labelIds = outcome.record.applied?.clusterLabels ?? [];
    const clusters = view.clusters.map((c) => {
      const label = working?.labels.find((l) => l.id === labelIds[c.speaker]);
      const person = label?.speakerId ? archive.document.speakers.find((s) => s.id === label.speakerId) : undefined;
      const top = c.suggestions[0] ?? null;
      return {
        speaker: c.speaker,
        labelId: label?.id ?? null,
        label: person?.name ?? label?.name ?? t('diarization.speakerLabel', { n: c.speaker + 1 }),
        speakerId: person?.id ?? null,
        speechSec: c.speechSec,
        turns: c.turns,
        suggestion: top ? { speakerId: top.speakerId, name: top.name, similarity: top.similarity, text: formatSuggestion(top.name, top.similarity, cliLanguage) } : null,
      };
    });
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify(
          { eventId: outcome.eventId, recordingId, state: outcome.state, numSpeakers: view.numSpeakers, models: view.models, turns: view.turns, clusters },
          null,
          2,
        )}\n`,
      );
    } else {
      process.stdout.write(`${t(outcome.state === 'done' ? 'cli.diarized' : 'cli.diarizedPending', { count: clusters.length })}\n`);
      for (const c of clusters) {
        process.stdout.write(`${c.label}\t${formatClock(c.speechSec)}\t${t('cli.diarizeTurns', { count: c.turns })}${c.suggestion && !c.speakerId ? `\t${c.suggestion.text}` : ''}\n`);
      }
    }
    return 0;
  } catch (e) {
    bar.done();
    if (controller.signal.aborted) process.stderr.write(`risalah: ${t('cli.diarizeResumeHint')}\n`);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    archive.close();
  }
}
