/**
 * This computer's side: Whisper models (installed, catalog, recommended) and machine settings as
 * the settings screen shows them.
 */

/** Settings of this computer as the UI sees them (see main/core/settings.ts). */
export interface MachineSettingsView {
  ffmpegPath: string;
  ffprobePath: string;
  /** Threads for Whisper (0 = automatic) and what automatic means here. */
  threads: number;
  autoThreads: number;
  /** The ffmpeg in use, or why none could be found. */
  ffmpeg: { ok: true; path: string; version: string; source: string } | { ok: false; code: string; message: string };
  /** False in a browser on another computer: it may look, not change this machine's settings. */
  canChange: boolean;
  /** Only the desktop app may choose which ffmpeg this computer runs. */
  canChangeTools: boolean;
}

/** A Whisper model as the settings screen shows it. */
export interface ModelView {
  id: string;
  file: string;
  sizeBytes: number;
  status: 'verified' | 'unverified' | 'unchecked' | 'damaged';
  usable: boolean;
  /** Catalog facts when known. */
  catalogId: string | null;
  ramMB: number | null;
  /** Human description of its size class (e.g. "small, q8_0"). */
  description: string | null;
  warnings: { code: string; message: { id: string; en: string } }[];
}

export interface CatalogModelView {
  id: string;
  file: string;
  sizeBytes: number;
  ramMB: number;
  sha256: string | null;
  url: string;
  quantization: string;
  speedNote: { id: string; en: string };
  installed: boolean;
  /** Bytes of an interrupted download that a new download resumes from. */
  partialBytes: number;
}

export interface ModelsOverview {
  dir: string;
  installed: ModelView[];
  catalog: CatalogModelView[];
  recommended: { id: string; reason: { id: string; en: string } };
  /** The model transcriptions use now (the chosen one, else the default), or null when none is installed. */
  activeId: string | null;
  selectedId: string;
  canChange: boolean;
}
