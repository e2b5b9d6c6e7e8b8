/**
 * Archive ids.
 *
 * Owns: how ids of events (and later recordings, speakers, quotes) are made. An event id is also
 * its folder name, so it is readable in a file manager: `2025-07-01-penandatanganan-mou-ditjenpas-k3x9`
 * (date, slug of the title, 4 random characters so two events with the same title never collide).
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no 0/o, 1/l

export function randomSuffix(length = 4): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Lower-case ASCII slug: diacritics folded, anything else becomes a dash. */
export function slugify(text: string, maxLength = 48): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/g, '');
}

export function makeEventId(date: string, title: string): string {
  const slug = slugify(title);
  return [date, slug, randomSuffix()].filter(Boolean).join('-');
}
