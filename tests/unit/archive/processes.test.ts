/**
 * Many processes, one archive: the app (or `risalah serve`) and the CLI — or two apps — work on
 * the same folder. Every read-modify-write holds the archive's lock and re-reads the file inside
 * it, so no update is lost; and a running host hears of another process's writes (its UIs get
 * the push, its search index the change) without being told.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Archive } from '../../../main/core/archive/archive';
import { layout } from '../../../main/core/archive/layout';
import { addSpeaker } from '../../../main/core/speakers';
import { openHost } from '../../../main/host/host';
import { runCli } from '../../helpers/cli';
import { bundleDriver } from '../../helpers/run-ts';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function runDriver(bundle: string, args: string[]): Promise<{ code: number | null; acks: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acks = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (acks += (d.toString().match(/^ack /gm) ?? []).length));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, acks, stderr }));
  });
}

describe('two processes on one archive', () => {
  it('adding 100 people each at the same time gives 200 people, none lost', async () => {
    const dir = path.join(tmp.dir, 'arsip');
    (await Archive.open(dir)).close();
    const bundle = await bundleDriver('tests/drivers/add-speakers.ts');
    const [a, b] = await Promise.all([runDriver(bundle, [dir, 'Petugas A', '100']), runDriver(bundle, [dir, 'Petugas B', '100'])]);
    expect(a, a.stderr).toMatchObject({ code: 0, acks: 100 });
    expect(b, b.stderr).toMatchObject({ code: 0, acks: 100 });
    const archive = await Archive.open(dir);
    expect(archive.document.speakers).toHaveLength(200);
    expect(new Set(archive.document.speakers.map((s) => s.id)).size).toBe(200);
  }, 120_000);

  it('a person added with the CLI while the app runs is kept when the app adds the next one', async () => {
    const dir = path.join(tmp.dir, 'arsip');
    const host = await openHost({ archiveDir: dir, kind: 'web', settingsDir: path.join(tmp.dir, 'config'), log: () => undefined });
    try {
      await host.dispatch('speakers.add', { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan' });
      const cli = runCli(['speakers', 'add', '--name', 'Anda Tuning', '--title', 'Kepala Rutan', '--archive', dir]);
      expect(cli.code, cli.stderr).toBe(0);
      await host.dispatch('speakers.add', { name: 'Kakanwil', title: 'Kepala Kantor Wilayah' });
      const list = await host.dispatch('speakers.list', {});
      expect(list.ok && (list.value as { name: string }[]).map((s) => s.name).sort()).toEqual(['Anda Tuning', 'Kakanwil', 'Mashudi']);
    } finally {
      await host.close();
    }
  }, 60_000);

  it("a running host pushes another process's changes and its search index follows them", async () => {
    const dir = path.join(tmp.dir, 'arsip');
    const host = await openHost({ archiveDir: dir, kind: 'web', settingsDir: path.join(tmp.dir, 'config'), log: () => undefined });
    try {
      await host.search.open();
      const pushed: { name: string; payload: unknown }[] = [];
      host.pushes.subscribe((name, payload) => pushed.push({ name, payload }));
      const cli = runCli(['event', 'create', '--title', 'Penandatanganan MoU Kemitraan Pembinaan', '--date', '2025-07-01', '--type', 'penandatanganan', '--archive', dir, '--json']);
      expect(cli.code, cli.stderr).toBe(0);
      const { id } = JSON.parse(cli.stdout) as { id: string };
      await expect.poll(() => pushed.some((p) => p.name === 'archive.changed' && (p.payload as { eventId?: string }).eventId === id), { timeout: 5000 }).toBe(true);
      await expect
        .poll(async () => {
          const r = await host.dispatch('search.query', { q: 'kemitraan' });
          return r.ok ? (r.value as { groups: { eventId: string }[] }).groups.map((g) => g.eventId) : [];
        }, { timeout: 10_000, interval: 300 })
        .toEqual([id]);
    } finally {
      await host.close();
    }
  }, 60_000);
});

describe('the archive lock', () => {
  it('is taken over from a holder that died (kill -9 while holding it), without waiting for its heartbeat to age', async () => {
    const dir = path.join(tmp.dir, 'arsip');
    const archive = await Archive.open(dir);
    // A lock file as a killed process leaves it: its pid no longer runs on this computer.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('close', r));
    const os = await import('node:os');
    writeFileSync(archive.store.pathOf(layout.lockFile), JSON.stringify({ pid: dead.pid, host: os.hostname(), token: 'dead', since: new Date().toISOString() }));
    const started = Date.now();
    await addSpeaker(archive, { name: 'Mashudi', title: '', org: '', notes: '' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(archive.document.speakers.map((s) => s.name)).toEqual(['Mashudi']);
    archive.close();
  });

  it('makes a second process wait while a live one holds it, then answers ARCHIVE_BUSY after its timeout', async () => {
    const { ArchiveLock } = await import('../../../main/core/archive/lock');
    const file = path.join(tmp.dir, 'kunci');
    const holder = new ArchiveLock(file);
    const waiter = new ArchiveLock(file, 300);
    let release!: () => void;
    const held = holder.run(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    await expect(waiter.run(async () => 'taken')).rejects.toMatchObject({ code: 'ARCHIVE_BUSY' });
    release();
    await held;
    expect(await waiter.run(async () => 'taken')).toBe('taken');
  });
});
