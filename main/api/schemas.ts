/**
 * Schemas and types of the data that crosses the API boundary.
 *
 * Owns: the shapes of events (and, as the archive grows, recordings, speakers, quotes…) as the
 * renderer sees them, and the zod schemas that validate what the renderer sends. Pure: zod only,
 * no Node or DOM APIs, so both the main process and the renderer type-check against it.
 */
import { z } from 'zod';

/** Event types seen in humas archives (ids are stable; labels live in the locale files). */
export const EVENT_TYPES = [
  'upacara',
  'penandatanganan',
  'rapat',
  'kunjungan_kerja',
  'sosialisasi',
  'pembinaan',
  'pelantikan',
  'konferensi_pers',
  'lainnya',
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/**
 * An archive id: lower-case letters, digits and inner dashes, at most 96 characters. Ids name
 * folders inside the archive, so this pattern is also what keeps a payload from pointing outside
 * it (no `/`, `\`, `..`, or absolute paths can pass).
 */
export const Id = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,94}[a-z0-9])?$/, 'must be an archive id (a-z, 0-9, -)');

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date');

/** A time of day, `HH:MM` (24 h). */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');

/** Free text typed by a person: trimmed, no control characters. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters');

export const EventCreateInput = z.strictObject({
  title: Text(300).pipe(z.string().min(1, 'must not be empty')),
  date: IsoDate,
  type: EventType,
});
export type EventCreateInput = z.input<typeof EventCreateInput>;

/** An event of the archive as stored in `events/<id>/event.json`. */
export interface EventRecord {
  id: string;
  title: string;
  date: string;
  type: EventType;
  createdAt: string;
  updatedAt: string;
}

/** What the archive list shows of an event. */
export type EventSummary = Pick<EventRecord, 'id' | 'title' | 'date' | 'type' | 'updatedAt'>;

export const ARCHIVE_PROBLEM_CODES = ['DAMAGED_JSON', 'RESTORED_FROM_BACKUP', 'UNREADABLE'] as const;

/** A problem found while opening the archive, shown to the user (e.g. a damaged event file). */
export interface ArchiveProblem {
  /** Path relative to the archive folder, with `/` separators. */
  file: string;
  code: (typeof ARCHIVE_PROBLEM_CODES)[number];
  eventId?: string;
}

export interface AppInfo {
  version: string;
  archiveDir: string;
  /** Where the host runs: the desktop app, or `risalah serve` for a browser. */
  host: 'electron' | 'web';
  problems: ArchiveProblem[];
}
