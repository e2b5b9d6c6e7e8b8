/**
 * Numbered migrations of the archive folder format.
 *
 * Owns: moving an archive written by an older Risalah to the current format, one numbered step
 * at a time (each step in its own file, with its own test). Every step is idempotent and writes
 * only through atomic writes; `archive.json`'s `formatVersion` is raised after each step
 * completes, so a step interrupted by a power cut simply runs again on the next open.
 */
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic';
import { readJsonFile } from '../json-file';
import { migration002 } from './002-event-details';
import { migration003 } from './003-replacements';

export interface Migration {
  /** The format version this step produces. */
  version: number;
  description: string;
  migrate(archiveDir: string): Promise<void>;
}

/** In order; the last one's version is the current format. */
export const MIGRATIONS: readonly Migration[] = [migration002, migration003];

export const CURRENT_FORMAT_VERSION = MIGRATIONS.at(-1)?.version ?? 1;

/** Run every step above `fromVersion`; returns the versions applied. */
export async function migrateArchive(archiveDir: string, fromVersion: number): Promise<number[]> {
  const applied: number[] = [];
  for (const step of MIGRATIONS) {
    if (step.version <= fromVersion) continue;
    await step.migrate(archiveDir);
    const file = path.join(archiveDir, 'archive.json');
    const doc = (await readJsonFile<Record<string, unknown>>(file)) ?? {};
    await writeFileAtomic(file, `${JSON.stringify({ ...doc, formatVersion: step.version }, null, 2)}\n`);
    applied.push(step.version);
  }
  return applied;
}
