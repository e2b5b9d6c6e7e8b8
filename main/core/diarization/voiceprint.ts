/**
 * Voiceprint arithmetic (pure).
 *
 * Owns: cosine similarity, the centroid of a cluster's embeddings (each L2-normalised, weighted
 * by the seconds it covers, the mean normalised again) with the seconds it rests on, folding a
 * newly confirmed cluster into a person's voiceprint, and the suggestions for a new recording's
 * clusters — "Mashudi? (kemiripan 0,82)" — above a threshold. A suggestion is only ever that:
 * nothing here assigns a person; a person's click does (the caller's business).
 *
 * A voiceprint is valid only for the embedding model that made it (`model`: that model file's
 * SHA-256): vectors of two models are not comparable, so other models' prints are ignored.
 * Voiceprints are biometric personal data (UU 27/2022): see docs/diarization.md for how they
 * are to be kept.
 */
import { catalogs, INTL_LOCALE, type Language } from '../../api/locales';

export interface EmbeddingPiece {
  vector: ArrayLike<number>;
  seconds: number;
}

export interface Centroid {
  /** Unit length. */
  vector: number[];
  seconds: number;
}

export interface Voiceprint {
  personId: string;
  /** SHA-256 of the embedding model file the vector comes from. */
  model: string;
  vector: number[];
  /** Seconds of confirmed speech it rests on. */
  seconds: number;
  /** Recordings it was confirmed in (for the person's page; deletable with it). */
  recordings: string[];
  updatedAt: string;
}

export interface Suggestion {
  personId: string;
  similarity: number;
}

export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** Cosine similarity in [−1, 1]; 0 when either vector is zero or the lengths differ. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  const n = norm(a) * norm(b);
  return n > 0 ? Math.max(-1, Math.min(1, dot / n)) : 0;
}

/** The seconds-weighted mean of unit vectors, normalised; null when nothing has weight. */
export function centroidOf(pieces: readonly EmbeddingPiece[]): Centroid | null {
  const usable = pieces.filter((p) => p.seconds > 0 && norm(p.vector) > 0 && Array.from(p.vector).every(Number.isFinite));
  if (!usable.length) return null;
  const dim = usable[0]!.vector.length;
  const sum = new Array<number>(dim).fill(0);
  let seconds = 0;
  for (const p of usable) {
    if (p.vector.length !== dim) throw new RangeError('embeddings of different sizes');
    const n = norm(p.vector);
    for (let i = 0; i < dim; i++) sum[i]! += (p.seconds * p.vector[i]!) / n;
    seconds += p.seconds;
  }
  const n = norm(sum);
  if (n === 0) return null;
  return { vector: sum.map((x) => x / n), seconds };
}

/**
 * A person's voiceprint after confirming one more cluster of theirs: the two centroids averaged
 * by the seconds each rests on. A voiceprint of another embedding model is replaced.
 */
export function foldIntoVoiceprint(
  existing: Voiceprint | null,
  add: { personId: string; model: string; centroid: Centroid; recordingId: string },
  now = new Date(),
): Voiceprint {
  const same = existing && existing.model === add.model && existing.vector.length === add.centroid.vector.length ? existing : null;
  const merged = same
    ? centroidOf([
        { vector: same.vector, seconds: same.seconds },
        { vector: add.centroid.vector, seconds: add.centroid.seconds },
      ])!
    : add.centroid;
  const recordings = [...new Set([...(same?.recordings ?? []), add.recordingId])];
  return { personId: add.personId, model: add.model, vector: merged.vector, seconds: merged.seconds, recordings, updatedAt: now.toISOString() };
}

/** Default similarity above which a person is suggested for a cluster (settings may change it). */
export const DEFAULT_SUGGESTION_THRESHOLD = 0.6;

/**
 * For each cluster with a centroid, the people whose voiceprint (of the same embedding model) is
 * at least `threshold` similar, most similar first. `top` is the first of them, or null.
 */
export function suggestPeople(
  clusters: readonly { speaker: number; centroid: readonly number[] | null }[],
  voiceprints: readonly Voiceprint[],
  opts: { model: string; threshold?: number },
): { speaker: number; top: Suggestion | null; candidates: Suggestion[] }[] {
  const threshold = opts.threshold ?? DEFAULT_SUGGESTION_THRESHOLD;
  const prints = voiceprints.filter((v) => v.model === opts.model);
  return clusters.map((c) => {
    const candidates = c.centroid
      ? prints
          .map((v) => ({ personId: v.personId, similarity: cosineSimilarity(c.centroid!, v.vector) }))
          .filter((s) => s.similarity >= threshold)
          .sort((a, b) => b.similarity - a.similarity)
      : [];
    return { speaker: c.speaker, top: candidates[0] ?? null, candidates };
  });
}

function interpolate(template: string, params: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');
}

/** "Mashudi? (kemiripan 0,82)" in the given language (numbers written the Indonesian way in `id`). */
export function formatSuggestion(name: string, similarity: number, language: Language): string {
  const value = new Intl.NumberFormat(INTL_LOCALE[language], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(similarity);
  return interpolate(catalogs[language].diarization.suggestion, { name, similarity: value });
}

/** "Pembicara 3" for cluster 2. */
export function clusterLabelName(speaker: number, language: Language): string {
  return interpolate(catalogs[language].diarization.speakerLabel, { n: String(speaker + 1) });
}
