/**
 * Events of the archive as the contract carries them.
 *
 * Owns: event types, the fields people edit (with the agreement of a signing), the inputs that
 * create, edit and list events, and the records of an event with its recordings and attachments
 * as `events.get` returns them. Pure: zod only.
 */
import { z } from 'zod';
import { IsoDate, Line, Tag, Text, TimeOfDay } from './common';

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

export const EventCreateInput = z.strictObject({
  title: Line(300).pipe(z.string().min(1, 'must not be empty')),
  date: IsoDate,
  type: EventType,
});
export type EventCreateInput = z.input<typeof EventCreateInput>;

/** Kinds of agreement signed at a `penandatanganan` event. */
export const AGREEMENT_KINDS = ['mou', 'pks', 'lainnya'] as const;

export const AgreementKind = z.enum(AGREEMENT_KINDS);

/** One party to an agreement: the institution, who signed for it, and in what capacity. */
export const AgreementParty = z.strictObject({
  institution: Line(300).pipe(z.string().min(1, 'must not be empty')),
  signatory: Line(200).default(''),
  role: Line(200).default(''),
});
export type AgreementParty = z.output<typeof AgreementParty>;

export const Agreement = z.strictObject({
  kind: AgreementKind.default('mou'),
  documentNumber: Line(200).default(''),
  title: Line(500).default(''),
  scope: Text(4000).default(''),
  parties: z.array(AgreementParty).max(100).default([]),
});
export type Agreement = z.output<typeof Agreement>;

/** The fields of an event a person edits (everything but ids, files and bookkeeping). */
export const EventFields = z.strictObject({
  title: Line(300).pipe(z.string().min(1, 'must not be empty')),
  date: IsoDate,
  time: z.union([TimeOfDay, z.literal('')]),
  type: EventType,
  venue: Line(300),
  /** For events joined online: Zoom, YouTube live… */
  platform: Line(120),
  organiser: Line(300),
  description: Text(10_000),
  tags: z.array(Tag).max(50),
  agreement: Agreement.nullable(),
});
export type EventFields = z.output<typeof EventFields>;

export const EventPatch = EventFields.partial();
export type EventPatch = z.input<typeof EventPatch>;

/** Transcription language of a recording (`auto` lets Whisper detect it). */
export const RECORDING_LANGUAGES = ['id', 'en', 'jv', 'su', 'auto'] as const;

export const RecordingLanguage = z.enum(RECORDING_LANGUAGES);
export type RecordingLanguage = z.infer<typeof RecordingLanguage>;

/** Something the import noticed but that did not stop it. */
export interface MediaWarning {
  /**
   * TRUNCATED: the recording ends before it should (the phone died); the decodable part was kept.
   * DURATION_MISMATCH: the file decodes much longer than its header says.
   * DECODE_ERRORS: ffmpeg reported damaged frames that it skipped.
   */
  code: 'TRUNCATED' | 'DURATION_MISMATCH' | 'DECODE_ERRORS';
  /** Seconds that could be decoded. */
  decodedSec?: number;
  /** Seconds the file claims to last, when it says. */
  expectedSec?: number;
  /** For DECODE_ERRORS: how many error lines ffmpeg printed. */
  count?: number;
  /** ffmpeg's own words (first line), for the curious. */
  detail?: string;
}

export interface RecordingRecord {
  id: string;
  /** The file's name as it was imported (e.g. `REC_20250701_0930.m4a`). */
  originalName: string;
  /** Where the untouched original is stored, relative to the event folder (`media/…`). */
  file: string;
  sha256: string;
  sizeBytes: number;
  /** Decoded duration in seconds (what can actually be played and transcribed). */
  durationSec: number;
  container: string;
  codec: string;
  sampleRate: number;
  channels: number;
  hasVideo: boolean;
  /** A person's label, e.g. "Sambutan Dirjenpas". */
  title: string;
  language: RecordingLanguage;
  warnings: MediaWarning[];
  importedAt: string;
  /** Set when a machine transcript exists (`transcripts/<id>.machine.json`). */
  transcript?: RecordingTranscriptInfo;
}

export interface RecordingTranscriptInfo {
  createdAt: string;
  model: string | null;
  language: string;
  segmentCount: number;
}

export const ATTACHMENT_KINDS = ['photo', 'document', 'other'] as const;

export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface AttachmentRecord {
  id: string;
  originalName: string;
  /** Relative to the event folder (`attachments/…`). */
  file: string;
  sha256: string;
  sizeBytes: number;
  mime: string;
  kind: AttachmentKind;
  caption: string;
  addedAt: string;
}

/** An event of the archive as stored in `events/<id>/event.json`. */
export interface EventRecord extends EventFields {
  id: string;
  /** Revision: +1 on every change; an edit names the revision it started from. */
  rev: number;
  recordings: RecordingRecord[];
  attachments: AttachmentRecord[];
  createdAt: string;
  updatedAt: string;
}

/** What the archive list shows of an event. */
export interface EventSummary {
  id: string;
  title: string;
  date: string;
  time: string;
  type: EventType;
  venue: string;
  tags: string[];
  recordingCount: number;
  totalDurationSec: number;
  partyCount: number;
  updatedAt: string;
}

export const EVENT_SORTS = ['date-desc', 'date-asc', 'title', 'updated'] as const;

export const EventListInput = z.strictObject({
  type: EventType.optional(),
  year: z.number().int().min(1900).max(2999).optional(),
  /** Words that must all appear in the title, venue, organiser, tags or parties (case and accents ignored). */
  q: Text(200).optional(),
  sort: z.enum(EVENT_SORTS).default('date-desc'),
});
export type EventListInput = z.input<typeof EventListInput>;

export interface EventList {
  events: EventSummary[];
  /** Events in the whole archive (before filters). */
  total: number;
  /** Years that have events, newest first (for the year filter). */
  years: number[];
}

/** The outcome of `attachments.add`: the event as it now is, and what happened to each file. */
export interface AttachmentsAdded {
  event: EventRecord;
  results: {
    name: string;
    attachmentId?: string;
    /** The same bytes were already attached: nothing was stored again. */
    duplicate: boolean;
    error?: { code: string; message: string; params?: Record<string, string | number> };
  }[];
}

export interface Waveform {
  durationSec: number;
  /** Per bucket, the lowest and highest sample, in -1..1. */
  min: number[];
  max: number[];
}
