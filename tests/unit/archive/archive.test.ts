import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Archive, ARCHIVE_FORMAT_VERSION } from '../../../main/core/archive/archive';
import { RisalahError } from '../../../main/core/errors';
import { writeFileAtomic } from '../../../main/core/fs/atomic';
import { snapshotDir } from '../../helpers/snapshot';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('opening an archive', () => {
  it('creates archive.json and events/ in a new folder', async () => {
    const dir = path.join(tmp.dir, 'baru');
    const archive = await Archive.open(dir);
    expect(archive.dir).toBe(dir);
    const doc = JSON.parse(readFileSync(path.join(dir, 'archive.json'), 'utf8'));
    expect(doc).toMatchObject({ app: 'risalah', formatVersion: ARCHIVE_FORMAT_VERSION });
    expect(existsSync(path.join(dir, 'events'))).toBe(true);
  });

  it('refuses a folder that has other files and no archive.json, and leaves it alone', async () => {
    writeFileSync(path.join(tmp.dir, 'skripsi.docx'), 'x');
    const before = snapshotDir(tmp.dir);
    await expect(Archive.open(tmp.dir)).rejects.toMatchObject({ code: 'ARCHIVE_UNAVAILABLE' });
    expect(snapshotDir(tmp.dir)).toEqual(before);
  });

  it('refuses an archive written by a newer format', async () => {
    await Archive.open(tmp.dir);
    writeFileSync(path.join(tmp.dir, 'archive.json'), JSON.stringify({ app: 'risalah', formatVersion: 999, createdAt: 'x' }));
    const err = await Archive.open(tmp.dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RisalahError);
    expect((err as RisalahError).code).toBe('ARCHIVE_TOO_NEW');
  });
});

describe('events on disk', () => {
  it('writes each event as its own JSON file and lists newest date first', async () => {
    const archive = await Archive.open(tmp.dir);
    const a = await archive.createEvent({ title: 'Upacara HUT RI', date: '2025-08-17', type: 'upacara' });
    const b = await archive.createEvent({ title: 'Penandatanganan PKS', date: '2025-09-01', type: 'penandatanganan' });
    const onDisk = JSON.parse(readFileSync(path.join(tmp.dir, 'events', a.id, 'event.json'), 'utf8'));
    expect(onDisk).toEqual(a);
    expect((await archive.listEvents()).events.map((e) => e.id)).toEqual([b.id, a.id]);
    // A second process (the CLI, another window) sees the same archive.
    const other = await Archive.open(tmp.dir);
    expect((await other.listEvents()).events.map((e) => e.id)).toEqual([b.id, a.id]);
  });

  it('gives two events with the same title different ids', async () => {
    const archive = await Archive.open(tmp.dir);
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await archive.createEvent({ title: 'Rapat', date: '2025-01-01', type: 'rapat' })).id);
    expect(ids.size).toBe(20);
  });

  it('restores the last good copy of a damaged event file and tells which event', async () => {
    const archive = await Archive.open(tmp.dir);
    const e = await archive.createEvent({ title: 'Kunjungan kerja', date: '2025-03-03', type: 'kunjungan_kerja' });
    const file = path.join(tmp.dir, 'events', e.id, 'event.json');
    // A second atomic write keeps the first version as event.json.bak.
    await writeFileAtomic(file, JSON.stringify({ ...e, title: 'Kunjungan kerja (revisi)' }));
    expect(existsSync(`${file}.bak`)).toBe(true);
    writeFileSync(file, '{"id": "half-writ'); // damaged by another tool / a bad USB stick

    const reopened = await Archive.open(tmp.dir);
    const list = (await reopened.listEvents()).events;
    expect(list.map((x) => x.title)).toEqual(['Kunjungan kerja']);
    expect(reopened.problems).toMatchObject([{ file: `events/${e.id}/event.json`, code: 'RESTORED_FROM_BACKUP', eventId: e.id }]);
    // the damaged file is kept aside for inspection, the restored one parses
    expect(readdirSync(path.dirname(file)).some((n) => n.startsWith('event.json.damaged-'))).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).title).toBe('Kunjungan kerja');
  });

  it('opens the rest of the archive when one event is damaged beyond repair', async () => {
    const archive = await Archive.open(tmp.dir);
    const good = await archive.createEvent({ title: 'Sosialisasi', date: '2025-05-05', type: 'sosialisasi' });
    const bad = await archive.createEvent({ title: 'Pelantikan', date: '2025-06-06', type: 'pelantikan' });
    writeFileSync(path.join(tmp.dir, 'events', bad.id, 'event.json'), '');
    const reopened = await Archive.open(tmp.dir);
    expect((await reopened.listEvents()).events.map((x) => x.id)).toEqual([good.id]);
    expect(reopened.problems).toMatchObject([{ file: `events/${bad.id}/event.json`, code: 'DAMAGED_JSON', eventId: bad.id }]);
    expect(reopened.problems[0]?.detail).toMatch(/JSON/);
  });

  it('ignores folders without an event.json (e.g. one being copied in)', async () => {
    const archive = await Archive.open(tmp.dir);
    mkdirSync(path.join(tmp.dir, 'events', 'copying'));
    expect((await archive.listEvents()).events).toEqual([]);
  });
});

describe('atomic writes', () => {
  it('never leaves temporary files behind and keeps the previous version as .bak', async () => {
    const file = path.join(tmp.dir, 'doc.json');
    await writeFileAtomic(file, '{"v":1}');
    await writeFileAtomic(file, '{"v":2}');
    expect(readFileSync(file, 'utf8')).toBe('{"v":2}');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('{"v":1}');
    expect(readdirSync(tmp.dir).sort()).toEqual(['doc.json', 'doc.json.bak']);
  });
});
