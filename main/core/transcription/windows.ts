/**
 * The window planner: which spans of a recording the Whisper engine is fed.
 *
 * Owns: `planWindows` (speech segments from the VAD → windows cut at silence, long non-speech
 * stretches skipped), `planWithoutVad` (fixed windows over the whole recording, the no-VAD path
 * and benchmarks) and `resumeWindows` (the rest of a plan after a crash). Pure functions: no
 * I/O, no audio. See docs/vad.md.
 *
 * Times are absolute seconds of the original recording: a window is fed with
 * `timeOffsetMs = startSec * 1000`, so Whisper's timestamps need no remapping. Windows are
 * ordered and never overlap (consecutive pieces of one long stretch of speech touch).
 */

/** A span in seconds (the VAD's `SpeechSegment` is one). */
export interface TimeSpan {
  startSec: number;
  endSec: number;
}

export interface AudioWindow extends TimeSpan {
  /** The window starts inside a speech segment (a speech segment longer than `maxWindowSec`, or no VAD). */
  forcedStart: boolean;
  /** The window ends inside a speech segment; the next window continues it. */
  forcedEnd: boolean;
}

export interface WindowPlan {
  windows: AudioWindow[];
  durationSec: number;
  /** Sum of the windows' lengths: the audio Whisper will read. */
  coveredSec: number;
  /** `durationSec − coveredSec`: audio never fed to Whisper. */
  skippedSec: number;
  /** Speech in the input segments (clipped to the recording, overlaps counted once). */
  speechSec: number;
  /** Cuts made inside speech because a segment was longer than `maxWindowSec` (0 = every cut is at silence). */
  forcedCuts: number;
}

export interface PlanOptions {
  /** Longest window (default 300 s). */
  maxWindowSec?: number;
  /** Segments closer than this are in one window, the gap included (default 2 s). */
  mergeGapSec?: number;
  /**
   * Audio Whisper encodes per pass (default 30 s; 0 disables packing). A pass costs the same
   * whatever part of it is audio, so a 3 s window costs as much as a 30 s one: neighbouring
   * windows are joined, gap included, when that takes fewer passes than feeding them apart
   * (and the gap is at most `packGapSec`).
   */
  passSec?: number;
  /** Largest gap packing may swallow (default 6 s); longer non-speech is always skipped. */
  packGapSec?: number;
  /** Extra audio taken from the skipped parts around each window (default 0: the VAD pads already). */
  padSec?: number;
  /**
   * Shortest window (default 1.5 s): shorter ones are widened into the surrounding non-speech.
   * whisper.cpp returns nothing for input under 1 s ("input is too short").
   */
  minWindowSec?: number;
}

export const DEFAULT_PLAN_OPTIONS: Readonly<Required<PlanOptions>> = Object.freeze({
  maxWindowSec: 300,
  mergeGapSec: 2,
  passSec: 30,
  packGapSec: 6,
  padSec: 0,
  minWindowSec: 1.5,
});

/** A stretch fed as one unit before splitting: its bounds and the speech inside. */
interface Group {
  start: number;
  end: number;
  segs: TimeSpan[];
}

function resolveOptions(o: PlanOptions): Required<PlanOptions> {
  const r = { ...DEFAULT_PLAN_OPTIONS, ...stripUndefined(o) };
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new RangeError(`planWindows: ${what}`);
  };
  check(Number.isFinite(r.maxWindowSec) && r.maxWindowSec > 0, 'maxWindowSec must be > 0');
  for (const k of ['mergeGapSec', 'passSec', 'packGapSec', 'padSec', 'minWindowSec'] as const) {
    check(Number.isFinite(r[k]) && r[k] >= 0, `${k} must be a finite number ≥ 0`);
  }
  check(r.maxWindowSec >= 2 * r.minWindowSec, 'maxWindowSec must be at least 2 × minWindowSec');
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkDuration(durationSec: number, fn: string): void {
  if (!Number.isFinite(durationSec) || durationSec < 0) throw new RangeError(`${fn}: durationSec must be a finite number ≥ 0`);
}

/** Clips to [0, duration], drops empty and invalid spans, sorts, and unites overlapping ones. */
export function normalizeSegments(segments: readonly TimeSpan[], durationSec: number): TimeSpan[] {
  const clipped: TimeSpan[] = [];
  for (const s of segments) {
    if (!Number.isFinite(s.startSec) || !Number.isFinite(s.endSec)) continue;
    const startSec = Math.max(0, s.startSec);
    const endSec = Math.min(durationSec, s.endSec);
    if (endSec > startSec) clipped.push({ startSec, endSec });
  }
  clipped.sort((a, b) => a.startSec - b.startSec || a.endSec - b.endSec);
  const out: TimeSpan[] = [];
  for (const s of clipped) {
    const last = out[out.length - 1];
    if (last && s.startSec < last.endSec) last.endSec = Math.max(last.endSec, s.endSec);
    else out.push({ ...s });
  }
  return out;
}

