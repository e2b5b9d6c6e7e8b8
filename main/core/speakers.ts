/**
 * The speaker directory: the people who speak at the archive's events, shared by all of them.
 *
 * Owns: adding, changing and removing people in archive.json (`speakers`: name, jabatan/title,
 * instansi/org, notes). A person still named by a transcript label or a quote cannot be removed
 * (CONFLICT) — unlink them first — so no transcript ever points to nobody.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Speaker } from '../api/schemas';
import type { Archive } from './archive/archive';
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
  if (archive.document.speakers.some((s) => s.name.toLowerCase() === name.toLowerCase() && s.org.toLowerCase() === fields.org.trim().toLowerCase())) {
    throw new RisalahError('CONFLICT', `${name} is already in the directory`, { name });
  }
  const speaker: Speaker = { id: speakerId(), name, title: fields.title.trim(), org: fields.org.trim(), notes: fields.notes.trim() };
  await archive.updateDocument((doc) => {
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

/** Remove a person nobody refers to any more. */
export async function removeSpeaker(archive: Archive, id: string): Promise<void> {
  if (!archive.document.speakers.some((s) => s.id === id)) throw new RisalahError('NOT_FOUND', `no speaker ${id}`, { id });
  for (const event of await archive.allEventRecords()) {
    const dir = archive.eventDir(event.id);
    const files = await fs.readdir(path.join(dir, 'transcripts')).catch(() => [] as string[]);
    for (const f of files.filter((n) => /^rec-[a-z0-9]+\.json$/.test(n))) {
      const text = await fs.readFile(path.join(dir, 'transcripts', f), 'utf8').catch(() => '');
      if (text.includes(`"speakerId": "${id}"`) || text.includes(`"speakerId":"${id}"`)) {
        throw new RisalahError('CONFLICT', `speaker ${id} is still used in ${event.id}`, { id, event: event.title });
      }
    }
    const quotes = await fs.readFile(path.join(dir, 'quotes.json'), 'utf8').catch(() => '');
    if (quotes.includes(`"speakerId": "${id}"`) || quotes.includes(`"speakerId":"${id}"`)) {
      throw new RisalahError('CONFLICT', `speaker ${id} is still quoted in ${event.id}`, { id, event: event.title });
    }
  }
  await archive.updateDocument((doc) => {
    doc.speakers = doc.speakers.filter((s) => s.id !== id);
  });
}
