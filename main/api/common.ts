/**
 * Shared building blocks of the contract's schemas.
 *
 * Owns: the zod schemas every domain uses for what people type and what names archive things
 * (ids, dates, times, single-line and free text, tags, seconds), the upload reference, export
 * files, and the app's own facts (version, archive folder, problems found on open). Pure: zod only.
 */
import { z } from 'zod';

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

/** A short single-line label (names, titles, places). */
export const Line = (max: number) => Text(max).refine((s) => !/[\r\n]/.test(s), 'must be a single line');

export const Tag = Line(60).pipe(z.string().min(1));

/** A file sent to the host ahead of an import (see `POST /api/upload`). */
export const UploadRef = z.strictObject({ uploadId: Id });

export const ARCHIVE_PROBLEM_CODES = ['DAMAGED_JSON', 'RESTORED_FROM_BACKUP', 'UNREADABLE', 'INVALID', 'TOO_LARGE', 'UNSAFE_PATH'] as const;

/** A problem found while opening the archive, shown to the user (e.g. a damaged event file). */
export interface ArchiveProblem {
  /** Path relative to the archive folder, with `/` separators. */
  file: string;
  code: (typeof ARCHIVE_PROBLEM_CODES)[number];
  eventId?: string;
  /** What is wrong, in the words of the check that failed (e.g. `agreement.parties: expected array`). */
  detail?: string;
}

export interface AppInfo {
  version: string;
  archiveDir: string;
  /** Where the host runs: the desktop app, or `risalah serve` for a browser. */
  host: 'electron' | 'web';
  problems: ArchiveProblem[];
}

/** A file made for download (exports): its name, type and bytes (base64). */
export interface ExportFile {
  fileName: string;
  mime: string;
  base64: string;
}

/** Seconds inside a recording (at most a week). */
export const Seconds = z.number().finite().min(0).max(7 * 24 * 3600);