/**
 * Plans the windows of one recording from its speech segments.
 *
 * 1. Segments closer than `mergeGapSec` form one stretch; longer gaps are skipped.
 * 2. Neighbouring stretches are joined when that takes fewer Whisper passes (`passSec`) and the
 *    gap is at most `packGapSec`.
 * 3. Each stretch gets `padSec` of context on both sides (never over a neighbour).
 * 4. A stretch longer than `maxWindowSec` is split at a pause: the longest one in the second half
 *    of the allowed length (else the latest one), never leaving a piece shorter than
 *    `minWindowSec`. Only when the allowed span is all one speech segment is it cut inside
 *    speech, at `maxWindowSec` (`forcedEnd`/`forcedStart`, counted in `forcedCuts`): without the
 *    audio there is no lowest-energy point to choose.
 * 5. Windows shorter than `minWindowSec` are widened into the non-speech around them.
 */
export function planWindows(segments: readonly TimeSpan[], durationSec: number, opts: PlanOptions = {}): WindowPlan {
  checkDuration(durationSec, 'planWindows');
  const o = resolveOptions(opts);
  const segs = normalizeSegments(segments, durationSec);
  const speechSec = segs.reduce((sum, s) => sum + (s.endSec - s.startSec), 0);

  // 1. stretches of speech with short gaps
  let groups: Group[] = [];
  for (const s of segs) {
    const g = groups[groups.length - 1];
    if (g && s.startSec - g.end <= o.mergeGapSec) {
      g.end = s.endSec;
      g.segs.push(s);
    } else {
      groups.push({ start: s.startSec, end: s.endSec, segs: [s] });
    }
  }

  // 2. pack neighbours when that saves Whisper passes
  if (o.passSec > 0) {
    const passes = (sec: number): number => Math.max(1, Math.ceil(sec / o.passSec - 1e-9));
    const packed: Group[] = [];
    for (const g of groups) {
      const last = packed[packed.length - 1];
      const joined = last ? g.end - last.start : Infinity;
      if (
        last &&
        g.start - last.end <= o.packGapSec &&
        joined <= o.maxWindowSec &&
        passes(joined) < passes(last.end - last.start) + passes(g.end - g.start)
      ) {
        last.end = g.end;
        last.segs.push(...g.segs);
      } else {
        packed.push(g);
      }
    }
    groups = packed;
  }

  // 3. context around each stretch, taken from the gaps (half a gap at most when they are close)
  if (o.padSec > 0) {
    const bounds = groups.map((g) => [g.start, g.end] as const);
    groups.forEach((g, i) => {
      const prevEnd = bounds[i - 1]?.[1];
      const nextStart = bounds[i + 1]?.[0];
      const lo = prevEnd === undefined ? 0 : (prevEnd + g.start) / 2;
      const hi = nextStart === undefined ? durationSec : (g.end + nextStart) / 2;
      g.start = Math.max(lo, g.start - o.padSec);
      g.end = Math.min(hi, g.end + o.padSec);
    });
  }

  // 4. split what is too long
  const windows: AudioWindow[] = [];
  for (const g of groups) windows.push(...splitGroup(g, o.maxWindowSec, o.minWindowSec));

  // 5. widen windows too short for Whisper
  widenShort(windows, durationSec, o.minWindowSec);

  return summarize(windows, durationSec, speechSec);
}

