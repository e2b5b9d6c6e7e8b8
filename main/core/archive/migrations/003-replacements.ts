/**
 * Migration 3: the archive gains a replacement list for transcripts.
 *
 * archive.json gets `replacements: []` — pairs `{ from, to }` applied to Whisper's text after
 * transcription (e.g. "dirjen pas" → "Dirjenpas"), shown and reversible in the transcript.
 */
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic';
import { readJsonFile } from '../json-file';
import type { Migration } from './index';

export const migration003: Migration = {
  version: 3,
  description: 'replacement list applied to transcripts (archive.json: replacements)',
  async migrate(archiveDir) {
    const file = path.join(archiveDir, 'archive.json');
    const doc = (await readJsonFile<Record<string, unknown>>(file)) ?? {};
    if ('replacements' in doc) return;
    await writeFileAtomic(file, `${JSON.stringify({ ...doc, replacements: [] }, null, 2)}\n`);
  },
};
