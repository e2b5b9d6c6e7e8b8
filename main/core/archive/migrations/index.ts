/**
 * Numbered migrations of the archive folder format.
 *
 * Owns: moving an archive written by an older Risalah to the current format, one numbered step
 * at a time (each step in its own file, with its own test). Every step is idempotent and writes
 * only through atomic writes; `archive.json`'s `formatVersion` is raised after each step
 * completes, so a step interrupted by a power cut simply runs again on the next open.
 */
import { layout } from '../layout';
import type { ArchiveStore } from '../store';
import { migration002 } from './002-event-details';
import { migration003 } from './003-replacements';
import { readRawJson, type Migration } from './step';

export type { Migration } from './step';

/** In order; the last one's version is the current format. */
export const MIGRATIONS: readonly Migration[] = [migration002, migration003];

export const CURRENT_FORMAT_VERSION = MIGRATIONS.at(-1)?.version ?? 1;

/** Run every step above the archive's version; returns the versions applied. Call under the lock. */
export async function migrateArchive(store: ArchiveStore): Promise<number[]> {
  const applied: number[] = [];
  for (const step of MIGRATIONS) {
    const doc = (await readRawJson(store, layout.archiveJson)) ?? {};
    const version = typeof doc.formatVersion === 'number' ? doc.formatVersion : 1;
    if (step.version <= version) continue;
    await step.migrate(store);
    const after = (await readRawJson(store, layout.archiveJson)) ?? {};
    await store.writeJson(layout.archiveJson, { ...after, formatVersion: step.version });
    applied.push(step.version);
  }
  return applied;
}

