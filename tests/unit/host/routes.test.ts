/**
 * Uploads, imports as jobs, and media with HTTP Range — through the web host, as a browser uses them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../main/api/schemas';
import { openHost, type Host } from '../../../main/host/host';
import { startWebServer, type WebServer } from '../../../main/host/web-server';
import { mediaFixtures, type MediaFixtures } from '../../helpers/media-fixtures';
import { snapshotDir } from '../../helpers/snapshot';
import { repoRoot, tempDir } from '../../helpers/tmp';

let fx: MediaFixtures;
let tmp: ReturnType<typeof tempDir>;
let host: Host;
let server: WebServer;
let auth: Record<string, string>;

beforeAll(async () => {
  fx = await mediaFixtures();
  tmp = tempDir();
  host = await openHost({ archiveDir: tmp.dir, kind: 'web', client: 'local', settingsDir: path.join(tmp.dir, '..', `${path.basename(tmp.dir)}-config`), log: () => undefined });
  server = await startWebServer({ host, rendererDir: path.join(repoRoot, 'dist', 'renderer'), port: 0, token: 'token-uji' });
  auth = { Authorization: 'Bearer token-uji' };
}, 300_000);
afterAll(async () => {
  await server.close();
  await host.close();
  tmp.cleanup();
});

async function call<T>(name: string, input: unknown): Promise<T> {
  const res = await fetch(`${server.origin}/api/call/${name}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  const env = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!env.ok) throw Object.assign(new Error('call failed'), { error: env.error });
  return env.value as T;
}

async function upload(file: string, name: string): Promise<string> {
  const res = await fetch(`${server.origin}/api/upload`, { method: 'POST', headers: { ...auth, 'X-File-Name': encodeURIComponent(name) }, body: readFileSync(file) });
  const env = (await res.json()) as { ok: boolean; value: { uploadId: string; sizeBytes: number } };
  expect(env.ok).toBe(true);
  return env.value.uploadId;
}

function waitForJob(id: string): Promise<JobInfo> {
  return new Promise((resolve) => {
    const off = host.pushes.subscribe((name, payload) => {
      const job = (payload as { job?: JobInfo }).job;
      if (name === 'job.updated' && job?.id === id && ['done', 'failed', 'cancelled'].includes(job.state)) {
        off();
        resolve(job);
      }
    });
  });
}

describe('import through the web host', () => {
  it('uploads, imports as a job with progress, and serves the recording with Range', async () => {
    const event = await call<{ id: string }>('events.create', { title: 'Penandatanganan MoU', date: '2025-07-01', type: 'penandatanganan' });
    const stages = new Set<string>();
    host.pushes.subscribe((name, payload) => name === 'job.updated' && stages.add((payload as { job: JobInfo }).job.stage));
    const uploadId = await upload(fx.good.m4a.path, 'Sambutan Dirjen.m4a');
    const { jobs } = await call<{ jobs: JobInfo[] }>('recordings.import', { eventId: event.id, uploads: [{ uploadId }] });
    expect(jobs).toHaveLength(1);
    const done = await waitForJob(jobs[0]!.id);
    expect(done.state).toBe('done');
    expect(stages.has('analyze')).toBe(true);
    const rec = (await call<{ recordings: { id: string; originalName: string; sizeBytes: number }[] }>('events.get', { id: event.id })).recordings[0]!;
    expect(rec.originalName).toBe('Sambutan Dirjen.m4a');
    expect(done.result?.recordingId).toBe(rec.id);

    const url = `${server.origin}/media/${event.id}/${rec.id}`;
    const whole = await fetch(url, { headers: auth });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-type')).toBe('audio/mp4');
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.equals(readFileSync(fx.good.m4a.path))).toBe(true);

    const part = await fetch(url, { headers: { ...auth, Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${rec.sizeBytes}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await fetch(url, { headers: { ...auth, Range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    expect((await fetch(url, { headers: { ...auth, Range: `bytes=${rec.sizeBytes + 5}-` } })).status).toBe(416);

    const waveform = await call<{ min: number[]; max: number[] }>('recordings.waveform', { eventId: event.id, recordingId: rec.id, buckets: 100 });
    expect(waveform.max).toHaveLength(100);
  });

  it('a file that is not media fails its job with MEDIA_NOT_MEDIA naming it, and the archive is unchanged', async () => {
    const event = await call<{ id: string }>('events.create', { title: 'Rapat', date: '2025-07-02', type: 'rapat' });
    const before = snapshotDir(tmp.dir);
    const uploadId = await upload(fx.bad.textNamedMp3.path, 'rekaman-rapat.mp3');
    const { jobs } = await call<{ jobs: JobInfo[] }>('recordings.import', { eventId: event.id, uploads: [{ uploadId }] });
    const done = await waitForJob(jobs[0]!.id);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'MEDIA_NOT_MEDIA', params: { file: 'rekaman-rapat.mp3' } } });
    expect(snapshotDir(tmp.dir)).toEqual(before);
    // the upload was used once and is gone
    await expect(call('recordings.import', { eventId: event.id, uploads: [{ uploadId }] })).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('serves media only for files the event lists, never a path from the URL', async () => {
    const event = await call<{ id: string }>('events.create', { title: 'Kunjungan', date: '2025-07-03', type: 'kunjungan_kerja' });
    for (const p of [`/media/${event.id}/event.json`, `/media/${event.id}/..%2F..%2Farchive.json`, `/media/../archive.json`, `/media/${event.id}/rec-tidakada`]) {
      const res = await fetch(`${server.origin}${p}`, { headers: auth });
      expect(res.status, p).toBe(404);
    }
  });
});
