/**
 * kill -9 at random points of every write path — event edit, speaker add, event create and
 * import, transcript save, quote add, journal append, a diarization result (centroids and record),
 * its application to the transcript, a voiceprint — in a loop. After each kill the archive
 * opens with no damaged or invalid file, and every change the killed process had acknowledged is
 * there. (`npm test` kills 8 times; `npm run test:hostile` 200.)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../main/core/archive/archive';
import { readDiarization, readMachine, readPersonVoiceprint, readQuotes, readRecordingVoices, readWorking } from '../../main/core/archive/documents';
import { importRecording } from '../../main/core/archive/files';
import { layout } from '../../main/core/archive/layout';
import { resolveFfmpeg } from '../../main/core/media';
import { Journal } from '../../main/core/transcription/journal';
import { mediaFixtures } from '../helpers/media-fixtures';
import { bundleDriver } from '../helpers/run-ts';
import { tempDir } from '../helpers/tmp';
import { LONG, record } from './figures';

const KILLS = LONG ? 200 : 8;

let tmp: ReturnType<typeof tempDir>;
let bundle: string;
let media: string;
beforeAll(async () => {
  tmp = tempDir();
  bundle = await bundleDriver('tests/drivers/write-paths.ts');
  media = (await mediaFixtures()).good.mp3.path;
}, 300_000);
afterAll(() => tmp?.cleanup());

/** Run the driver and kill it with -9 after `ms`; the acknowledged changes it printed. */
function runAndKill(args: string[], ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('ready\n') && !timer) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    let timer: NodeJS.Timeout | undefined;
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`the driver stopped by itself (${code}):\n${err}`));
      // Only whole lines were acknowledged (a line torn by the kill was not).
      resolve(out.split('\n').slice(0, -1).filter((l) => l.startsWith('ack ')).map((l) => l.slice(4)));
    });
  });
}

describe('kill -9 during writes', () => {
  it(`after each of ${KILLS} kills at random points, the archive validates and every acknowledged change is there`, async () => {
    const dir = path.join(tmp.dir, 'arsip');
    const archive0 = await Archive.open(dir);
    const event = await archive0.createEvent({ title: 'Penandatanganan MoU', date: '2025-07-01', type: 'penandatanganan' });
    const { recording } = await importRecording(archive0, await resolveFfmpeg(), event.id, media);
    archive0.close();
    let survived = 0;
    const lost: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const acks = await runAndKill([dir, event.id, recording.id, media], 150 + Math.floor(Math.random() * 1200));
      const archive = await Archive.open(dir);
      const ev = await archive.getEvent(event.id);
      const speakers = new Set(archive.document.speakers.map((s) => s.id));
      const working = await readWorking(archive.store, event.id, recording.id);
      const quotes = new Set((await readQuotes(archive.store, event.id)).map((q) => q.id));
      const { segments } = await Journal.open(await archive.store.resolve(layout.journal(event.id, recording.id)), 'uji-kill');
      const diarization = await readDiarization(archive.store, event.id, recording.id);
      await readRecordingVoices(archive.store, event.id, recording.id);
      const missing: string[] = [];
      for (const a of acks) {
        const [kind, x, y] = a.split(' ') as [string, string, string | undefined];
        if (kind === 'event' && ev.rev < Number(x)) missing.push(a);
        if (kind === 'speaker' && !speakers.has(x)) missing.push(a);
        if (kind === 'transcript' && (working?.rev ?? 0) < Number(x)) missing.push(a);
        if (kind === 'quote' && !quotes.has(x)) missing.push(a);
        if (kind === 'journal' && segments.length < Number(x)) missing.push(a);
        if (kind === 'diarization' && !((diarization?.result?.createdAt ?? '') >= x)) missing.push(a);
        if (kind === 'applied' && (working?.rev ?? 0) < Number(x)) missing.push(a);
        if (kind === 'voiceprint' && !(await readPersonVoiceprint(archive.store, x))) missing.push(a);
        if (kind === 'event-created') await archive.getEvent(x).catch(() => missing.push(a));
        if (kind === 'import') {
          const imported = await archive.getEvent(x).catch(() => null);
          if (!imported?.recordings.some((r) => r.id === y)) missing.push(a);
        }
      }
      // Every event still opens whole.
      for (const e of await archive.allEventRecords()) {
        for (const r of e.recordings) {
          if (!(await archive.store.stat(archive.eventFile(e.id, r.file)))) missing.push(`media of ${r.id}`);
          await readMachine(archive.store, e.id, r.id);
        }
      }
      const problems = [...archive.problems]; // every file read above validated
      archive.close();
      if (problems.length === 0 && missing.length === 0) survived++;
      else lost.push(`kill ${k + 1}: ${JSON.stringify(problems)} ${missing.join(', ')}`);
      expect(acks.length, `kill ${k + 1} acknowledged nothing: too early`).toBeGreaterThan(0);
    }
    record({ kills: KILLS, survived, lost: lost.length });
    expect(lost).toEqual([]);
  }, 1_200_000);
});
