import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Archive } from '../../../main/core/archive/archive';
import { tempDir } from '../../helpers/tmp';
import { layout } from '../../../main/core/archive/layout';

let tmp: ReturnType<typeof tempDir>;
let archive: Archive;
beforeEach(async () => {
  tmp = tempDir();
  archive = await Archive.open(tmp.dir);
});
afterEach(() => tmp.cleanup());

describe('editing events', () => {
  it('bumps the revision, writes the file and refuses a stale edit with CONFLICT', async () => {
    const e = await archive.createEvent({ title: 'Penandatanganan MoU', date: '2025-07-01', type: 'penandatanganan' });
    const parties = [
      { institution: 'Direktorat Jenderal Pemasyarakatan', signatory: 'Mashudi', role: 'Direktur Jenderal Pemasyarakatan' },
      { institution: 'Universitas Muria Kudus', signatory: '', role: '' },
    ];
    const v2 = await archive.updateEvent(e.id, 1, {
      venue: 'Graha Pengayoman',
      agreement: { kind: 'mou', documentNumber: 'PAS-12.HH.05', title: 'Pembinaan WBP', scope: '', parties },
    });
    expect(v2.rev).toBe(2);
    const onDisk = JSON.parse(readFileSync(path.join(archive.store.pathOf(layout.eventDir(e.id)), 'event.json'), 'utf8'));
    expect(onDisk.agreement.parties).toEqual(parties);
    expect(onDisk.venue).toBe('Graha Pengayoman');
    await expect(archive.updateEvent(e.id, 1, { venue: 'lain' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await archive.getEvent(e.id)).venue).toBe('Graha Pengayoman');
  });

  it('serialises concurrent changes of one event so none is lost', async () => {
    const e = await archive.createEvent({ title: 'Rapat', date: '2025-01-01', type: 'rapat' });
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        archive.mutateEvent(e.id, (ev) => ({ ...ev, tags: [...ev.tags, `t${i}`] })),
      ),
    );
    const final = await archive.getEvent(e.id);
    expect(final.tags).toHaveLength(25);
    expect(final.rev).toBe(26);
  });

  it('sees a change made by another process (another Archive on the same folder)', async () => {
    const e = await archive.createEvent({ title: 'Rapat', date: '2025-01-01', type: 'rapat' });
    await archive.listEvents(); // cache it
    const other = await Archive.open(tmp.dir);
    await other.updateEvent(e.id, 1, { title: 'Rapat koordinasi' });
    expect((await archive.getEvent(e.id)).title).toBe('Rapat koordinasi');
  });
});

describe('listing events', () => {
  it('filters by type, year and words (accents and case ignored) and sorts', async () => {
    const a = await archive.createEvent({ title: 'Upacara Hari Bakti Pemasyarakatan', date: '2024-04-27', type: 'upacara' });
    const b = await archive.createEvent({ title: 'Penandatanganan PKS', date: '2025-03-10', type: 'penandatanganan' });
    const c = await archive.createEvent({ title: 'Sosialisasi Hak WBP', date: '2025-09-01', type: 'sosialisasi' });
    await archive.updateEvent(b.id, 1, { agreement: { kind: 'pks', documentNumber: '', title: '', scope: '', parties: [{ institution: 'Politeknik Kesehatan', signatory: 'Dr. Anda', role: '' }] } });
    await archive.updateEvent(c.id, 1, { venue: 'Rutan Kelas IIB Kudus' });

    const ids = async (input: Parameters<Archive['listEvents']>[0]) => (await archive.listEvents(input)).events.map((e) => e.id);
    expect(await ids({})).toEqual([c.id, b.id, a.id]);
    expect(await ids({ sort: 'date-asc' })).toEqual([a.id, b.id, c.id]);
    expect(await ids({ sort: 'title' })).toEqual([b.id, c.id, a.id]);
    expect(await ids({ type: 'upacara' })).toEqual([a.id]);
    expect(await ids({ year: 2025 })).toEqual([c.id, b.id]);
    expect(await ids({ q: 'kudus' })).toEqual([c.id]);
    expect(await ids({ q: 'POLITEKNIK kesehatan' })).toEqual([b.id]);
    expect(await ids({ q: 'bákti' })).toEqual([a.id]);
    const list = await archive.listEvents({ year: 2024 });
    expect(list.total).toBe(3);
    expect(list.years).toEqual([2025, 2024]);
    expect(list.events[0]).toMatchObject({ recordingCount: 0, totalDurationSec: 0, partyCount: 0 });
  });
});
