/**
 * Search through the host: the index opens with the archive and follows the changes made
 * through the contract (re-indexing the changed event shortly after).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResults } from '../../../main/api/search';
import type { WorkingTranscript } from '../../../main/api/schemas';
import { importRecording } from '../../../main/core/archive/files';
import { resolveFfmpeg } from '../../../main/core/media';
import { importTranscript } from '../../../main/core/transcript/working';
import { openHost, type Host } from '../../../main/host/host';
import { SearchHost } from '../../../main/host/search';
import { speechWithSilence } from '../../helpers/speech';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
let host: Host;
let eventId: string;
let recordingId: string;

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await host.dispatch(name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  tmp = tempDir();
  host = await openHost({ archiveDir: path.join(tmp.dir, 'arsip'), kind: 'web', indexOnOpen: true, settingsDir: path.join(tmp.dir, 'cfg'), log: () => undefined });
  const event = await host.archive.createEvent({ title: 'Rapat koordinasi Kanwil', date: '2025-03-03', type: 'rapat' });
  eventId = event.id;
  const speech = await speechWithSilence(15);
  recordingId = (await importRecording(host.archive, await resolveFfmpeg(), eventId, speech.path)).recording.id;
  await importTranscript(host.archive, eventId, recordingId, 'r.srt', '1\n00:00:01,000 --> 00:00:04,000\nKakanwil: Evaluasi layanan kunjungan di Lapas.\n');
  host.pushes.push('transcript.saved', { eventId, recordingId, rev: 1 });
}, 120_000);
afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

describe('search through the host', () => {
  it('finds what was said, and follows a transcript saved through the contract', async () => {
    const first = await eventually(
      () => call<SearchResults>('search.query', { q: 'evaluasi layanan' }),
      (r) => r.groups.length > 0,
    );
    expect(first.groups[0]).toMatchObject({ eventId, title: 'Rapat koordinasi Kanwil' });
    expect(first.groups[0]?.hits[0]).toMatchObject({ kind: 'segment', recordingId, speaker: 'Kakanwil', startSec: 1 });

    const working = (await call<{ working: WorkingTranscript }>('transcripts.get', { eventId, recordingId })).working;
    await call('transcripts.save', {
      eventId,
      recordingId,
      baseRev: working.rev,
      labels: working.labels,
      segments: working.segments.map((s) => ({ ...s, text: 'Evaluasi pelayanan pengaduan masyarakat.', words: [] })),
    });
    const after = await eventually(
      () => call<SearchResults>('search.query', { q: 'pengaduan' }),
      (r) => r.groups.length > 0,
    );
    expect(after.groups[0]?.eventId).toBe(eventId);
    expect((await call<SearchResults>('search.query', { q: 'kunjungan' })).groups).toEqual([]);
  });

  it('refuses bad filters with INVALID_INPUT and takes hostile queries without failing', async () => {
    const bad = await host.dispatch('search.query', { q: 'x', type: 'pesta' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    for (const q of ['"', '*', 'OR', 'NEAR(', '-', '"tidak ditutup', '(a OR b)', 'kolom:nilai', '']) {
      const r = await host.dispatch('search.query', { q });
      expect(r.ok, q).toBe(true);
    }
  });

  it('tries to open the index again after a failed open, instead of failing every search', async () => {
    const dir = path.join(tmp.dir, 'arsip-kedua');
    mkdirSync(dir, { recursive: true });
    // A file where the index's folder goes: opening fails.
    writeFileSync(path.join(dir, '.risalah'), 'bukan folder');
    const logged: string[] = [];
    const search = new SearchHost(dir, () => () => undefined, (m) => logged.push(m));
    try {
      await expect(search.search('apa saja', {})).rejects.toThrow();
      rmSync(path.join(dir, '.risalah'));
      const r = await search.search('apa saja', {});
      expect(r.groups).toEqual([]);
    } finally {
      await search.close();
    }
  });
});
