/**
 * Typed readers and writers of an event's documents besides event.json.
 *
 * Owns: reading (validated, capped: formats.ts) and changing the quotes file, the two
 * transcripts of a recording, its diarization record and the voiceprint files (a recording's
 * cluster centroids, a person's voiceprint: biometric, under `voiceprints/`), through the store (store.ts) and at their layout paths (layout.ts).
 * A change is a read-modify-write under the archive lock. `repair: false` reads change nothing on
 * disk (the search index reads that way); the others set a damaged file aside and restore its
 * `.bak` (reported as an archive problem).
 */
import type { MachineTranscript, Quote, WorkingTranscript } from '../../api/schemas';
import {
  DIARIZATION_CAPS,
  SIZE_CAPS,
  StoredDiarization,
  StoredMachineTranscript,
  StoredPersonVoiceprint,
  StoredQuotes,
  StoredRecordingVoices,
  StoredWorkingTranscript,
} from './formats';
import { isId, layout } from './layout';
import type { ArchiveStore } from './store';

export interface ReadMode {
  /** false: never move or restore a file (default true). */
  repair?: boolean;
}

const mode = (m: ReadMode) => (m.repair === false ? { repair: false } : {});

export function readMachine(store: ArchiveStore, eventId: string, recordingId: string, m: ReadMode = {}): Promise<MachineTranscript | null> {
  return store.readJson(layout.machineTranscript(eventId, recordingId), StoredMachineTranscript, { maxBytes: SIZE_CAPS.transcript, ...mode(m) });
}

export async function writeMachine(store: ArchiveStore, eventId: string, recordingId: string, doc: MachineTranscript): Promise<void> {
  await store.locked(() => store.writeJson(layout.machineTranscript(eventId, recordingId), doc, { indent: 1 }));
}

export function readWorking(store: ArchiveStore, eventId: string, recordingId: string, m: ReadMode = {}): Promise<WorkingTranscript | null> {
  return store.readJson(layout.workingTranscript(eventId, recordingId), StoredWorkingTranscript, { maxBytes: SIZE_CAPS.transcript, ...mode(m) });
}

/**
 * Change a working transcript under the lock: `change` gets the saved one (null when none) and
 * returns the document to write.
 */
export function updateWorking<R>(
  store: ArchiveStore,
  eventId: string,
  recordingId: string,
  change: (current: WorkingTranscript | null) => Promise<{ write: WorkingTranscript; result: R }> | { write: WorkingTranscript; result: R },
): Promise<R> {
  return store.update(layout.workingTranscript(eventId, recordingId), StoredWorkingTranscript, { maxBytes: SIZE_CAPS.transcript, indent: 1 }, change);
}

export async function readQuotes(store: ArchiveStore, eventId: string, m: ReadMode = {}): Promise<Quote[]> {
  const doc = await store.readJson(layout.quotes(eventId), StoredQuotes, {
    maxBytes: SIZE_CAPS.quotes,
    ...mode(m),
    // Every quote belongs to the event whose file holds it, whatever the file says.
    prepare: (raw) => (Array.isArray(raw.quotes) ? { quotes: raw.quotes.map((q: unknown) => (q && typeof q === 'object' ? { ...q, eventId } : q)) } : raw),
  });
  return doc?.quotes ?? [];
}

/** Change an event's quotes under the lock: `change` gets the list on disk and returns the new one and a result. */
export function updateQuotes<R>(store: ArchiveStore, eventId: string, change: (quotes: Quote[]) => { quotes: Quote[]; value: R }): Promise<R> {
  return store.update(layout.quotes(eventId), StoredQuotes, { maxBytes: SIZE_CAPS.quotes }, (doc) => {
    const { quotes, value } = change(doc?.quotes ?? []);
    return { write: { quotes }, result: value };
  });
}

// ---- diarization and voiceprints ------------------------------------------------------------

export function readDiarization(store: ArchiveStore, eventId: string, recordingId: string, m: ReadMode = {}): Promise<StoredDiarization | null> {
  return store.readJson(layout.diarization(eventId, recordingId), StoredDiarization, { maxBytes: DIARIZATION_CAPS.diarization, ...mode(m) });
}

/** Write a recording's diarization record (call under the lock: `store.locked` or `store.update`). */
export async function writeDiarization(store: ArchiveStore, eventId: string, recordingId: string, doc: StoredDiarization): Promise<void> {
  await store.writeJson(layout.diarization(eventId, recordingId), doc, { indent: 1 });
}

export function readRecordingVoices(store: ArchiveStore, eventId: string, recordingId: string, m: ReadMode = {}): Promise<StoredRecordingVoices | null> {
  return store.readJson(layout.recordingVoices(eventId, recordingId), StoredRecordingVoices, { maxBytes: DIARIZATION_CAPS.recordingVoices, ...mode(m) });
}

/** Write (or, with null, remove) a recording's cluster centroids (under the lock). */
export async function writeRecordingVoices(store: ArchiveStore, eventId: string, recordingId: string, doc: StoredRecordingVoices | null): Promise<void> {
  const rel = layout.recordingVoices(eventId, recordingId);
  if (doc) await store.writeJson(rel, doc, { indent: 0, backup: false });
  else await removeWithBackup(store, rel);
}

export function readPersonVoiceprint(store: ArchiveStore, speakerId: string, m: ReadMode = {}): Promise<StoredPersonVoiceprint | null> {
  return store.readJson(layout.personVoiceprint(speakerId), StoredPersonVoiceprint, { maxBytes: DIARIZATION_CAPS.personVoiceprint, ...mode(m) });
}

/** Write (or, with null, remove) a person's voiceprint file (under the lock). No `.bak` is kept: a deleted voiceprint leaves no copy. */
export async function writePersonVoiceprint(store: ArchiveStore, speakerId: string, doc: StoredPersonVoiceprint | null): Promise<void> {
  const rel = layout.personVoiceprint(speakerId);
  if (doc) await store.writeJson(rel, doc, { indent: 0, backup: false });
  else await removeWithBackup(store, rel);
}

/** Ids of the people who have a voiceprint file. */
export async function voiceprintPeople(store: ArchiveStore): Promise<string[]> {
  return (await store.list(layout.voiceprintPeopleDir, 'files')).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter(isId);
}

async function removeWithBackup(store: ArchiveStore, rel: string): Promise<void> {
  await store.remove(rel);
  await store.remove(`${rel}.bak`);
}
