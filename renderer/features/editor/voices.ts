/**
 * What "Kenali pembicara" says about each speaker label of the transcript being edited (pure).
 *
 * Owns: which clusters of the last diarization each label stands for — the label the run gave the
 * cluster while it still exists (moving a segment away does not rename a cluster), else the label
 * its speech lies under most (it was merged into another) — and, per label, the sample to play
 * (its clusters' longest turn) and the people its voice resembles (best first). The same rule as
 * the host's (main/core/diarization/apply.ts), which the renderer cannot import.
 */
import type { DiarizationView, VoiceSuggestion } from '../../../main/api/schemas';
import type { Doc } from './doc';

export interface LabelVoice {
  /** Clusters of the diarization this label stands for. */
  clusters: number[];
  speechSec: number;
  sample: { start: number; end: number } | null;
  suggestions: VoiceSuggestion[];
}

function overlap(view: DiarizationView, speaker: number, start: number, end: number): number {
  let sum = 0;
  for (const t of view.turns) if (t.speaker === speaker) sum += Math.max(0, Math.min(end, t.end) - Math.max(start, t.start));
  return sum;
}

export function labelVoices(view: DiarizationView | null, doc: Doc): Map<string, LabelVoice> {
  const out = new Map<string, LabelVoice>();
  if (!view || view.state === 'none' || view.state === 'interrupted' || !view.clusters.length) return out;
  const ids = new Set(doc.labels.map((l) => l.id));
  const largest = new Map<string, number>();
  for (const c of view.clusters) {
    let label = c.labelId && ids.has(c.labelId) ? c.labelId : null;
    if (!label) {
      const by = new Map<string, number>();
      for (const s of doc.segments) {
        if (!s.speaker) continue;
        const o = overlap(view, c.speaker, s.start, s.end);
        if (o > 0) by.set(s.speaker, (by.get(s.speaker) ?? 0) + o);
      }
      label = [...by.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    }
    if (!label) continue;
    const v = out.get(label) ?? { clusters: [], speechSec: 0, sample: null, suggestions: [] };
    v.clusters.push(c.speaker);
    if (c.sample && c.speechSec > (largest.get(label) ?? -1)) {
      v.sample = c.sample;
      largest.set(label, c.speechSec);
    }
    v.speechSec += c.speechSec;
    for (const s of c.suggestions) {
      const known = v.suggestions.find((x) => x.speakerId === s.speakerId);
      if (!known) v.suggestions.push(s);
      else if (s.similarity > known.similarity) known.similarity = s.similarity;
    }
    v.suggestions.sort((a, b) => b.similarity - a.similarity);
    out.set(label, v);
  }
  return out;
}
