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
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic';
import { DEFAULT_GLOSSARY, DEFAULT_SETTINGS } from '../defaults';
import { readJsonFile } from '../json-file';
import type { Migration } from './index';

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
  async migrate(archiveDir) {
    const archiveFile = path.join(archiveDir, 'archive.json');
    const doc = (await readJsonFile<Record<string, unknown>>(archiveFile)) ?? {};
    const upgraded = {
      speakers: [],
      glossary: DEFAULT_GLOSSARY,
      settings: DEFAULT_SETTINGS,
      ...doc,
    };
    if (Object.keys(upgraded).length !== Object.keys(doc).length) {
      await writeFileAtomic(archiveFile, `${JSON.stringify(upgraded, null, 2)}\n`);
    }

    const eventsDir = path.join(archiveDir, 'events');
    const entries = await fs.readdir(eventsDir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const file = path.join(eventsDir, entry.name, 'event.json');
      const event = await readJsonFile<Record<string, unknown>>(file).catch(() => null);
      if (!event) continue; // missing or damaged: the archive reports it when opened
      const missing = (Object.keys(EVENT_DEFAULTS) as (keyof typeof EVENT_DEFAULTS)[]).filter((k) => !(k in event));
      if (missing.length === 0) continue;
      const upgradedEvent: Record<string, unknown> = { ...event };
      for (const key of missing) upgradedEvent[key] = EVENT_DEFAULTS[key];
      await writeFileAtomic(file, `${JSON.stringify(upgradedEvent, null, 2)}\n`);
    }
  },
};
