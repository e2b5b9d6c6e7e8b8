/**
 * Transcribing a recording of the archive (core/transcription/service.ts) with the real engine:
 * an interrupted run resumes with the settings it ran with — the language included, which the
 * job's journal records (it used to live in the browser's storage, and a resume from another
 * window or the CLI threw the journal away).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptSegment } from '../../../main/api/schemas';
import { Archive } from '../../../main/core/archive/archive';
import { importRecording } from '../../../main/core/archive/files';
import { type RisalahError } from '../../../main/core/errors';
import { resolveFfmpeg, type FfmpegTools } from '../../../main/core/media';
import { EngineHolder } from '../../../main/core/transcription/pipeline';
import { journalLanguage, readTranscript, transcribeArchiveRecording } from '../../../main/core/transcription/service';
import { requireEngine, testModel } from '../../helpers/engine';
import { speechWithSilence } from '../../helpers/speech';
import { tempDir } from '../../helpers/tmp';

let ff: FfmpegTools;
let model: string;
let tmp: ReturnType<typeof tempDir>;
const engine = new EngineHolder();

beforeAll(async () => {
  requireEngine();
  ff = await resolveFfmpeg();
  model = await testModel('tiny');
  tmp = tempDir();
}, 300_000);
afterAll(async () => {
  await engine.close();
  tmp?.cleanup();
});

describe('transcribing an archive recording', () => {
  it('resumes an interrupted run in the language it was started with, without being told again', async () => {
    const archive = await Archive.open(path.join(tmp.dir, 'arsip'));
    const event = await archive.createEvent({ title: 'Rapat koordinasi', date: '2025-07-01', type: 'rapat' });
    const speech = await speechWithSilence(15);
    const { recording } = await importRecording(archive, ff, event.id, speech.path);
    expect(recording.language).toBe('id');
    const env = { archive, ff, engine, workDir: path.join(tmp.dir, 'work'), threads: 1 };
    const common = { recordingId: recording.id, model: { path: model }, maxTokens: 4, temperatureInc: 0, maxWindowSec: 6 };

    const controller = new AbortController();
    const first: TranscriptSegment[] = [];
    const err = await transcribeArchiveRecording(env, { ...common, language: 'en' }, {
      signal: controller.signal,
      onSegment: (s) => {
        first.push(s);
        if (first.length === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((err as RisalahError).code).toBe('CANCELLED');
    expect(await journalLanguage(archive, event.id, recording.id)).toBe('en');
    const journaled = (await readTranscript(archive, event.id, recording.id)).partial?.segments.length ?? 0;
    expect(journaled).toBeGreaterThanOrEqual(2);

    // "Lanjutkan" from anywhere (another window, the CLI): no language given.
    const second: TranscriptSegment[] = [];
    const t = await transcribeArchiveRecording(env, common, { onSegment: (s) => second.push(s) });
    expect(t.language).toBe('en');
    expect(t.segments.length).toBe(journaled + second.length);
    expect((await archive.getEvent(event.id)).recordings[0]?.transcript?.segmentCount).toBe(t.segments.length);
  });
});
