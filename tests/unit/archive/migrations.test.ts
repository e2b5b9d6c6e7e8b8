/**
 * Migrations of the archive format, one test per numbered step.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Archive } from '../../../main/core/archive/archive';
import { CURRENT_FORMAT_VERSION, MIGRATIONS, migrateArchive } from '../../../main/core/archive/migrations';
import { migration002 } from '../../../main/core/archive/migrations/002-event-details';
import { migration003 } from '../../../main/core/archive/migrations/003-replacements';
import { ArchiveStore } from '../../../main/core/archive/store';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/**
 * The glossary format 2 seeded, pinned here: a migration must keep writing what its release wrote,
 * whatever today's defaults become (so this list is not imported from the code under test).
 */
const FORMAT2_GLOSSARY_TERMS = [
  'Ditjenpas', 'Dirjenpas', 'Dirjen', 'Kemenimipas', 'Kanwil', 'UPT', 'Rutan', 'Karutan', 'Lapas', 'Kalapas',
  'Bapas', 'LPKA', 'Rupbasan', 'WBP', 'warga binaan', 'MoU', 'PKS', 'SDM', 'humas', 'Hari Bakti Pemasyarakatan',
];

const store = () => ArchiveStore.open(tmp.dir);

const read = (rel: string) => JSON.parse(readFileSync(path.join(tmp.dir, rel), 'utf8'));

/** An archive exactly as format 1 (the first release) wrote it. */
function writeFormat1(): { eventId: string } {
  writeFileSync(path.join(tmp.dir, 'archive.json'), JSON.stringify({ app: 'risalah', formatVersion: 1, createdAt: '2026-01-05T02:00:00.000Z' }, null, 2));
  const eventId = '2025-07-01-penandatanganan-mou-ditjenpas-k3x9';
  mkdirSync(path.join(tmp.dir, 'events', eventId), { recursive: true });
  writeFileSync(
    path.join(tmp.dir, 'events', eventId, 'event.json'),
    JSON.stringify({ id: eventId, title: 'Penandatanganan MoU Ditjenpas', date: '2025-07-01', type: 'penandatanganan', createdAt: '2026-01-05T02:01:00.000Z', updatedAt: '2026-01-05T02:01:00.000Z' }, null, 2),
  );
  mkdirSync(path.join(tmp.dir, 'events', 'rusak'), { recursive: true });
  writeFileSync(path.join(tmp.dir, 'events', 'rusak', 'event.json'), '{"id": "ru');
  return { eventId };
}

describe('migrations', () => {
  it('are numbered in order and end at the current format', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.at(-1)).toBe(CURRENT_FORMAT_VERSION);
    for (const m of MIGRATIONS) expect(m.description.length).toBeGreaterThan(10);
  });
});

describe('migration 002: event details, files, speakers, glossary, settings', () => {
  it('adds the new fields with empty values and changes nothing that was there', async () => {
    const { eventId } = writeFormat1();
    await migration002.migrate(await store());
    const event = read(`events/${eventId}/event.json`);
    expect(event).toEqual({
      id: eventId,
      title: 'Penandatanganan MoU Ditjenpas',
      date: '2025-07-01',
      type: 'penandatanganan',
      createdAt: '2026-01-05T02:01:00.000Z',
      updatedAt: '2026-01-05T02:01:00.000Z',
      rev: 1,
      time: '',
      venue: '',
      platform: '',
      organiser: '',
      description: '',
      tags: [],
      agreement: null,
      recordings: [],
      attachments: [],
    });
    const doc = read('archive.json');
    expect(doc).toMatchObject({ app: 'risalah', formatVersion: 1, createdAt: '2026-01-05T02:00:00.000Z', speakers: [] });
    expect(doc.glossary.map((g: { term: string }) => g.term)).toEqual(FORMAT2_GLOSSARY_TERMS);
    expect(doc.glossary[0]).toEqual({ term: 'Ditjenpas', expansion: 'Direktorat Jenderal Pemasyarakatan', kind: 'acronym' });
    expect(doc.settings).toEqual({ attributionVerb: 'ujar', attributionStyle: 'name-title', defaultLanguage: 'id' });
    // the damaged event is left for the archive to report
    expect(readFileSync(path.join(tmp.dir, 'events', 'rusak', 'event.json'), 'utf8')).toBe('{"id": "ru');
  });

  it('is idempotent: running it again (after a power cut mid-way) changes nothing more', async () => {
    const { eventId } = writeFormat1();
    await migration002.migrate(await store());
    const once = readFileSync(path.join(tmp.dir, 'events', eventId, 'event.json'), 'utf8');
    const edited = { ...JSON.parse(once), venue: 'Aula Ditjenpas' };
    writeFileSync(path.join(tmp.dir, 'events', eventId, 'event.json'), JSON.stringify(edited));
    await migration002.migrate(await store());
    expect(read(`events/${eventId}/event.json`).venue).toBe('Aula Ditjenpas');
  });

  it('runs when a format-1 archive is opened, which then works as usual', async () => {
    const { eventId } = writeFormat1();
    const archive = await Archive.open(tmp.dir);
    expect(read('archive.json').formatVersion).toBe(CURRENT_FORMAT_VERSION);
    const updated = await archive.updateEvent(eventId, 1, { venue: 'Graha Pengayoman' });
    expect(updated.rev).toBe(2);
    expect(archive.document.glossary.length).toBeGreaterThan(10);
    const { events } = await archive.listEvents();
    expect(events.map((e) => e.id)).toEqual([eventId]);
    expect(archive.problems.map((p) => p.code)).toEqual(['DAMAGED_JSON']);
  });
});

describe('migration 003: replacement list', () => {
  it('adds an empty replacement list, keeps one that exists, and is idempotent', async () => {
    writeFormat1();
    await migration002.migrate(await store());
    await migration003.migrate(await store());
    expect(read('archive.json').replacements).toEqual([]);
    const doc = read('archive.json');
    writeFileSync(path.join(tmp.dir, 'archive.json'), JSON.stringify({ ...doc, replacements: [{ from: 'dirjen pas', to: 'Dirjenpas' }] }));
    await migration003.migrate(await store());
    expect(read('archive.json').replacements).toEqual([{ from: 'dirjen pas', to: 'Dirjenpas' }]);
    expect(read('archive.json').glossary.map((g: { term: string }) => g.term)).toEqual(FORMAT2_GLOSSARY_TERMS);
  });

  it('brings a format-2 archive to format 3 when opened', async () => {
    writeFormat1();
    expect(await migrateArchive(await store())).toEqual([2, 3]);
    expect(read('archive.json').formatVersion).toBe(3);
    expect(await migrateArchive(await store())).toEqual([]);
    const archive = await Archive.open(tmp.dir);
    expect(archive.document.replacements).toEqual([]);
  });
});
