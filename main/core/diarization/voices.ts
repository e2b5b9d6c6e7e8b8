/**
 * Voiceprints in the archive: consent, what each named cluster gives a person's voiceprint,
 * suggestions on new recordings, and deletion.
 *
 * Owns: `voiceprints/people/<id>.json` (through documents.ts) — a person's consent (opt-in: the
 * file exists only once someone switched it on, noting that the person agreed) and their
 * voiceprint per embedding model, kept as each recording's share (`sources`) and their
 * seconds-weighted mean; syncing one recording's shares from what its working transcript says now
 * (`syncRecordingVoiceprints`: the clusters whose speech lies under a label linked to a person
 * with consent — so linking, unlinking, merging, moving or undoing all end up right, and a
 * recording never counts twice); the suggestions for a recording's clusters (`suggestionsFor`:
 * never an assignment); deleting a voiceprint (the file, and the centroids of the clusters it was
 * made from, so nothing of that voice stays behind); and the view of the person's page.
 *
 * Biometric personal data (UU 27/2022): nothing here logs a vector, sends one anywhere or puts
 * one in a search index; the contract never carries one (see docs/diarization.md).
 */
import type { VoiceprintView, VoiceSuggestion } from '../../api/schemas';
import type { Archive } from '../archive/archive';
import {
  readDiarization,
  readMachine,
  readPersonVoiceprint,
  readRecordingVoices,
  readWorking,
  voiceprintPeople,
  writePersonVoiceprint,
  writeRecordingVoices,
} from '../archive/documents';
import type { StoredPersonVoiceprint, StoredRecordingVoices } from '../archive/formats';
import { RisalahError } from '../errors';
import { fromMachine } from '../transcript/working';
import { clusterLabelsNow } from './apply';
import { DIARIZATION_CATALOG } from './catalog';
import { centroidOf, cosineSimilarity, DEFAULT_SUGGESTION_THRESHOLD } from './voiceprint';

type Print = StoredPersonVoiceprint['prints'][number];
type Source = Print['sources'][number];

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** What each person (by directory id) gets from this recording now: their clusters' centroid. */
async function sharesOf(archive: Archive, eventId: string, recordingId: string): Promise<{ voices: StoredRecordingVoices; shares: Map<string, Omit<Source, 'eventId' | 'recordingId'>> } | null> {
  const { store } = archive;
  const voices = await readRecordingVoices(store, eventId, recordingId);
  const record = await readDiarization(store, eventId, recordingId);
  if (!voices || !record?.result || record.result.createdAt !== voices.createdAt) return null;
  const working = (await readWorking(store, eventId, recordingId)) ?? (await readMachine(store, eventId, recordingId).then((m) => (m ? fromMachine(m) : null)));
  const shares = new Map<string, Omit<Source, 'eventId' | 'recordingId'>>();
  if (!working) return { voices, shares };
  const labelOf = clusterLabelsNow(record.result.turns, record.result.clusters.length, record.applied?.clusterLabels, working);
  const person = new Map(working.labels.filter((l) => l.speakerId).map((l) => [l.id, l.speakerId!]));
  const byPerson = new Map<string, number[]>();
  labelOf.forEach((label, c) => {
    const who = label ? person.get(label) : undefined;
    if (who) byPerson.set(who, [...(byPerson.get(who) ?? []), c]);
  });
  for (const [who, clusters] of byPerson) {
    const pieces = clusters.map((c) => voices.clusters.find((v) => v.speaker === c)).filter((v): v is NonNullable<typeof v> => !!v?.vector && v.seconds > 0);
    const centroid = centroidOf(pieces.map((v) => ({ vector: v.vector!, seconds: v.seconds })));
    if (centroid) shares.set(who, { clusters: pieces.map((v) => v.speaker), seconds: round3(centroid.seconds), vector: centroid.vector.map(round6) });
  }
  return { voices, shares };
}

