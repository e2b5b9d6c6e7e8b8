/**
 * From sherpa-onnx's raw turns to the speakers a user sees (pure).
 *
 * Owns: which stretches of a cluster's speech are embedded for its centroid (`centroidPieces`),
 * merging clusters that are one voice (`mergeClusters`: agglomerative on the centroids, then
 * clusters with too little speech, or with fragments only — no turn of 2 s — folded into their
 * nearest), numbering speakers in order of first appearance, and
 * tidying turns (one speaker's turns closer than a gap joined).
 *
 * Why merge after sherpa-onnx: its clustering is complete-linkage over every (window, local
 * speaker) embedding, so one odd short embedding splits a voice into two clusters; centroids
 * over seconds of speech are far steadier (pyannote's own pipeline also reassigns small clusters).
 * With a speaker-count hint ("± 5 orang") sherpa-onnx makes that many clusters and only those
 * that are clearly one voice are merged: a generous hint does not invent speakers.
 */
import { centroidOf, cosineSimilarity, type Centroid, type EmbeddingPiece } from './voiceprint';
import type { Turn } from './types';

export interface Piece {
  speaker: number;
  start: number;
  end: number;
}

/**
 * The stretches to embed per cluster: its turns minus any time another cluster also speaks, cut
 * into pieces of at most `maxPieceSec`, pieces shorter than `minPieceSec` left out (unless the
 * cluster has nothing longer), at most `maxSecPerCluster` seconds per cluster (longest first).
 */
