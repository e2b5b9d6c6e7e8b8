/**
 * An archive is untrusted input (it may come from another office's USB drive): links that lead
 * out of it, damaged and invalid documents, oversized files, leftovers of killed writes, and a
 * disk that fills up. Each case here failed on the build before the archive had one owner of its
 * files (store.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Archive, SWEEP_AGE_MS } from '../../main/core/archive/archive';
import { importRecording } from '../../main/core/archive/files';
import { layout } from '../../main/core/archive/layout';
import { RisalahError } from '../../main/core/errors';
import { enableVoiceprint, suggestionsFor, voiceprintView } from '../../main/core/diarization/voices';
import { addSpeaker } from '../../main/core/speakers';
import { saveWorking } from '../../main/core/transcript/working';
import { openHost } from '../../main/host/host';
import { createRoutes } from '../../main/host/routes';
import { mediaFixtures, type MediaFixtures } from '../helpers/media-fixtures';
import { snapshotDir } from '../helpers/snapshot';
import { fillDisk, mountSmallDisk } from '../helpers/tmpfs';
import { repoRoot, tempDir } from '../helpers/tmp';

let fx: MediaFixtures;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  fx = await mediaFixtures();
}, 300_000);
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const outside = () => {
  const secret = path.join(tmp.dir, 'rahasia.txt');
  writeFileSync(secret, 'isi rahasia di luar arsip');
  return secret;
};

async function archiveWithRecording(): Promise<{ archive: Archive; eventId: string; recordingId: string; file: string }> {
  const archive = await Archive.open(path.join(tmp.dir, 'arsip'));
  const event = await archive.createEvent({ title: 'Penandatanganan MoU', date: '2025-07-01', type: 'penandatanganan' });
  const { recording } = await importRecording(archive, fx.tools, event.id, fx.good.mp3.path);
  return { archive, eventId: event.id, recordingId: recording.id, file: archive.store.pathOf(layout.eventFile(event.id, recording.file)) };
}

describe('links inside an archive', () => {
  it('a recording that is a link to a file outside is not served over /media/', async () => {
    const { archive, eventId, recordingId, file } = await archiveWithRecording();
    rmSync(file, { force: true });
    symlinkSync(outside(), file);
    const host = await openHost({ archiveDir: archive.dir, kind: 'web', settingsDir: path.join(tmp.dir, 'config'), log: () => undefined });
    try {
      const routes = createRoutes(host, path.join(repoRoot, 'dist', 'renderer'));
      const res = await routes(new Request(`http://127.0.0.1/media/${eventId}/${recordingId}`));
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('rahasia');
    } finally {
      await host.close();
    }
  });

  it('a transcripts/ folder that is a link outside: a save is refused and nothing lands outside', async () => {
    const { archive, eventId, recordingId } = await archiveWithRecording();
    const elsewhere = path.join(tmp.dir, 'di-luar');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, archive.store.pathOf(layout.transcriptsDir(eventId)));
    const err = await saveWorking(archive, eventId, recordingId, 0, { labels: [], segments: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RisalahError);
    expect((err as RisalahError).code).toBe('ARCHIVE_UNSAFE_PATH');
    expect(snapshotDir(elsewhere)).toEqual({});
  });

  it('a voiceprints/ folder that is a link outside: consent is refused and no biometric file lands outside', async () => {
    const { archive } = await archiveWithRecording();
    const person = await addSpeaker(archive, { name: 'Mashudi', title: '', org: '', notes: '' });
    const elsewhere = path.join(tmp.dir, 'di-luar');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, archive.store.pathOf(layout.voiceprintsDir));
    const err = await enableVoiceprint(archive, person.id, 'setuju').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RisalahError);
    expect((err as RisalahError).code).toBe('ARCHIVE_UNSAFE_PATH');
    expect(snapshotDir(elsewhere)).toEqual({});
  });

  it('a damaged or oversized voiceprint is reported, suggests nobody, and breaks nothing', async () => {
    const { archive, eventId, recordingId } = await archiveWithRecording();
    const person = await addSpeaker(archive, { name: 'Mashudi', title: '', org: '', notes: '' });
    mkdirSync(archive.store.pathOf(layout.voiceprintPeopleDir), { recursive: true });
    writeFileSync(archive.store.pathOf(layout.personVoiceprint(person.id)), '{"formatVersion":1,"speakerId":"x","consent":{},"prints":[{"vector":"bukan"}]}');
    const other = await addSpeaker(archive, { name: 'Anda Tuning', title: '', org: '', notes: '' });
    writeFileSync(archive.store.pathOf(layout.personVoiceprint(other.id)), `{"prints":[${'1,'.repeat(9_000_000)}1]}`);
    expect((await suggestionsFor(archive, eventId, recordingId)).size).toBe(0);
    expect(await voiceprintView(archive, person.id)).toEqual({ speakerId: person.id, consent: null, prints: [] });
    expect(await voiceprintView(archive, other.id)).toEqual({ speakerId: other.id, consent: null, prints: [] });
    expect(archive.problems.map((p) => p.code).sort()).toEqual(['INVALID', 'TOO_LARGE']);
  });

  it('a media/ folder that is a link outside: an import is refused and nothing lands outside', async () => {
    const archive = await Archive.open(path.join(tmp.dir, 'arsip'));
    const event = await archive.createEvent({ title: 'Rapat', date: '2025-07-01', type: 'rapat' });
    const elsewhere = path.join(tmp.dir, 'di-luar');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, archive.store.pathOf(layout.mediaDir(event.id)));
    await expect(importRecording(archive, fx.tools, event.id, fx.good.mp3.path)).rejects.toMatchObject({ code: 'ARCHIVE_UNSAFE_PATH' });
    expect(snapshotDir(elsewhere)).toEqual({});
    expect((await archive.getEvent(event.id)).recordings).toEqual([]);
  });

  it('an event folder that is a link is not listed; an event.json that is a link is reported, not read', async () => {
    const archive = await Archive.open(path.join(tmp.dir, 'arsip'));
    const good = await archive.createEvent({ title: 'Upacara', date: '2025-08-17', type: 'upacara' });
    const foreign = path.join(tmp.dir, 'acara-luar');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'event.json'), JSON.stringify({ id: 'x', title: 'Dari luar', date: '2025-01-01', type: 'rapat' }));
    symlinkSync(foreign, archive.store.pathOf(layout.eventDir('2025-01-01-dari-luar-aaaa')));
    mkdirSync(archive.store.pathOf(layout.eventDir('2025-01-02-tautan-bbbb')));
    symlinkSync(path.join(foreign, 'event.json'), archive.store.pathOf(layout.eventJson('2025-01-02-tautan-bbbb')));
    const reopened = await Archive.open(archive.dir);
    expect((await reopened.listEvents()).events.map((e) => e.id)).toEqual([good.id]);
    expect(reopened.problems).toMatchObject([{ file: 'events/2025-01-02-tautan-bbbb/event.json', code: 'UNSAFE_PATH' }]);
  });

  it('a path in event.json that leaves the event folder makes the event invalid, not a way out', async () => {
    const { archive, eventId } = await archiveWithRecording();
    const file = archive.store.pathOf(layout.eventJson(eventId));
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.recordings[0].file = '../../../rahasia.txt';
    writeFileSync(file, JSON.stringify(doc));
    rmSync(`${file}.bak`, { force: true });
    const reopened = await Archive.open(archive.dir);
    await expect(reopened.getEvent(eventId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(reopened.problems[0]).toMatchObject({ code: 'INVALID', eventId });
    expect(reopened.problems[0]?.detail).toMatch(/recordings\.0\.file/);
  });
});

describe('damaged and invalid documents', () => {
  it('an event with `"agreement": {}` is read with the agreement completed; the list works', async () => {
    const archive = await Archive.open(path.join(tmp.dir, 'arsip'));
    const e = await archive.createEvent({ title: 'Penandatanganan', date: '2025-07-01', type: 'penandatanganan' });
    const file = archive.store.pathOf(layout.eventJson(e.id));
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), agreement: {} }));
    const reopened = await Archive.open(archive.dir);
    const list = await reopened.listEvents();
    expect(list.events.map((x) => x.id)).toEqual([e.id]);
    expect(list.events[0]?.partyCount).toBe(0);
    expect((await reopened.getEvent(e.id)).agreement).toMatchObject({ parties: [] });
  });

  it('one invalid event.json (wrong types) is listed as a problem with what is wrong; the rest of the archive works', async () => {
    const archive = await Archive.open(path.join(tmp.dir, 'arsip'));
    const good = await archive.createEvent({ title: 'Upacara', date: '2025-08-17', type: 'upacara' });
    const bad = await archive.createEvent({ title: 'Rusak', date: '2025-07-01', type: 'rapat' });
    const file = archive.store.pathOf(layout.eventJson(bad.id));
    writeFileSync(file, JSON.stringify({ title: 42, date: 'kemarin', recordings: 'banyak' }));
    rmSync(`${file}.bak`, { force: true });
    const reopened = await Archive.open(archive.dir);
    expect((await reopened.listEvents()).events.map((x) => x.id)).toEqual([good.id]);
    expect(reopened.problems).toMatchObject([{ file: `events/${bad.id}/event.json`, code: 'INVALID', eventId: bad.id }]);
    expect(reopened.problems[0]?.detail).toMatch(/title/);
    // the damaged file is kept for inspection, never deleted
    expect(readdirSync(path.dirname(file)).some((n) => n.startsWith('event.json.damaged-'))).toBe(true);
  });

  it('an event.json over its size cap is not read (no memory blow-up) and is reported', async () => {
    const archive = await Archive.open(path.join(tmp.dir, 'arsip'));
    const big = await archive.createEvent({ title: 'Besar', date: '2025-07-01', type: 'rapat' });
    const file = archive.store.pathOf(layout.eventJson(big.id));
    writeFileSync(file, `{"title": "${'a'.repeat(9 * 1024 * 1024)}"}`);
    const reopened = await Archive.open(archive.dir);
    expect((await reopened.listEvents()).events).toEqual([]);
    expect(reopened.problems).toMatchObject([{ code: 'TOO_LARGE', eventId: big.id }]);
  });

  it('events.list answers for the archive around a damaged event (through the dispatcher)', async () => {
    const archive = await Archive.open(path.join(tmp.dir, 'arsip'));
    await archive.createEvent({ title: 'Baik', date: '2025-08-17', type: 'upacara' });
    const bad = await archive.createEvent({ title: 'Rusak', date: '2025-07-01', type: 'rapat' });
    writeFileSync(archive.store.pathOf(layout.eventJson(bad.id)), JSON.stringify({ agreement: { parties: 'x' } }));
    rmSync(`${archive.store.pathOf(layout.eventJson(bad.id))}.bak`, { force: true });
    const host = await openHost({ archiveDir: archive.dir, kind: 'web', settingsDir: path.join(tmp.dir, 'config'), log: () => undefined });
    try {
      const r = await host.dispatch('events.list', {});
      expect(r.ok && (r.value as { events: unknown[] }).events).toHaveLength(1);
      const info = await host.dispatch('app.info', {});
      expect(info.ok && (info.value as { problems: { code: string }[] }).problems.map((p) => p.code)).toEqual(['INVALID']);
    } finally {
      await host.close();
    }
  });
});

describe('leftovers of killed writes', () => {
  it("are swept when old: the app's own .tmp and .part files only, nothing else", async () => {
    const { archive, eventId } = await archiveWithRecording();
    const media = archive.store.pathOf(layout.mediaDir(eventId));
    const eventDir = archive.store.pathOf(layout.eventDir(eventId));
    const old = (Date.now() - SWEEP_AGE_MS - 60_000) / 1000;
    const files = {
      oldPart: path.join(media, '.rec-abcd-rekaman.m4a.0a1b2c3d.part'),
      oldTmp: path.join(eventDir, '.event.json.4242.0a1b2c3d.tmp'),
      rootTmp: path.join(archive.dir, '.archive.json.77.deadbeef.tmp'),
      freshPart: path.join(media, '.rec-efgh-rekaman.m4a.11223344.part'),
      userTmp: path.join(eventDir, 'catatan.tmp'),
      userPart: path.join(media, 'unduhan.part'),
    };
    for (const f of Object.values(files)) writeFileSync(f, 'x');
    for (const f of [files.oldPart, files.oldTmp, files.rootTmp, files.userTmp, files.userPart]) utimesSync(f, old, old);
    const removed = await archive.sweep();
    expect(removed.sort()).toEqual(
      [`events/${eventId}/.event.json.4242.0a1b2c3d.tmp`, `events/${eventId}/media/.rec-abcd-rekaman.m4a.0a1b2c3d.part`, '.archive.json.77.deadbeef.tmp'].sort(),
    );
    for (const f of [files.freshPart, files.userTmp, files.userPart]) expect(existsSync(f)).toBe(true);
  });
});

describe('a full disk', () => {
  it('three failed speakers.add answer DISK_FULL and list none of them; the archive file is intact', async () => {
    const disk = mountSmallDisk(2048);
    try {
      const archive = await Archive.open(path.join(disk.dir, 'arsip'));
      await addSpeaker(archive, { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan', org: 'Ditjenpas', notes: '' });
      const before = readFileSync(archive.store.pathOf(layout.archiveJson), 'utf8');
      // Room for the lock file (one page), not for the new archive.json: the write itself fails.
      fillDisk(disk.dir, 4096);
      for (const name of ['Anda Tuning', 'Kakanwil', 'Karutan']) {
        const err = await addSpeaker(archive, { name, title: '', org: '', notes: 'x'.repeat(5000) }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RisalahError);
        expect((err as RisalahError).code).toBe('DISK_FULL');
      }
      expect(archive.document.speakers.map((s) => s.name)).toEqual(['Mashudi']);
      expect(readFileSync(archive.store.pathOf(layout.archiveJson), 'utf8')).toBe(before);
      expect(await archive.store.tempFiles('')).toEqual([]);
    } finally {
      disk.unmount();
    }
  });

  it('an import onto a full disk answers DISK_FULL and leaves no part file', async () => {
    const disk = mountSmallDisk(4096);
    try {
      const archive = await Archive.open(path.join(disk.dir, 'arsip'));
      const event = await archive.createEvent({ title: 'Rapat', date: '2025-07-01', type: 'rapat' });
      fillDisk(disk.dir, 8 * 1024);
      await expect(importRecording(archive, fx.tools, event.id, fx.good.wav44kStereo.path)).rejects.toMatchObject({ code: 'DISK_FULL' });
      expect(await archive.store.tempFiles(layout.mediaDir(event.id))).toEqual([]);
      expect(await archive.store.list(layout.mediaDir(event.id))).toEqual([]);
      expect((await archive.getEvent(event.id)).recordings).toEqual([]);
    } finally {
      disk.unmount();
    }
  });
});

describe('attachments that are programs', () => {
  it('an .exe, a script renamed .pdf and an ELF binary are refused with ATTACHMENT_PROGRAM; the archive is unchanged', async () => {
    const { addAttachment } = await import('../../main/core/archive/files');
    const archive = await Archive.open(path.join(tmp.dir, 'arsip'));
    const event = await archive.createEvent({ title: 'Penandatanganan', date: '2025-07-01', type: 'penandatanganan' });
    const files: [string, Buffer][] = [
      ['evil.exe', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)])],
      ['MoU-Ditjenpas.pdf', Buffer.from('#!/bin/sh\nrm -rf ~\n')],
      ['laporan.docx', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(100)])],
      ['pintasan.lnk', Buffer.from('biasa saja')],
    ];
    const before = snapshotDir(archive.dir, { ignore: ['.risalah'] });
    for (const [name, bytes] of files) {
      const file = path.join(tmp.dir, name);
      writeFileSync(file, bytes);
      await expect(addAttachment(archive, event.id, file), name).rejects.toMatchObject({ code: 'ATTACHMENT_PROGRAM', params: { file: name } });
    }
    expect(snapshotDir(archive.dir, { ignore: ['.risalah'] })).toEqual(before);
    // A real document still goes in.
    const pdf = path.join(tmp.dir, 'MoU.pdf');
    writeFileSync(pdf, '%PDF-1.4\n%âãÏÓ\n');
    expect((await addAttachment(archive, event.id, pdf)).attachment.kind).toBe('document');
  });
});
