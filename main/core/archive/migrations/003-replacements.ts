/**
 * Migration 3: the archive gains a replacement list for transcripts.
 *
 * archive.json gets `replacements: []` — pairs `{ from, to }` applied to Whisper's text after
 * transcription (e.g. "dirjen pas" → "Dirjenpas"), shown and reversible in the transcript.
 */
import { layout } from '../layout';
import { readRawJson, type Migration } from './step';

export const migration003: Migration = {
  version: 3,
  description: 'replacement list applied to transcripts (archive.json: replacements)',
  async migrate(store) {
    const doc = (await readRawJson(store, layout.archiveJson)) ?? {};
    if ('replacements' in doc) return;
    await store.writeJson(layout.archiveJson, { ...doc, replacements: [] });
  },
};
