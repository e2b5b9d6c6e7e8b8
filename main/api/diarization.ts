/**
 * Speaker diarization ("Kenali pembicara") and voiceprints as the contract carries them.
 *
 * Owns: a recording's diarization as the event page and the editor see it (state, turns,
 * clusters with their speaking time, a sample to play and the people their voice resembles),
 * the diarization models of this computer (installed, catalog), and a person's voiceprint as
 * their page shows it (consent, seconds, recordings). No voice vector ever crosses the contract:
 * voiceprints are biometric personal data (UU 27/2022) and a browser of `risalah serve` may be on
 * another computer. Pure: zod only.
 */

/** A person a cluster's voice resembles (a suggestion: nothing is named without a click). */
export interface VoiceSuggestion {
  speakerId: string;
  name: string;
  title: string;
  /** Cosine similarity of the cluster's centroid and the person's voiceprint (0..1). */
  similarity: number;
}

export interface DiarizationClusterView {
  /** 0…K−1 in order of first speech ("Pembicara 1" is 0). */
  speaker: number;
  speechSec: number;
  turns: number;
  /** The transcript label the run gave it (a person may have merged it into another since), or null. */
  labelId: string | null;
  /** The cluster's longest turn (at most 8 s of it): what ▶ plays. */
  sample: { start: number; end: number } | null;
  /** Its voice was embedded (naming it can feed a voiceprint; suggestions are possible). */
  hasVoice: boolean;
  /** At or above the threshold, most similar first (at most 3). */
  suggestions: VoiceSuggestion[];
}

export type DiarizationState =
  /** Never run on this recording. */
  | 'none'
  /** A job is at work on it now. */
  | 'running'
  /** A run was interrupted (the app was closed or killed): "Lanjutkan" runs it again. */
  | 'interrupted'
  /** Found, waiting for a transcript to put the speakers on (transcription still to come). */
  | 'pending'
  /** On the transcript. */
  | 'done';

/** A recording's last diarization. */
export interface DiarizationView {
  state: DiarizationState;
  /** The speaker-count hint of the last run, or null (automatic). */
  numSpeakers: number | null;
  createdAt: string | null;
  turns: { start: number; end: number; speaker: number }[];
  clusters: DiarizationClusterView[];
  /** The models of the last result (catalog ids, or file names for models outside the catalog). */
  models: { segmentation: string; embedding: string } | null;
  /** The similarity a suggestion needs (Settings). */
  threshold: number;
}

export type DiarizationRole = 'segmentation' | 'embedding';

/** A diarization model file of this computer. */
export interface DiarizationModelView {
  /** The catalog id when its SHA-256 matched the catalog, else `file:<name>`. */
  id: string;
  role: DiarizationRole;
  file: string;
  sizeBytes: number;
  status: 'verified' | 'unverified' | 'unchecked' | 'damaged';
  usable: boolean;
  catalogId: string | null;
  sha256: string | null;
  /** The one "Kenali pembicara" uses for its role. */
  inUse: boolean;
}

export interface DiarizationCatalogView {
  id: string;
  role: DiarizationRole;
  file: string;
  sizeBytes: number;
  sha256: string | null;
  url: string;
  sourcePage: string;
  licence: { name: string; url: string };
  recommended: boolean;
  note: { id: string; en: string };
  installed: boolean;
  /** Bytes of an interrupted download that a new download resumes from. */
  partialBytes: number;
}

export interface DiarizationModelsOverview {
  dir: string;
  installed: DiarizationModelView[];
  catalog: DiarizationCatalogView[];
  /** Both roles have a usable model: "Kenali pembicara" can run. */
  ready: boolean;
  missing: DiarizationRole[];
  /** The similarity a voiceprint suggestion needs (0.3–0.99). */
  threshold: number;
  canChange: boolean;
}

/** A person's voiceprint as their page shows it (never the vector). */
export interface VoiceprintView {
  speakerId: string;
  /** The person agreed (opt-in); null: no voiceprint is kept for them. */
  consent: { givenAt: string; note: string } | null;
  /** One per embedding model. */
  prints: {
    /** The model's catalog id, or its file name. */
    model: string;
    seconds: number;
    updatedAt: string;
    recordings: { eventId: string; eventTitle: string; recordingId: string; recordingName: string; seconds: number }[];
  }[];
}
