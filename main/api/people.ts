/**
 * People and words of the archive: the speaker directory, the glossary, replacements, who spoke
 * for how long, and the archive-wide settings people edit.
 */
import type { RecordingLanguage } from './events';

/** Speaker directory entry (archive-wide): a person who speaks at events. */
export interface Speaker {
  id: string;
  name: string;
  /** Jabatan, e.g. "Direktur Jenderal Pemasyarakatan". */
  title: string;
  /** Instansi, e.g. "Ditjenpas Kemenimipas". */
  org: string;
  notes: string;
}

export const GLOSSARY_KINDS = ['acronym', 'title', 'name', 'term'] as const;

/** A glossary entry: spelled right in transcripts, expanded both ways in search. */
export interface GlossaryEntry {
  term: string;
  /** The long form of an acronym ("Direktorat Jenderal Pemasyarakatan"). */
  expansion: string;
  kind: (typeof GLOSSARY_KINDS)[number];
}

/** A replacement of the glossary applied after transcription (e.g. "dirjen pas" → "Dirjenpas"). */
export interface Replacement {
  from: string;
  to: string;
}

/** Who spoke at an event, and for how long. */
export interface SpeakingTime {
  speakerId: string | null;
  name: string;
  title: string;
  seconds: number;
  segments: number;
}

/** Archive-wide settings and lists people edit (archive.json). */
export interface ArchiveSettingsView {
  attributionVerb: string;
  attributionStyle: 'name-title' | 'title-name' | 'name';
  defaultLanguage: RecordingLanguage;
  glossary: GlossaryEntry[];
  replacements: Replacement[];
}
