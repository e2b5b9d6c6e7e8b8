/**
 * Migration 2: events gain their full description and their files.
 *
 * Format 1 (the first release) stored an event as id, title, date, type and timestamps, and
 * archive.json as the format version alone. Format 2 adds to each event: a revision number, time,
 * venue, online platform, organiser, description, tags, agreement details (parties, document
 * number, title, scope), recordings and attachments; and to archive.json the speaker directory,
 * the glossary (seeded with the defaults) and archive settings. Missing fields get empty values;
 * nothing present is changed.
 */
import { isId, layout } from '../layout';
import { readRawJson, type Migration } from './step';

/**
 * The glossary and settings format 2 seeded a migrated archive with — frozen here: a migration
 * writes what its release wrote, whatever today's defaults (defaults.ts) become.
 */
export const FORMAT2_GLOSSARY = [
  { term: 'Ditjenpas', expansion: 'Direktorat Jenderal Pemasyarakatan', kind: 'acronym' },
  { term: 'Dirjenpas', expansion: 'Direktur Jenderal Pemasyarakatan', kind: 'title' },
  { term: 'Dirjen', expansion: 'Direktur Jenderal', kind: 'title' },
  { term: 'Kemenimipas', expansion: 'Kementerian Imigrasi dan Pemasyarakatan', kind: 'acronym' },
  { term: 'Kanwil', expansion: 'Kantor Wilayah', kind: 'acronym' },
  { term: 'UPT', expansion: 'Unit Pelaksana Teknis', kind: 'acronym' },
  { term: 'Rutan', expansion: 'Rumah Tahanan Negara', kind: 'acronym' },
  { term: 'Karutan', expansion: 'Kepala Rutan', kind: 'title' },
  { term: 'Lapas', expansion: 'Lembaga Pemasyarakatan', kind: 'acronym' },
  { term: 'Kalapas', expansion: 'Kepala Lapas', kind: 'title' },
  { term: 'Bapas', expansion: 'Balai Pemasyarakatan', kind: 'acronym' },
  { term: 'LPKA', expansion: 'Lembaga Pembinaan Khusus Anak', kind: 'acronym' },
  { term: 'Rupbasan', expansion: 'Rumah Penyimpanan Benda Sitaan Negara', kind: 'acronym' },
  { term: 'WBP', expansion: 'Warga Binaan Pemasyarakatan', kind: 'acronym' },
  { term: 'warga binaan', expansion: '', kind: 'term' },
  { term: 'MoU', expansion: 'Nota Kesepahaman', kind: 'acronym' },
  { term: 'PKS', expansion: 'Perjanjian Kerja Sama', kind: 'acronym' },
  { term: 'SDM', expansion: 'Sumber Daya Manusia', kind: 'acronym' },
  { term: 'humas', expansion: 'hubungan masyarakat', kind: 'acronym' },
  { term: 'Hari Bakti Pemasyarakatan', expansion: '', kind: 'term' },
] as const;
export const FORMAT2_SETTINGS = { attributionVerb: 'ujar', attributionStyle: 'name-title', defaultLanguage: 'id' } as const;

const EVENT_DEFAULTS = {
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
} as const;

export const migration002: Migration = {
  version: 2,
  description: 'event details, agreements, recordings, attachments; speakers, glossary, settings',
  async migrate(store) {
    const doc = (await readRawJson(store, layout.archiveJson)) ?? {};
    const upgraded = {
      speakers: [],
      glossary: FORMAT2_GLOSSARY,
      settings: FORMAT2_SETTINGS,
      ...doc,
    };
    if (Object.keys(upgraded).length !== Object.keys(doc).length) await store.writeJson(layout.archiveJson, upgraded);

    for (const id of (await store.list(layout.eventsDir, 'dirs')).filter(isId)) {
      const event = await readRawJson(store, layout.eventJson(id)).catch(() => null);
      if (!event) continue; // missing, damaged or unsafe: the archive reports it when opened
      const missing = (Object.keys(EVENT_DEFAULTS) as (keyof typeof EVENT_DEFAULTS)[]).filter((k) => !(k in event));
      if (missing.length === 0) continue;
      const upgradedEvent: Record<string, unknown> = { ...event };
      for (const key of missing) upgradedEvent[key] = EVENT_DEFAULTS[key];
      await store.writeJson(layout.eventJson(id), upgradedEvent);
    }
  },
};
