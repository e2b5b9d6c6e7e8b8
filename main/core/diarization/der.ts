/**
 * Diarization error rate (pure), as NIST's md-eval and pyannote.metrics define it:
 *
 *   DER = (missed speech + false alarm + speaker confusion) / total reference speech
 *
 * over the scored time, with hypothesis speakers mapped one-to-one onto reference speakers so
 * that their co-speaking time is largest (Hungarian algorithm). Overlapped speech counts once per
 * speaker. A `collar` (seconds) around every reference turn boundary is not scored (0.25 s is
 * the usual choice; 0 scores everything).
 */

export interface LabelledTurn {
  start: number;
  end: number;
  speaker: string | number;
}

export interface DerResult {
  der: number;
  missed: number;
  falseAlarm: number;
  confusion: number;
  /** Scored reference speech (seconds, per speaker). */
  total: number;
  /** Hypothesis speaker → reference speaker. */
  mapping: Map<string, string>;
}

/** Maximum-weight one-to-one assignment (rows to columns) of a rectangular matrix. */
export function maxAssignment(weights: number[][]): number[] {
  const rows = weights.length;
  const cols = weights[0]?.length ?? 0;
  const n = Math.max(rows, cols);
  if (n === 0) return [];
  let max = 0;
  for (const r of weights) for (const w of r) max = Math.max(max, w);
  // Hungarian algorithm (min-cost) on cost = max − weight, padded square
  const cost = (i: number, j: number) => (i < rows && j < cols ? max - weights[i]![j]! : max);
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(n + 1).fill(0);
  const p = new Array<number>(n + 1).fill(0);
  const way = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(n + 1).fill(Infinity);
    const used = new Array<boolean>(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0);
  }
  const out = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j]! - 1 < rows && j - 1 < cols) out[p[j]! - 1] = j - 1;
  return out;
}

export function diarizationErrorRate(reference: readonly LabelledTurn[], hypothesis: readonly LabelledTurn[], opts: { collar?: number } = {}): DerResult {
  const collar = opts.collar ?? 0;
  const ref = reference.filter((t) => t.end > t.start).map((t) => ({ ...t, speaker: String(t.speaker) }));
  const hyp = hypothesis.filter((t) => t.end > t.start).map((t) => ({ ...t, speaker: String(t.speaker) }));
  const excluded: [number, number][] = collar > 0 ? ref.flatMap((t) => [[t.start - collar, t.start + collar] as [number, number], [t.end - collar, t.end + collar] as [number, number]]) : [];
  const cuts = new Set<number>();
  for (const t of [...ref, ...hyp]) cuts.add(t.start).add(t.end);
  for (const [a, b] of excluded) cuts.add(a).add(b);
  const points = [...cuts].sort((a, b) => a - b);
  const refIds = [...new Set(ref.map((t) => t.speaker))];
  const hypIds = [...new Set(hyp.map((t) => t.speaker))];
  type Piece = { dur: number; r: string[]; h: string[] };
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const mid = (a + b) / 2;
    if (excluded.some(([x, y]) => mid > x && mid < y)) continue;
    const r = [...new Set(ref.filter((t) => t.start <= mid && t.end > mid).map((t) => t.speaker))];
    const h = [...new Set(hyp.filter((t) => t.start <= mid && t.end > mid).map((t) => t.speaker))];
    if (r.length || h.length) pieces.push({ dur: b - a, r, h });
  }
  const overlap = hypIds.map(() => refIds.map(() => 0));
  for (const p of pieces) for (const h of p.h) for (const r of p.r) overlap[hypIds.indexOf(h)]![refIds.indexOf(r)]! += p.dur;
  const assign = refIds.length && hypIds.length ? maxAssignment(overlap) : hypIds.map(() => -1);
  const mapping = new Map<string, string>();
  assign.forEach((j, i) => {
    if (j >= 0) mapping.set(hypIds[i]!, refIds[j]!);
  });
  let missed = 0;
  let falseAlarm = 0;
  let confusion = 0;
  let total = 0;
  for (const p of pieces) {
    const nr = p.r.length;
    const nh = p.h.length;
    const correct = p.h.filter((h) => mapping.has(h) && p.r.includes(mapping.get(h)!)).length;
    total += nr * p.dur;
    missed += Math.max(0, nr - nh) * p.dur;
    falseAlarm += Math.max(0, nh - nr) * p.dur;
    confusion += (Math.min(nr, nh) - correct) * p.dur;
  }
  const der = total > 0 ? (missed + falseAlarm + confusion) / total : falseAlarm > 0 ? Infinity : 0;
  return { der, missed, falseAlarm, confusion, total, mapping };
}
