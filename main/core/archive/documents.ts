/**
 * Typed readers and writers of an event's documents besides event.json.
 *
 * Owns: reading (validated, capped: formats.ts) and changing the quotes file and the two
 * transcripts of a recording, through the store (store.ts) and at their layout paths (layout.ts).
 * A change is a read-modify-write under the archive lock. `repair: false` reads change nothing on
 * disk (the search index reads that way); the others set a damaged file aside and restore its
 * `.bak` (reported as an archive problem).
 */
import type { MachineTranscript, Quote, WorkingTranscript } from '../../api/schemas';
import { SIZE_CAPS, StoredMachineTranscript, StoredQuotes, StoredWorkingTranscript } from './formats';
import { layout } from './layout';
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