export function centroidPieces(
  turns: readonly Turn[],
  opts: { maxPieceSec?: number; minPieceSec?: number; maxSecPerCluster?: number } = {},
): Piece[] {
  const maxPiece = opts.maxPieceSec ?? 10;
  const minPiece = opts.minPieceSec ?? 0.5;
  const budget = opts.maxSecPerCluster ?? 300;
  const bySpeaker = new Map<number, Piece[]>();
  for (const t of turns) {
    // subtract the other clusters' turns (overlapped speech mixes two voices)
    let parts: [number, number][] = [[t.start, t.end]];
    for (const o of turns) {
      if (o.speaker === t.speaker || o.end <= t.start || o.start >= t.end) continue;
      parts = parts.flatMap(([a, b]): [number, number][] => {
        if (o.end <= a || o.start >= b) return [[a, b]];
        const out: [number, number][] = [];
        if (o.start > a) out.push([a, o.start]);
        if (o.end < b) out.push([o.end, b]);
        return out;
      });
    }
    const list = bySpeaker.get(t.speaker) ?? [];
    for (const [a, b] of parts) {
      const n = Math.max(1, Math.ceil((b - a) / maxPiece));
      for (let i = 0; i < n; i++) list.push({ speaker: t.speaker, start: a + ((b - a) * i) / n, end: a + ((b - a) * (i + 1)) / n });
    }
    bySpeaker.set(t.speaker, list);
  }
  const out: Piece[] = [];
  for (const list of bySpeaker.values()) {
    const sorted = [...list].sort((x, y) => y.end - y.start - (x.end - x.start));
    let kept = sorted.filter((p) => p.end - p.start >= minPiece);
    if (!kept.length && sorted[0] && sorted[0].end - sorted[0].start >= 0.1) kept = [sorted[0]];
    let used = 0;
    for (const p of kept) {
      if (used >= budget) break;
      out.push(p);
      used += p.end - p.start;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface MergeOptions {
  /**
   * A speaker-count hint was given (sherpa-onnx made that many clusters): clusters that are
   * clearly one voice are still merged, but small ones are not folded away.
   */
  hinted?: boolean;
  mergeSimilarity?: number;
  minClusterSec?: number;
  /** A cluster none of whose turns is this long is folded into its nearest (default 2 s). */
  minLongestTurnSec?: number;
  /** Join one speaker's turns separated by less than this (seconds). */
  joinGapSec?: number;
}

export interface MergedClusters {
  turns: Turn[];
  /** Per final speaker (0…K−1): its centroid (or null) and seconds of speech. */
  clusters: { speaker: number; centroid: Centroid | null; speechSec: number; turns: number }[];
}

/**
 * Merges clusters (see the header) and renumbers them 0…K−1 in order of first speech.
 * `embeddings`: the embedded pieces per raw cluster id.
 */
export function mergeClusters(turns: readonly Turn[], embeddings: ReadonlyMap<number, readonly EmbeddingPiece[]>, opts: MergeOptions = {}): MergedClusters {
  const threshold = opts.mergeSimilarity ?? 0.6;
  const minSec = opts.minClusterSec ?? 1;
  const minLongest = opts.minLongestTurnSec ?? 2;
  // groups of raw ids, each with its pieces
  const groups = new Map<number, { ids: number[]; pieces: EmbeddingPiece[]; centroid: Centroid | null; speechSec: number; longest: number }>();
  for (const t of turns) {
    const g = groups.get(t.speaker) ?? { ids: [t.speaker], pieces: [...(embeddings.get(t.speaker) ?? [])], centroid: null, speechSec: 0, longest: 0 };
    g.speechSec += t.end - t.start;
    g.longest = Math.max(g.longest, t.end - t.start);
    groups.set(t.speaker, g);
  }
  for (const g of groups.values()) g.centroid = centroidOf(g.pieces);
  const join = (keep: number, drop: number) => {
    const a = groups.get(keep)!;
    const b = groups.get(drop)!;
    a.ids.push(...b.ids);
    a.pieces.push(...b.pieces);
    a.speechSec += b.speechSec;
    a.longest = Math.max(a.longest, b.longest);
    a.centroid = centroidOf(a.pieces);
    groups.delete(drop);
  };
  const similarity = (x: number, y: number) => {
    const a = groups.get(x)!.centroid;
    const b = groups.get(y)!.centroid;
    return a && b ? cosineSimilarity(a.vector, b.vector) : -Infinity;
  };
  // clusters that are one voice
  for (;;) {
    let best: [number, number, number] | null = null;
    const ids = [...groups.keys()];
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const s = similarity(ids[i]!, ids[j]!);
        if (s >= threshold && (!best || s > best[2])) best = [ids[i]!, ids[j]!, s];
      }
    }
    if (!best) break;
    join(best[0], best[1]);
  }
  if (!opts.hinted) {
    // too little speech (any cluster takes it), or fragments only — no turn of `minLongest` —
    // (a cluster with a real turn takes it): not a speaker of its own
    const solid = (k: number) => {
      const g = groups.get(k)!;
      return g.speechSec >= minSec && g.longest >= minLongest;
    };
    for (let folded = true; folded && groups.size > 1; ) {
      folded = false;
      const weak = [...groups.entries()].filter(([k]) => !solid(k)).sort((a, b) => a[1].speechSec - b[1].speechSec);
      for (const [id, g] of weak) {
        const others = [...groups.keys()].filter((k) => k !== id && (g.speechSec < minSec || solid(k)));
        if (!others.length) continue;
        let target = others.sort((a, b) => similarity(id, b) - similarity(id, a))[0]!;
        if (similarity(id, target) === -Infinity) target = nearestInTime(turns, g.ids, others, groups);
        join(target, id);
        folded = true;
        break;
      }
    }
  }
  const owner = new Map<number, number>();
  for (const [key, g] of groups) for (const id of g.ids) owner.set(id, key);
  const relabelled = turns.map((t) => ({ ...t, speaker: owner.get(t.speaker)! })).sort((a, b) => a.start - b.start || a.end - b.end);
  const order = new Map<number, number>();
  for (const t of relabelled) if (!order.has(t.speaker)) order.set(t.speaker, order.size);
  const finalTurns = joinTurns(
    relabelled.map((t) => ({ ...t, speaker: order.get(t.speaker)! })),
    opts.joinGapSec ?? 0,
  );
  const clusters = [...order.entries()]
    .map(([key, speaker]) => {
      const own = finalTurns.filter((t) => t.speaker === speaker);
      return { speaker, centroid: groups.get(key)!.centroid, speechSec: round3(own.reduce((s, t) => s + t.end - t.start, 0)), turns: own.length };
    })
    .sort((a, b) => a.speaker - b.speaker);
  return { turns: finalTurns, clusters };
}

function nearestInTime(turns: readonly Turn[], ids: number[], others: number[], groups: Map<number, { ids: number[] }>): number {
  const mine = turns.filter((t) => ids.includes(t.speaker));
  let best = others[0]!;
  let bestGap = Infinity;
  for (const o of others) {
    const theirs = turns.filter((t) => groups.get(o)!.ids.includes(t.speaker));
    for (const a of mine) {
      for (const b of theirs) {
        const gap = Math.max(0, b.start - a.end, a.start - b.end);
        if (gap < bestGap) [best, bestGap] = [o, gap];
      }
    }
  }
  return best;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** One speaker's overlapping or touching turns (gap < `gapSec`) joined; sorted by start. */
export function joinTurns(turns: readonly Turn[], gapSec: number): Turn[] {
  const out: Turn[] = [];
  const last = new Map<number, Turn>();
  for (const t of [...turns].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const prev = last.get(t.speaker);
    if (prev && t.start - prev.end < gapSec + 1e-9 && !out.some((o) => o !== prev && o.speaker !== t.speaker && o.start >= prev.end && o.end <= t.start)) {
      prev.end = Math.max(prev.end, t.end);
      continue;
    }
    const copy = { start: round3(t.start), end: round3(t.end), speaker: t.speaker };
    out.push(copy);
    last.set(t.speaker, copy);
  }
  for (const t of out) t.end = round3(t.end);
  return out;
}
