/**
 * "Kenali pembicara" through the job, killed and resumed: a host (as the app runs it) starts the
 * job on a long recording and is killed with -9 while the engine computes embeddings. Nothing of
 * the transcript changed; the engine child did not outlive it; the recording says the run was
 * interrupted. A new host runs the job again with the hint the interrupted run was given, and the
 * transcript gets its speakers. Cancel through the job is answered at once, changing nothing: the
 * recording keeps the result it had.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../main/api/schemas';
import { Archive } from '../../../main/core/archive/archive';
import { readDiarization, readWorking } from '../../../main/core/archive/documents';
import { openHost, type Host } from '../../../main/host/host';
import { EVENT_A, repeatedEventPcm, syntheticEvent } from '../../helpers/diarization';
import { diarizationArchive, referenceSegments } from '../../helpers/diarization-archive';
import { bundleDriver } from '../../helpers/run-ts';
import { tempDir } from '../../helpers/tmp';
import { saveWorking } from '../../../main/core/transcript/working';

const run = promisify(execFile);

let tmp: ReturnType<typeof tempDir>;
let bundle: string;
let archiveDir: string;
let modelsDir: string;
let eventId: string;
let recordingId: string;

/** Running (a zombie waiting for a reaper that does not come counts as ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function jobDone(host: Host, job: JobInfo, expected: JobInfo['state'] = 'done'): Promise<JobInfo> {
  let now: JobInfo | undefined;
  await waitFor(`job ${job.id}`, async () => {
    const r = await host.dispatch('jobs.list', {});
    now = r.ok ? (r.value as JobInfo[]).find((j) => j.id === job.id) : undefined;
    return !!now && ['done', 'failed', 'cancelled'].includes(now.state);
  }, 120_000);
  expect(now?.state, JSON.stringify(now?.error ?? null)).toBe(expected);
  return now!;
}

beforeAll(async () => {
  tmp = tempDir('risalah-diar-resume-');
  const a = await syntheticEvent(EVENT_A);
  // a long recording: event A twelve times over (7.5 minutes), as a WAV a user would import
  const pcm = await repeatedEventPcm(a, 12);
  const wav = path.join(tmp.dir, 'panjang.wav');
  await run('sox', ['-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-r', '16000', '-c', '1', pcm, wav]);
  const ctx = await diarizationArchive(tmp.dir, tmp.dir, [{ name: 'panjang', event: { ...a, wav }, transcript: false }]);
  eventId = ctx.eventId;
  recordingId = ctx.recordings.panjang!;
  modelsDir = ctx.modelsDir;
  archiveDir = ctx.archive.dir;
  await saveWorking(ctx.archive, eventId, recordingId, 0, { labels: [], segments: referenceSegments(a) });
  ctx.archive.close();
  bundle = await bundleDriver('tests/drivers/diarize-host.ts');
}, 300_000);

afterAll(() => tmp?.cleanup());

describe('Kenali pembicara through the job', () => {
  it('kill -9 of the app mid-run: nothing changed, no engine left; the job run again resumes with its hint and finishes', async () => {
    const config = path.join(tmp.dir, 'config');
    const child = spawn(process.execPath, [bundle, archiveDir, config, modelsDir, eventId, recordingId], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const engine = await new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /engine (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`the host ended by itself (${code}) before the engine ran:\n${out}\n${err}`)));
    });
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
    // (the hint keeps the engine's main thread waiting in sherpa-onnx: its watchdog thread ends it)
    await waitFor('the engine to end with its parent', () => !alive(engine), 3000);
    console.log(`[diarization] killed the host mid-run (${out.trim().split('\n').at(-2)}); engine ${engine} gone`);

    const archive = await Archive.open(archiveDir);
    expect(archive.problems).toEqual([]);
    expect((await readWorking(archive.store, eventId, recordingId))?.rev).toBe(1);
    const record = await readDiarization(archive.store, eventId, recordingId);
    expect(record?.state).toBe('running');
    expect(record?.params.numSpeakers).toBe(3);
    archive.close();

    const host = await openHost({ archiveDir, settingsDir: config, modelsDir, kind: 'electron', log: () => undefined });
    try {
      const view = await host.dispatch('diarization.get', { eventId, recordingId });
      expect(view.ok && (view.value as { state: string }).state).toBe('interrupted');
      // "Lanjutkan": no hint given — the interrupted run's own is used
      const started = await host.dispatch('diarization.start', { eventId, recordingIds: [recordingId] });
      expect(started.ok).toBe(true);
      const job = await jobDone(host, (started.ok ? (started.value as { jobs: JobInfo[] }).jobs[0] : undefined)!);
      expect(job.result?.speakers).toBeGreaterThanOrEqual(2);
      const after = await readDiarization(host.archive.store, eventId, recordingId);
      expect(after?.state).toBe('done');
      expect(after?.params.numSpeakers).toBe(3);
      const w = await readWorking(host.archive.store, eventId, recordingId);
      expect(w?.rev).toBe(2);
      expect(w?.segments.every((s) => s.speaker !== null)).toBe(true);
      expect(w?.labels.length).toBe(job.result?.speakers);

      // cancel mid-run through the job: answered at once, nothing changed
      const again = await host.dispatch('diarization.start', { eventId, recordingIds: [recordingId], speakers: null });
      const second = (again.ok ? (again.value as { jobs: JobInfo[] }).jobs[0] : undefined)!;
      await waitFor('the second run to compute', async () => {
        const r = await host.dispatch('jobs.list', {});
        return r.ok && (r.value as JobInfo[]).some((j) => j.id === second.id && j.stage === 'embedding');
      }, 60_000);
      const t0 = Date.now();
      expect(await host.dispatch('jobs.cancel', { jobId: second.id })).toEqual({ ok: true, value: { cancelled: true } });
      await jobDone(host, second, 'cancelled');
      expect(Date.now() - t0).toBeLessThan(1500);
      expect((await readWorking(host.archive.store, eventId, recordingId))?.rev).toBe(2);
      // the recording is as before the cancelled run: its result still there
      expect(await readDiarization(host.archive.store, eventId, recordingId)).toEqual(after);
    } finally {
      await host.close();
    }
  }, 300_000);
});
