/**
 * The contract's typed client over HTTP, from Node: how a test (an end-to-end test making the
 * state it starts from, a host test) talks to `risalah serve` or the web host — calls, uploads
 * and waiting for a job — through the contract's own routes (main/api/routes.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createClient, type Client } from '../../main/api/client';
import type { Envelope } from '../../main/api/errors';
import { callRoute, uploadRoute, type UploadResult } from '../../main/api/routes';
import type { JobInfo } from '../../main/api/schemas';

export interface HostClient extends Client {
  origin: string;
  /** Send a file ahead of an import (as the UI does), under `name` (default: its own name). */
  upload(file: string, name?: string): Promise<UploadResult>;
  /** Wait for a job to end; throws unless it ended done (or in `expected`). */
  job(job: JobInfo, expected?: JobInfo['state']): Promise<JobInfo>;
}

/** A client of the server at `url` — the URL `risalah serve` prints, whose `?token=` it sends with every request. */
export function hostClient(url: string): HostClient {
  const { origin, searchParams } = new URL(url);
  const auth: Record<string, string> = searchParams.get('token') ? { Authorization: `Bearer ${searchParams.get('token')}` } : {};
  const client = createClient({
    async invoke(name, input) {
      const res = await fetch(`${origin}${callRoute.url(name)}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as Envelope<unknown>;
    },
    subscribe() {
      throw new Error('pushes are not followed by the test client: wait with `job` or poll');
    },
  });
  return {
    ...client,
    origin,
    async upload(file, name = path.basename(file)) {
      const res = await fetch(`${origin}${uploadRoute.path}`, {
        method: 'POST',
        headers: { ...auth, [uploadRoute.nameHeader]: uploadRoute.encodeName(name), 'Content-Type': 'application/octet-stream' },
        body: await readFile(file),
      });
      const envelope = (await res.json()) as Envelope<UploadResult>;
      if (!envelope.ok) throw new Error(`upload of ${name} refused: ${envelope.error.code} ${envelope.error.message}`);
      return envelope.value;
    },
    async job(job, expected = 'done') {
      const deadline = Date.now() + 180_000;
      for (;;) {
        const now = (await client.call('jobs.list', {})).find((j) => j.id === job.id);
        if (now && ['done', 'failed', 'cancelled'].includes(now.state)) {
          if (now.state !== expected) throw new Error(`job ${job.kind} ${job.label} ended ${now.state}: ${JSON.stringify(now.error ?? null)}`);
          return now;
        }
        if (Date.now() > deadline) throw new Error(`job ${job.kind} ${job.label} did not end in time: ${JSON.stringify(now ?? null)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
