/**
 * The speaker directory: the people who speak at the archive's events, shared by all of them.
 *
 * Owns: adding, changing and removing people in archive.json (`speakers`: name, jabatan/title,
 * instansi/org, notes). A person still named by a transcript label or a quote cannot be removed
 * (CONFLICT) — unlink them first — so no transcript ever points to nobody. A person removed takes
 * their voiceprint along (diarization/voices.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Speaker } from '../api/schemas';
import type { Archive } from './archive/archive';
import { readQuotes, readWorking } from './archive/documents';
import { deleteVoiceprint } from './diarization/voices';
import { RisalahError } from './errors';

function speakerId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let s = '';
  for (const b of randomBytes(8)) s += alphabet[b % alphabet.length];
  return `spk-${s}`;
}

export type SpeakerFields = Omit<Speaker, 'id'>;

export function listSpeakers(archive: Archive): Speaker[] {
  return [...archive.document.speakers].sort((a, b) => a.name.localeCompare(b.name, 'id'));
}

export async function addSpeaker(archive: Archive, fields: SpeakerFields): Promise<Speaker> {
  const name = fields.name.trim();
  const org = fields.org.trim();
  const speaker: Speaker = { id: speakerId(), name, title: fields.title.trim(), org, notes: fields.notes.trim() };
  await archive.updateDocument((doc) => {
    // Checked against the directory as it is on disk now (another process may have added them).
    if (doc.speakers.some((s) => s.name.toLowerCase() === name.toLowerCase() && s.org.toLowerCase() === org.toLowerCase())) {
      throw new RisalahError('CONFLICT', `${name} is already in the directory`, { name });
    }
    doc.speakers = [...doc.speakers, speaker];
  });
  return speaker;
}

export async function updateSpeaker(archive: Archive, id: string, patch: Partial<SpeakerFields>): Promise<Speaker> {
  let updated: Speaker | undefined;
  await archive.updateDocument((doc) => {
    const s = doc.speakers.find((x) => x.id === id);
    if (!s) throw new RisalahError('NOT_FOUND', `no speaker ${id}`, { id });
    for (const [k, v] of Object.entries(patch)) if (typeof v === 'string') (s as unknown as Record<string, string>)[k] = v.trim();
    updated = { ...s };
  });
  return updated as Speaker;
}

/** Where a person of the directory is still named: the first transcript label or quote found, or null. */
export async function speakerInUse(archive: Archive, id: string): Promise<{ eventId: string; eventTitle: string; where: 'transcript' | 'quote' } | null> {
  for (const event of await archive.allEventRecords()) {
    for (const r of event.recordings) {
      const working = await readWorking(archive.store, event.id, r.id, { repair: false });
      if (working?.labels.some((l) => l.speakerId === id)) return { eventId: event.id, eventTitle: event.title, where: 'transcript' };
    }
    const quotes = await readQuotes(archive.store, event.id, { repair: false });
    if (quotes.some((q) => q.speakerId === id)) return { eventId: event.id, eventTitle: event.title, where: 'quote' };
  }
  return null;
}

/** Remove a person nobody refers to any more. */
export async function removeSpeaker(archive: Archive, id: string): Promise<void> {
  if (!archive.document.speakers.some((s) => s.id === id)) throw new RisalahError('NOT_FOUND', `no speaker ${id}`, { id });
  const used = await speakerInUse(archive, id);
  if (used) {
    const message = used.where === 'quote' ? `speaker ${id} is still quoted in ${used.eventId}` : `speaker ${id} is still used in ${used.eventId}`;
    throw new RisalahError('CONFLICT', message, { id, event: used.eventTitle });
  }
  await archive.updateDocument((doc) => {
    if (!doc.speakers.some((s) => s.id === id)) throw new RisalahError('NOT_FOUND', `no speaker ${id}`, { id });
    doc.speakers = doc.speakers.filter((s) => s.id !== id);
  });
  await deleteVoiceprint(archive, id);
}
