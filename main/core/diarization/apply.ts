/**
 * A diarization result onto a working transcript, keeping every choice a person made (pure).
 *
 * Owns: which segments a run may label (those with no speaker, and those still carrying the
 * label the previous run gave them — a segment a person moved to another speaker, merged or
 * labelled by hand is theirs and stays as it is), which label each cluster goes to (a label a
 * person named — linked to a directory person, renamed, or brought by an imported file — keeps
 * its id and its name: the cluster whose speech lies mostly under it goes to it; labels of the
 * previous run are reused the same way; the other clusters get new "Pembicara N" labels), the
 * split of a segment at the word where the speaker changes (assign.ts) with ids kept unique,
 * and the record of what this run gave to which segment (for the next run).
 */
import type { EditableSegment, TranscriptLabel } from '../../api/schemas';
import { catalogs, LANGUAGES } from '../../api/locales';
import { assignSpeakers } from './assign';
import type { Turn } from './types';

export interface ApplyInput {
  labels: readonly TranscriptLabel[];
  segments: readonly EditableSegment[];
  turns: readonly Turn[];
  /** Clusters 0…K−1 of the result. */
  clusterCount: number;
  /** Segment id → label the previous run gave it (null: no run before this one was applied). */
  previous: Readonly<Record<string, string>> | null;
  /** Labels the previous run made, by cluster (to reuse their ids). */
  previousLabels?: readonly (string | null)[];
  /** The name of a new label ("Pembicara 3"). */
  placeholder: (n: number) => string;
}

export interface ApplyOutput {
  labels: TranscriptLabel[];
  segments: EditableSegment[];
  /** Segment id → the label this run gave it. */
  assigned: Record<string, string>;
  /** Cluster → its label. */
  clusterLabels: string[];
}

const PLACEHOLDER = new RegExp(
  `^(?:${LANGUAGES.map((l) => catalogs[l].diarization.speakerLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\{\\{n\\}\\}', '\\d{1,4}')).join('|')})$`,
);

/** A label nobody has named: "Pembicara 3", not linked to a person. */
export function isPlaceholderLabel(l: TranscriptLabel): boolean {
  return l.speakerId === null && PLACEHOLDER.test(l.name.trim());
}

function overlap(turns: readonly Turn[], speaker: number, start: number, end: number): number {
  let sum = 0;
  for (const t of turns) if (t.speaker === speaker) sum += Math.max(0, Math.min(end, t.end) - Math.max(start, t.start));
  return sum;
}

/**
 * For each cluster, the label its speech lies under most (in these segments), or null. (Which
 * label a cluster *is* comes from the run that labelled it — `clusterLabelsNow` — this is only
 * for a cluster whose label is gone, e.g. merged into another.)
 */
export function clustersToLabels(turns: readonly Turn[], clusterCount: number, segments: readonly Pick<EditableSegment, 'start' | 'end' | 'speaker'>[]): (string | null)[] {
  return Array.from({ length: clusterCount }, (_, c) => {
    const by = new Map<string, number>();
    for (const s of segments) {
      if (!s.speaker) continue;
      const o = overlap(turns, c, s.start, s.end);
      if (o > 0) by.set(s.speaker, (by.get(s.speaker) ?? 0) + o);
    }
    let best: string | null = null;
    let most = 0;
    for (const [label, o] of by) if (o > most) [best, most] = [label, o];
    return best;
  });
}