/** A print's vector and seconds from its sources (null when none is left). */
function recompute(print: Print, now: string): Print | null {
  if (!print.sources.length) return null;
  const c = centroidOf(print.sources.map((s) => ({ vector: s.vector, seconds: s.seconds })));
  if (!c) return null;
  return { ...print, vector: c.vector.map(round6), seconds: round3(c.seconds), updatedAt: now };
}

/** A person's file with this recording's share replaced (or taken out); the same object when nothing changed. */
function withShare(doc: StoredPersonVoiceprint, eventId: string, recordingId: string, model: StoredRecordingVoices['model'] | null, share: Omit<Source, 'eventId' | 'recordingId'> | null): StoredPersonVoiceprint {
  const now = new Date().toISOString();
  const same = (s: Source) => s.eventId === eventId && s.recordingId === recordingId;
  let changed = false;
  let prints: Print[] = [];
  for (const p of doc.prints) {
    const had = p.sources.find(same);
    const mine = share && model && p.model.sha256 === model.sha256;
    if (!had && !mine) {
      prints.push(p);
      continue;
    }
    const next: Source | null = mine ? { eventId, recordingId, ...share } : null;
    if (had && next && JSON.stringify(had) === JSON.stringify(next)) {
      prints.push(p);
      continue;
    }
    changed = true;
    const sources = [...p.sources.filter((s) => !same(s)), ...(next ? [next] : [])];
    const re = recompute({ ...p, sources }, now);
    if (re) prints.push(re);
  }
  if (share && model && !doc.prints.some((p) => p.model.sha256 === model.sha256)) {
    changed = true;
    const re = recompute({ model, vector: share.vector, seconds: share.seconds, updatedAt: now, sources: [{ eventId, recordingId, ...share }] }, now);
    if (re) prints = [...prints, re];
  }
  return changed ? { ...doc, prints } : doc;
}

/**
 * Bring the voiceprints of the people with consent in line with what this recording's working
 * transcript says now. Writes only what changed; returns the people whose voiceprint changed.
 */
export async function syncRecordingVoiceprints(archive: Archive, eventId: string, recordingId: string, only?: string): Promise<string[]> {
  const { store } = archive;
  const people = (await voiceprintPeople(store)).filter((p) => !only || p === only);
  if (!people.length) return [];
  return store.locked(async () => {
    const found = await sharesOf(archive, eventId, recordingId);
    const changed: string[] = [];
    for (const id of people) {
      const doc = await readPersonVoiceprint(store, id);
      if (!doc) continue;
      const next = withShare(doc, eventId, recordingId, found?.voices.model ?? null, found?.shares.get(id) ?? null);
      if (next === doc) continue;
      await writePersonVoiceprint(store, id, next);
      changed.push(id);
    }
    return changed;
  });
}

/** Switch a person's voiceprint on (they agreed), and gather it from the recordings they are named in. */
export async function enableVoiceprint(archive: Archive, speakerId: string, note: string): Promise<VoiceprintView> {
  if (!archive.document.speakers.some((s) => s.id === speakerId)) throw new RisalahError('NOT_FOUND', `no speaker ${speakerId}`, { id: speakerId });
  const { store } = archive;
  await store.locked(async () => {
    const doc = await readPersonVoiceprint(store, speakerId);
    const next: StoredPersonVoiceprint = doc
      ? { ...doc, consent: { ...doc.consent, note: note.trim() || doc.consent.note } }
      : { formatVersion: 1, speakerId, consent: { givenAt: new Date().toISOString(), note: note.trim() }, prints: [] };
    await writePersonVoiceprint(store, speakerId, next);
  });
  // the recordings where a label is already linked to them
  for (const event of await archive.allEventRecords()) {
    for (const r of event.recordings) {
      const working = await readWorking(store, event.id, r.id, { repair: false });
      if (working?.labels.some((l) => l.speakerId === speakerId)) await syncRecordingVoiceprints(archive, event.id, r.id, speakerId);
    }
  }
  return voiceprintView(archive, speakerId);
}

