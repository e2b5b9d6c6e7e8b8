/**
 * `risalah models list` and `risalah models import FILE`: the models of this computer — Whisper's
 * (`*.bin`) and, for "Kenali pembicara", the diarization models (`*.onnx`: a segmentation and a
 * speaker-embedding model; an ONNX file given to `import` is recognised as one).
 */
import path from 'node:path';
import { formatNumber } from '../api/format';
import { importDiarizationModel, listDiarizationModels, looksLikeOnnx } from '../core/diarization/models';
import { dataDir } from '../core/settings';
import { importModel, listModels, modelsDir } from '../core/transcription/models';
import { RECOMMENDED_MODEL_ID } from '../core/transcription/models-catalog';
import { parse, UsageError } from './args';
import { cliLanguage, t } from './i18n';
import { progressLine } from './progress';

export async function commandModels(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const dir = modelsDir(dataDir());
  if (sub === 'list') {
    const { values } = parse(rest, { json: { type: 'boolean' } });
    const models = await listModels(dir);
    const diarization = await listDiarizationModels(dir);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify(
          {
            dir,
            recommended: RECOMMENDED_MODEL_ID,
            models: models.map((m) => ({ id: m.id, file: m.file, path: m.path, sizeBytes: m.sizeBytes, status: m.status, usable: m.usable })),
            diarization: diarization.map((m) => ({ id: m.id, role: m.role, file: m.file, path: m.path, sizeBytes: m.sizeBytes, status: m.status, usable: m.usable })),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      if (models.length === 0) process.stdout.write(`${t('cli.noModels', { dir, recommended: RECOMMENDED_MODEL_ID })}\n`);
      for (const m of models) {
        process.stdout.write(`${m.id}\t${m.status}\t${formatNumber(m.sizeBytes / 2 ** 20, cliLanguage, 0)} MB\t${m.path}\n`);
      }
      for (const m of diarization) {
        process.stdout.write(`${m.id}\t${m.status}\t${formatNumber(m.sizeBytes / 2 ** 20, cliLanguage, 1)} MB\t${m.path}\t${t(`cli.diarizationRole.${m.role}`)}\n`);
      }
    }
    return 0;
  }
  if (sub === 'import') {
    const { values, positionals } = parse(rest, { json: { type: 'boolean' } }, true);
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError(t('cli.modelsImportFile'));
    const bar = progressLine(path.basename(file));
    if (await looksLikeOnnx(path.resolve(file))) {
      const r = await importDiarizationModel(dir, path.resolve(file), { onProgress: (b, total) => bar.update(t('cli.stage.copy'), total ? b / total : null) }).finally(() => bar.done());
      if (r.model.status !== 'verified') process.stderr.write(`risalah: ${t('cli.diarizationUnverified')}\n`);
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ id: r.model.id, kind: 'diarization', role: r.model.role, path: r.model.path, status: r.model.status, alreadyInstalled: r.alreadyInstalled }, null, 2)}\n`);
      } else {
        process.stdout.write(`${r.model.id}\t${r.model.status}\t${r.model.path}\t${t(`cli.diarizationRole.${r.model.role}`)}\n`);
      }
      return 0;
    }
    const r = await importModel(dir, path.resolve(file), { onProgress: (b, total) => bar.update(t('cli.stage.copy'), total ? b / total : null) });
    bar.done();
    for (const w of r.warnings) process.stderr.write(`risalah: ${w.message[cliLanguage]}\n`);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ id: r.model.id, path: r.model.path, status: r.model.status, alreadyInstalled: r.alreadyInstalled }, null, 2)}\n`);
    } else {
      process.stdout.write(`${r.model.id}\t${r.model.status}\t${r.model.path}\n`);
    }
    return 0;
  }
  throw new UsageError(t('cli.unknownCommand', { command: `models ${sub ?? ''}`.trim() }));
}