export function applyDiarization(input: ApplyInput): ApplyOutput {
  const { turns, clusterCount, previous } = input;
  const previousIds = new Set((input.previousLabels ?? []).filter((x): x is string => !!x));
  const byId = new Map(input.labels.map((l) => [l.id, l]));
  // a segment is a person's choice when it has a speaker the previous run did not give it
  const locked = (s: EditableSegment) => s.speaker !== null && (previous === null || previous[s.id] !== s.speaker);
  // labels a person owns: named, linked, imported, made by hand (not a placeholder a run made)
  const owned = (l: TranscriptLabel) => !isPlaceholderLabel(l) || !previousIds.has(l.id);

  // cluster → label, by where its speech lies now. A label a person owns takes every cluster
  // whose labelled speech lies mostly under it (two clusters one person named or merged: both);
  // a label of the previous run is reused, one cluster each, for stable ids.
  const speechOf = Array.from({ length: clusterCount }, (_, c) => turns.filter((t) => t.speaker === c).reduce((s, t) => s + t.end - t.start, 0));
  const clusterLabels: (string | null)[] = new Array<string | null>(clusterCount).fill(null);
  const reuse: { c: number; label: string; share: number }[] = [];
  for (let c = 0; c < clusterCount; c++) {
    // the evidence: segments a run labelled (a segment a person moved is an exception, not a
    // rename of the whole cluster); only when there are none, the segments people labelled
    const auto = new Map<string, number>();
    const manual = new Map<string, number>();
    for (const s of input.segments) {
      if (!s.speaker || !byId.has(s.speaker)) continue;
      const o = overlap(turns, c, s.start, s.end);
      const by = locked(s) ? manual : auto;
      if (o > 0) by.set(s.speaker, (by.get(s.speaker) ?? 0) + o);
    }
    const by = auto.size ? auto : manual;
    const labelled = [...by.values()].reduce((a, b) => a + b, 0);
    const [top, most] = [...by.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
    if (top && owned(byId.get(top)!) && most > labelled / 2 && most >= 0.25 * speechOf[c]!) clusterLabels[c] = top;
    else for (const [label, o] of by) if (!owned(byId.get(label)!)) reuse.push({ c, label, share: speechOf[c]! > 0 ? o / speechOf[c]! : 0 });
  }
  const taken = new Set<string>();
  for (const p of reuse.sort((a, b) => b.share - a.share)) {
    if (p.share < 0.5 || clusterLabels[p.c] !== null || taken.has(p.label)) continue;
    clusterLabels[p.c] = p.label;
    taken.add(p.label);
  }

  // new labels: the next free ids and "Pembicara N" numbers
  const labels: TranscriptLabel[] = [...input.labels];
  const ids = new Set(labels.map((l) => l.id));
  const names = new Set(labels.map((l) => l.name.trim().toLowerCase()));
  let nextId = 1;
  let nextName = 1;
  for (let c = 0; c < clusterCount; c++) {
    if (clusterLabels[c] !== null) continue;
    while (ids.has(`p${nextId}`)) nextId++;
    while (names.has(input.placeholder(nextName).toLowerCase())) nextName++;
    const label: TranscriptLabel = { id: `p${nextId}`, name: input.placeholder(nextName), speakerId: null };
    labels.push(label);
    ids.add(label.id);
    names.add(label.name.toLowerCase());
    clusterLabels[c] = label.id;
  }
  const labelFor = (c: number) => clusterLabels[c]!;

  // the segments: a person's stay; the others are labelled (and split where the speaker changes)
  const segments: EditableSegment[] = [];
  const assigned: Record<string, string> = {};
  const usedIds = new Set(input.segments.map((s) => s.id));
  for (const seg of input.segments) {
    if (locked(seg)) {
      segments.push(seg);
      continue;
    }
    const parts = assignSpeakers([seg], turns, { labelFor });
    parts.forEach((p, k) => {
      let id = p.id;
      if (k > 0) {
        // a part's id must be new (an earlier run may have split this segment already)
        for (let n = k + 1; usedIds.has(id); n++) id = `${seg.id}-${n}`.slice(0, 31);
        usedIds.add(id);
      }
      const out: EditableSegment = { id, start: p.start, end: p.end, text: p.text, words: p.words, speaker: p.speaker };
      segments.push(out);
      if (out.speaker) assigned[out.id] = out.speaker;
    });
  }

  // labels of the previous run (or new ones) that no segment carries: gone; a person's labels stay
  const used = new Set(segments.map((s) => s.speaker).filter((x): x is string => !!x));
  const kept = labels.filter((l) => used.has(l.id) || owned(l));
  const keptIds = new Set(kept.map((l) => l.id));
  const where = clustersToLabels(turns, clusterCount, segments);
  const finalLabels = clusterLabels.map((l, c) => (l && keptIds.has(l) ? l : (where[c] ?? l!)));
  return { labels: kept, segments, assigned, clusterLabels: finalLabels };
}

/**
 * Which label each cluster stands for now: the label the run gave it while that label exists
 * (moving a segment away does not rename the cluster), else where its speech lies (its label was
 * merged into another).
 */
export function clusterLabelsNow(
  turns: readonly Turn[],
  clusterCount: number,
  applied: readonly (string | null)[] | null | undefined,
  transcript: { labels: readonly Pick<TranscriptLabel, 'id'>[]; segments: readonly Pick<EditableSegment, 'start' | 'end' | 'speaker'>[] },
): (string | null)[] {
  const ids = new Set(transcript.labels.map((l) => l.id));
  let where: (string | null)[] | null = null;
  return Array.from({ length: clusterCount }, (_, c) => {
    const given = applied?.[c];
    if (given && ids.has(given)) return given;
    where ??= clustersToLabels(turns, clusterCount, transcript.segments);
    return where[c] ?? null;
  });
}
