/**
 * `risalah models import FILE` with a diarization model, and `risalah diarize RECORDING_ID`, end to
 * end: the built CLI, real ffmpeg and sherpa-onnx, the designed test models. Without models: what
 * to install. With them: turns `{ start, end, speaker }` in seconds and each cluster's suggestion
 * (--json), the transcript labelled; on a second recording the people whose voice was confirmed
 * (with consent) are suggested, never named.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../../main/core/archive/archive';
import { readWorking } from '../../../main/core/archive/documents';
import { enableVoiceprint } from '../../../main/core/diarization/voices';
import { saveWorking } from '../../../main/core/transcript/working';
import { runCli } from '../../helpers/cli';
import { diarizationTestModels, EVENT_A, EVENT_B, syntheticEvent, type SyntheticEvent } from '../../helpers/diarization';
import { diarizationArchive } from '../../helpers/diarization-archive';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
let a: SyntheticEvent;
let archiveDir: string;
let eventId: string;
let recA: string;
let recB: string;
let mashudi: string;
const env = () => ({
  RISALAH_MODELS_DIR: path.join(tmp.dir, 'cli-models'),
  RISALAH_CONFIG_DIR: path.join(tmp.dir, 'config'),
  RISALAH_DATA_DIR: path.join(tmp.dir, 'data'),
  RISALAH_CACHE: path.join(tmp.dir, 'cache'),
});

beforeAll(async () => {
  tmp = tempDir('risalah-cli-diarize-');
  let b: SyntheticEvent;
  [a, b] = await Promise.all([syntheticEvent(EVENT_A), syntheticEvent(EVENT_B)]);
  const ctx = await diarizationArchive(tmp.dir, tmp.dir, [
    { name: 'a', event: a, transcript: true },
    { name: 'b', event: b, transcript: true },
  ]);
  archiveDir = ctx.archive.dir;
  eventId = ctx.eventId;
  recA = ctx.recordings.a!;
  recB = ctx.recordings.b!;
  mashudi = ctx.people.kakanwil!;
  ctx.archive.close();
}, 180_000);
afterAll(() => tmp?.cleanup());

interface Out {
  state: string;
  turns: { start: number; end: number; speaker: number }[];
  clusters: { speaker: number; label: string; labelId: string; speechSec: number; suggestion: { speakerId: string; name: string; similarity: number; text: string } | null }[];
}

describe('risalah diarize', () => {
  it('without models: says what to install, exit 1, nothing changed', () => {
    const r = runCli(['diarize', recA, '--archive', archiveDir], env());
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/Model pengenal pembicara belum terpasang/);
    expect(r.stderr).toContain('pyannote-segmentation-3.0.onnx');
  });

  it('models import FILE recognises each ONNX diarization model and its role', async () => {
    const models = await diarizationTestModels();
    const seg = runCli(['models', 'import', models.segmentation, '--json'], env());
    expect(seg.code, seg.stderr).toBe(0);
    expect(JSON.parse(seg.stdout)).toMatchObject({ kind: 'diarization', role: 'segmentation', status: 'unverified', alreadyInstalled: false });
    const emb = runCli(['models', 'import', models.embedding], env());
    expect(emb.code, emb.stderr).toBe(0);
    expect(emb.stdout).toMatch(/pengenal pembicara: suara pembicara/);
    const list = runCli(['models', 'list', '--json'], env());
    expect(JSON.parse(list.stdout).diarization.map((m: { role: string }) => m.role).sort()).toEqual(['embedding', 'segmentation']);
  });

  it('--json: the turns in seconds and every cluster, the transcript labelled; then suggestions on recording B', async () => {
    const r = runCli(['diarize', recA, '--archive', archiveDir, '--json'], env());
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.state).toBe('done');
    expect(out.clusters.map((c) => c.label)).toEqual(['Pembicara 1', 'Pembicara 2', 'Pembicara 3']);
    expect(out.clusters.every((c) => c.suggestion === null)).toBe(true);
    expect(out.turns.length).toBeGreaterThanOrEqual(6);
    for (const t of out.turns) {
      expect(Object.keys(t).sort()).toEqual(['end', 'speaker', 'start']);
      expect(t.end).toBeGreaterThan(t.start);
      expect(t.end).toBeLessThanOrEqual(a.durationSec + 0.01);
    }
    // Mashudi (the second voice) named on A, with consent: B's matching cluster says so
    const archive = await Archive.open(archiveDir);
    const w = (await readWorking(archive.store, eventId, recA))!;
    const p2 = out.clusters[1]!.labelId;
    await saveWorking(archive, eventId, recA, w.rev, { labels: w.labels.map((l) => (l.id === p2 ? { ...l, speakerId: mashudi } : l)), segments: w.segments });
    await enableVoiceprint(archive, mashudi, 'setuju');
    archive.close();
    const rb = runCli(['diarize', recB, '--archive', archiveDir, '--json'], env());
    expect(rb.code, rb.stderr).toBe(0);
    const outB = JSON.parse(rb.stdout) as Out;
    const first = outB.clusters[0]!; // B opens with the Kakanwil's voice
    expect(first.suggestion).toMatchObject({ speakerId: mashudi, name: 'Mashudi' });
    expect(first.suggestion!.text).toMatch(/^Mashudi\? \(kemiripan 0,\d\d\)$/);
    expect(first.label).toBe('Pembicara 1'); // suggested, not named
    const text = runCli(['diarize', recB, '--archive', archiveDir], env());
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Pembicara dikenali: 3 pembicara/);
    expect(text.stdout).toMatch(/Pembicara 1\t0:0\d\t\d giliran bicara\tMashudi\? \(kemiripan 0,\d\d\)/);
  });
});