/** Pieces of one stretch, each at most `max` long, cut at pauses wherever possible. */
function splitGroup(g: Group, max: number, minW: number): AudioWindow[] {
  const out: AudioWindow[] = [];
  if (g.end - g.start <= max) return [{ startSec: g.start, endSec: g.end, forcedStart: false, forcedEnd: false }];
  // the pauses between segments, as [a, b]: any point in there is a cut at silence (cutting in
  // the padding at either end would only make a window of nothing)
  const gaps: [number, number][] = [];
  for (let k = 1; k < g.segs.length; k++) {
    gaps.push([(g.segs[k - 1] as TimeSpan).endSec, (g.segs[k] as TimeSpan).startSec]);
  }

  let pos = g.start;
  let forcedAtPos = false;
  let first = 0; // gaps before this index end before `pos`
  while (g.end - pos > max) {
    const limit = pos + max;
    const hiBound = Math.min(limit, g.end - minW);
    const loBound = pos + minW;
    let best: { cut: number; len: number } | undefined;
    let latest: { cut: number; len: number } | undefined;
    while (first < gaps.length && (gaps[first] as [number, number])[1] <= pos) first++;
    for (let k = first; k < gaps.length; k++) {
      const [a, b] = gaps[k] as [number, number];
      if (a > hiBound) break;
      if (a <= pos) continue; // the pause the previous cut was made in
      const lo = Math.max(a, loBound);
      const hi = Math.min(b, hiBound);
      if (lo > hi) continue;
      const cand = { cut: Math.min(Math.max((a + b) / 2, lo), hi), len: b - a };
      if (!latest || cand.cut >= latest.cut) latest = cand;
      if (cand.cut >= pos + max / 2 && (!best || cand.len >= best.len)) best = cand;
    }
    const chosen = best ?? latest;
    const cut = chosen ? chosen.cut : hiBound;
    const forced = !chosen && insideSpeech(g.segs, cut);
    out.push({ startSec: pos, endSec: cut, forcedStart: forcedAtPos, forcedEnd: forced });
    pos = cut;
    forcedAtPos = forced;
  }
  out.push({ startSec: pos, endSec: g.end, forcedStart: forcedAtPos, forcedEnd: false });
  return out;
}

function insideSpeech(segs: readonly TimeSpan[], t: number): boolean {
  return segs.some((s) => s.startSec < t && t < s.endSec);
}

/** Widens windows shorter than `minW` into the free space around them (never over a neighbour). */
function widenShort(windows: AudioWindow[], durationSec: number, minW: number): void {
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i] as AudioWindow;
    const need = minW - (w.endSec - w.startSec);
    if (need <= 0) continue;
    const lo = windows[i - 1]?.endSec ?? 0;
    const hi = windows[i + 1]?.startSec ?? durationSec;
    const after = Math.min(need / 2, hi - w.endSec);
    const before = Math.min(need - after, w.startSec - lo);
    w.startSec -= before;
    w.endSec += Math.min(need - after - before, hi - w.endSec - after) + after;
  }
}

function summarize(windows: AudioWindow[], durationSec: number, speechSec: number): WindowPlan {
  const coveredSec = windows.reduce((sum, w) => sum + (w.endSec - w.startSec), 0);
  return {
    windows,
    durationSec,
    coveredSec,
    skippedSec: Math.max(0, durationSec - coveredSec),
    speechSec,
    forcedCuts: windows.filter((w) => w.forcedEnd).length,
  };
}

/**
 * The no-VAD plan: the whole recording in equal windows of at most `maxWindowSec` (equal so
 * that the last one is not a sliver). Every inner cut is blind (`forcedEnd`/`forcedStart`).
 */
export function planWithoutVad(durationSec: number, maxWindowSec = DEFAULT_PLAN_OPTIONS.maxWindowSec): WindowPlan {
  checkDuration(durationSec, 'planWithoutVad');
  if (!Number.isFinite(maxWindowSec) || maxWindowSec <= 0) throw new RangeError('planWithoutVad: maxWindowSec must be > 0');
  const windows: AudioWindow[] = [];
  if (durationSec > 0) {
    const n = Math.ceil(durationSec / maxWindowSec);
    for (let i = 0; i < n; i++) {
      windows.push({
        startSec: (durationSec * i) / n,
        endSec: i === n - 1 ? durationSec : (durationSec * (i + 1)) / n,
        forcedStart: i > 0,
        forcedEnd: i < n - 1,
      });
    }
  }
  return summarize(windows, durationSec, durationSec);
}

/**
 * The part of a plan still to do when a job resumes at `resumeFromSec` (the end of the last
 * segment in the journal): windows ending at or before it are dropped, the one containing it
 * starts at it. Nothing returned starts before `resumeFromSec`. The input is not modified.
 */
export function resumeWindows(windows: readonly AudioWindow[], resumeFromSec: number): AudioWindow[] {
  if (Number.isNaN(resumeFromSec)) throw new RangeError('resumeWindows: resumeFromSec is NaN');
  const out: AudioWindow[] = [];
  for (const w of windows) {
    if (w.endSec <= resumeFromSec) continue;
    out.push(w.startSec >= resumeFromSec ? { ...w } : { ...w, startSec: resumeFromSec });
  }
  return out;
}
