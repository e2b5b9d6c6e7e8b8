/**
 * Defaults of a new archive, from the domain's facts (Indonesian corrections humas work).
 *
 * Owns: the starting glossary (acronyms with their long forms, titles, terms Whisper most often
 * gets wrong) and the default archive settings. Users edit both; these are only the first values.
 */
import type { GlossaryEntry } from '../../api/schemas';

export const DEFAULT_GLOSSARY: GlossaryEntry[] = [
  { term: 'Ditjenpas', expansion: 'Direktorat Jenderal Pemasyarakatan', kind: 'acronym' },
  { term: 'Dirjenpas', expansion: 'Direktur Jenderal Pemasyarakatan', kind: 'title' },
  { term: 'Dirjen', expansion: 'Direktur Jenderal', kind: 'title' },
  { term: 'Kemenimipas', expansion: 'Kementerian Imigrasi dan Pemasyarakatan', kind: 'acronym' },
  { term: 'Kanwil', expansion: 'Kantor Wilayah', kind: 'acronym' },
  { term: 'UPT', expansion: 'Unit Pelaksana Teknis', kind: 'acronym' },
  { term: 'Rutan', expansion: 'Rumah Tahanan Negara', kind: 'acronym' },
  { term: 'Karutan', expansion: 'Kepala Rutan', kind: 'title' },
  { term: 'Lapas', expansion: 'Lembaga Pemasyarakatan', kind: 'acronym' },
  { term: 'Kalapas', expansion: 'Kepala Lapas', kind: 'title' },
  { term: 'Bapas', expansion: 'Balai Pemasyarakatan', kind: 'acronym' },
  { term: 'LPKA', expansion: 'Lembaga Pembinaan Khusus Anak', kind: 'acronym' },
  { term: 'Rupbasan', expansion: 'Rumah Penyimpanan Benda Sitaan Negara', kind: 'acronym' },
  { term: 'WBP', expansion: 'Warga Binaan Pemasyarakatan', kind: 'acronym' },
  { term: 'warga binaan', expansion: '', kind: 'term' },
  { term: 'MoU', expansion: 'Nota Kesepahaman', kind: 'acronym' },
  { term: 'PKS', expansion: 'Perjanjian Kerja Sama', kind: 'acronym' },
  { term: 'SDM', expansion: 'Sumber Daya Manusia', kind: 'acronym' },
  { term: 'humas', expansion: 'hubungan masyarakat', kind: 'acronym' },
  { term: 'Hari Bakti Pemasyarakatan', expansion: '', kind: 'term' },
];

/** Archive-wide settings, stored in archive.json. */
export interface ArchiveSettings {
  /** Attribution verb for copied quotes: ujar, ungkap, kata, jelas… */
  attributionVerb: string;
  /**
   * How the speaker is named after the verb: `name-title` — “…,” ujar Mashudi, Direktur Jenderal
   * Pemasyarakatan. (first mention, the default); `title-name` — ujar Direktur Jenderal
   * Pemasyarakatan Mashudi.; `name` — ujar Mashudi. (later mentions).
   */
  attributionStyle: 'name-title' | 'title-name' | 'name';
  /** Default transcription language of new recordings. */
  defaultLanguage: 'id' | 'en' | 'jv' | 'su' | 'auto';
}

export const DEFAULT_SETTINGS: ArchiveSettings = {
  attributionVerb: 'ujar',
  attributionStyle: 'name-title',
  defaultLanguage: 'id',
};