/**
 * Delete a person's voiceprint and consent: the file, and the centroids of the clusters it was
 * made from (so no embedding of that voice stays in the archive). Transcripts and names stay.
 */
export async function deleteVoiceprint(archive: Archive, speakerId: string): Promise<VoiceprintView> {
  const { store } = archive;
  await store.locked(async () => {
    const doc = await readPersonVoiceprint(store, speakerId);
    for (const p of doc?.prints ?? []) {
      for (const s of p.sources) {
        const voices = await readRecordingVoices(store, s.eventId, s.recordingId).catch(() => null);
        if (!voices || voices.model.sha256 !== p.model.sha256) continue;
        const cleared = { ...voices, clusters: voices.clusters.map((c) => (s.clusters.includes(c.speaker) ? { ...c, vector: null } : c)) };
        await writeRecordingVoices(store, s.eventId, s.recordingId, cleared);
      }
    }
    await writePersonVoiceprint(store, speakerId, null);
  });
  return voiceprintView(archive, speakerId);
}

/** A person's voiceprint for their page: consent, seconds and recordings per model — never the vector. */
export async function voiceprintView(archive: Archive, speakerId: string): Promise<VoiceprintView> {
  const doc = await readPersonVoiceprint(archive.store, speakerId);
  if (!doc) return { speakerId, consent: null, prints: [] };
  const events = new Map((await archive.allEventRecords()).map((e) => [e.id, e]));
  return {
    speakerId,
    consent: { givenAt: doc.consent.givenAt, note: doc.consent.note },
    prints: doc.prints.map((p) => ({
      model: DIARIZATION_CATALOG.find((c) => c.sha256 === p.model.sha256)?.id ?? p.model.id ?? p.model.file,
      seconds: p.seconds,
      updatedAt: p.updatedAt,
      recordings: p.sources.map((s) => {
        const event = events.get(s.eventId);
        const rec = event?.recordings.find((r) => r.id === s.recordingId);
        return { eventId: s.eventId, eventTitle: event?.title ?? s.eventId, recordingId: s.recordingId, recordingName: rec ? rec.title || rec.originalName : s.recordingId, seconds: s.seconds };
      }),
    })),
  };
}

/**
 * For each cluster of a recording, the directory people whose voiceprint (same embedding model)
 * is at least `threshold` similar, best first (at most 3). Suggestions only: nothing is named.
 */
export async function suggestionsFor(archive: Archive, eventId: string, recordingId: string, threshold = DEFAULT_SUGGESTION_THRESHOLD): Promise<Map<number, VoiceSuggestion[]>> {
  const out = new Map<number, VoiceSuggestion[]>();
  const voices = await readRecordingVoices(archive.store, eventId, recordingId, { repair: false });
  if (!voices) return out;
  const directory = new Map(archive.document.speakers.map((s) => [s.id, s]));
  const prints: { speakerId: string; vector: number[] }[] = [];
  for (const id of await voiceprintPeople(archive.store)) {
    if (!directory.has(id)) continue;
    const doc = await readPersonVoiceprint(archive.store, id, { repair: false });
    const p = doc?.prints.find((x) => x.model.sha256 === voices.model.sha256);
    if (p) prints.push({ speakerId: id, vector: p.vector });
  }
  for (const c of voices.clusters) {
    if (!c.vector) continue;
    const list = prints
      .map((p) => ({ speakerId: p.speakerId, similarity: cosineSimilarity(c.vector!, p.vector) }))
      .filter((s) => s.similarity >= threshold)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 3)
      .map((s) => {
        const person = directory.get(s.speakerId)!;
        return { speakerId: s.speakerId, name: person.name, title: person.title, similarity: Math.round(s.similarity * 1000) / 1000 };
      });
    out.set(c.speaker, list);
  }
  return out;
}
