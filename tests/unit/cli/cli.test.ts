import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { snapshotDir } from '../../helpers/snapshot';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const risalah = runCli;

describe('risalah CLI', () => {
  it('creates an event and lists it, as text and JSON', () => {
    const created = risalah(['event', 'create', '--archive', tmp.dir, '--title', 'Penandatanganan MoU Ditjenpas', '--date', '2025-07-01', '--type', 'penandatanganan', '--json']);
    expect(created.code).toBe(0);
    const event = JSON.parse(created.stdout);
    expect(event).toMatchObject({ title: 'Penandatanganan MoU Ditjenpas', date: '2025-07-01', type: 'penandatanganan' });
    expect(readdirSync(path.join(tmp.dir, 'events'))).toEqual([event.id]);

    const listed = risalah(['events', '--archive', tmp.dir, '--json']);
    expect(JSON.parse(listed.stdout).map((e: { id: string }) => e.id)).toEqual([event.id]);
    const text = risalah(['events', '--archive', tmp.dir]);
    expect(text.stdout).toContain('Selasa, 1 Juli 2025');
    expect(text.stdout).toContain('Penandatanganan MoU/PKS');
  });

  it('fails with a translated message, a non-zero exit and no change on disk for bad input', () => {
    risalah(['events', '--archive', tmp.dir]);
    const before = snapshotDir(tmp.dir);
    const badType = risalah(['event', 'create', '--archive', tmp.dir, '--title', 'x', '--date', '2025-07-01', '--type', 'pesta']);
    expect(badType.code).toBe(1);
    expect(badType.stderr).toMatch(/Isian tidak valid.*--type/);
    const badDate = risalah(['event', 'create', '--archive', tmp.dir, '--title', 'x', '--date', '1/7/2025', '--type', 'rapat'], { RISALAH_LANG: 'en' });
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/Some fields are not valid.*--date/);
    const unknownOption = risalah(['events', '--archive', tmp.dir, '--bogus']);
    expect(unknownOption.code).toBe(2);
    expect(snapshotDir(tmp.dir)).toEqual(before);
  });

  it('rejects an unknown command with usage', () => {
    const r = risalah(['terbang']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Perintah tidak dikenal: terbang');
  });
});

describe('risalah import', () => {
  it('imports recordings into an event and prints each id and duration; fails clearly on a bad file', async () => {
    const { mediaFixtures } = await import('../../helpers/media-fixtures');
    const fx = await mediaFixtures();
    const created = JSON.parse(
      risalah(['event', 'create', '--archive', tmp.dir, '--title', 'Upacara', '--date', '2025-08-17', '--type', 'upacara', '--json']).stdout,
    ) as { id: string };
    const ok = risalah(['import', fx.good.mp3.path, fx.good.ogg.path, '--archive', tmp.dir, '--event', created.id, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const results = JSON.parse(ok.stdout) as { ok: boolean; id: string; durationSec: number }[];
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    for (const r of results) {
      expect(r.id).toMatch(/^rec-/);
      expect(Math.abs(r.durationSec - fx.speechDurationSec)).toBeLessThan(0.15);
    }

    const before = snapshotDir(tmp.dir);
    const bad = risalah(['import', fx.bad.textNamedMp3.path, '--archive', tmp.dir, '--event', created.id]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`Berkas “${path.basename(fx.bad.textNamedMp3.path)}” bukan rekaman audio atau video`);
    expect(snapshotDir(tmp.dir)).toEqual(before);

    const noEvent = risalah(['import', fx.good.mp3.path, '--archive', tmp.dir, '--event', '2025-01-01-tidak-ada-abcd']);
    expect(noEvent.code).toBe(1);
    expect(noEvent.stderr).toMatch(/tidak ditemukan/);
  }, 120_000);
});
