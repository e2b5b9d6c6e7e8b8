/**
 * Tests of the window planner (main/core/transcription/windows.ts): merge, skip, packing,
 * cuts at silence, the split of speech longer than a window, widening, the no-VAD plan,
 * resume trimming, and the invariants of any plan on random input.
 */
import { describe, expect, it } from 'vitest';
import {
  normalizeSegments,
  planWindows,
  planWithoutVad,
  resumeWindows,
  type AudioWindow,
  type PlanOptions,
  type TimeSpan,
  type WindowPlan,
} from '../../../main/core/transcription/windows';

const seg = (startSec: number, endSec: number): TimeSpan => ({ startSec, endSec });
const spans = (p: WindowPlan): [number, number][] => p.windows.map((w) => [w.startSec, w.endSec]);
/** The plan's windows are these [start, end] pairs (to 1e-9 s: float sums). */
function expectSpans(p: WindowPlan, expected: [number, number][]): void {
  const got = spans(p);
  expect(got.length, JSON.stringify(got)).toBe(expected.length);
  got.forEach(([a, b], i) => {
    expect(a).toBeCloseTo(expected[i]![0], 9);
    expect(b).toBeCloseTo(expected[i]![1], 9);
  });
}

/** Checks what must hold for every plan. */
function checkInvariants(plan: WindowPlan, segments: TimeSpan[], durationSec: number, o: Required<Pick<PlanOptions, 'maxWindowSec' | 'mergeGapSec' | 'packGapSec'>>): void {
  const ws = plan.windows;
  const eps = 1e-9;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    expect(w.endSec).toBeGreaterThan(w.startSec);
    expect(w.startSec).toBeGreaterThanOrEqual(0);
    expect(w.endSec).toBeLessThanOrEqual(durationSec + eps);
    expect(w.endSec - w.startSec).toBeLessThanOrEqual(o.maxWindowSec + eps);
    if (i > 0) {
      const prev = ws[i - 1]!;
      expect(w.startSec).toBeGreaterThanOrEqual(prev.endSec - eps); // ordered, no overlap
      expect(prev.forcedEnd).toBe(w.forcedStart && w.startSec === prev.endSec);
    }
  }
  const norm = normalizeSegments(segments, durationSec);
  // every bit of speech is in a window
  for (const s of norm) {
    let t = s.startSec;
    for (const w of ws) if (w.startSec <= t + eps && w.endSec > t) t = w.endSec;
    expect(t, `speech ${s.startSec}–${s.endSec} covered`).toBeGreaterThanOrEqual(s.endSec - eps);
  }
  // a cut inside speech is flagged; every other boundary is at silence
  for (const w of ws) {
    const inside = (t: number): boolean => norm.some((s) => s.startSec < t - eps && t + eps < s.endSec);
    if (!w.forcedStart) expect(inside(w.startSec), `start ${w.startSec} at silence`).toBe(false);
    if (!w.forcedEnd) expect(inside(w.endSec), `end ${w.endSec} at silence`).toBe(false);
  }
  // every window has speech in it
  for (const w of ws) expect(norm.some((s) => s.endSec > w.startSec && s.startSec < w.endSec), `speech in ${w.startSec}–${w.endSec}`).toBe(true);
  // no long non-speech inside a window (between two of its speech segments)
  const maxGap = Math.max(o.mergeGapSec, o.packGapSec);
  for (const w of ws) {
    const within = norm.filter((s) => s.endSec > w.startSec && s.startSec < w.endSec);
    for (let k = 1; k < within.length; k++) expect(within[k]!.startSec - within[k - 1]!.endSec).toBeLessThanOrEqual(maxGap + eps);
  }
  const covered = ws.reduce((sum, w) => sum + w.endSec - w.startSec, 0);
  expect(plan.coveredSec).toBeCloseTo(covered, 9);
  expect(plan.coveredSec + plan.skippedSec).toBeCloseTo(durationSec, 9);
  expect(plan.forcedCuts).toBe(ws.filter((w) => w.forcedEnd).length);
}

const DEF = { maxWindowSec: 300, mergeGapSec: 2, packGapSec: 6 };

describe('planWindows', () => {
  it('merges segments separated by short gaps, gaps included', () => {
    const segs = [seg(10, 14), seg(15.5, 20), seg(21.9, 25)];
    const p = planWindows(segs, 600, { passSec: 0 });
    expectSpans(p, [[10, 25]]);
    expect(p.speechSec).toBeCloseTo(4 + 4.5 + 3.1, 9);
    checkInvariants(p, segs, 600, DEF);
  });

  it('skips long non-speech entirely, keeping absolute times', () => {
    const segs = [seg(3600.5, 3640), seg(3700, 3712.25), seg(7000, 7010)];
    const p = planWindows(segs, 7200);
    expectSpans(p, [
      [3600.5, 3640],
      [3700, 3712.25],
      [7000, 7010],
    ]);
    expect(p.coveredSec).toBeCloseTo(39.5 + 12.25 + 10, 9);
    expect(p.skippedSec).toBeCloseTo(7200 - p.coveredSec, 9);
    expect(p.forcedCuts).toBe(0);
    checkInvariants(p, segs, 7200, DEF);
  });

  it('packs neighbours when that saves Whisper passes, but never over a long gap', () => {
    // 3 utterances 4 s apart: one pass instead of three
    const segs = [seg(100, 104), seg(108, 112), seg(116, 120)];
    expectSpans(planWindows(segs, 300), [[100, 120]]);
    // packing off: three windows
    expectSpans(planWindows(segs, 300, { passSec: 0 }), [
      [100, 104],
      [108, 112],
      [116, 120],
    ]);
    // a 10 s gap (music, applause) is skipped even though the whole would fit in 30 s
    expectSpans(planWindows([seg(100, 104), seg(114, 118)], 300), [
      [100, 104],
      [114, 118],
    ]);
    // only when it saves a pass: 50 s + 4 s + 3 s is 2 passes instead of 3 …
    expectSpans(planWindows([seg(0, 50), seg(54, 57)], 100), [[0, 57]]);
    // … but 25 s + 4 s + 11 s is 2 passes either way: the gap is skipped
    expectSpans(planWindows([seg(0, 25), seg(29, 40)], 100), [
      [0, 25],
      [29, 40],
    ]);
    const many = [seg(0, 8), seg(12, 20), seg(24, 32), seg(36, 44)];
    expectSpans(planWindows(many, 100), [
      [0, 20],
      [24, 44],
    ]);
    checkInvariants(planWindows(many, 100), many, 100, DEF);
  });

  it('cuts a long stretch of speech at pauses, preferring the longest pause late in the window', () => {
    // 10 s sentences with 0.3 s pauses, and one 1.8 s pause (241.6–243.4 s)
    const segs: TimeSpan[] = [];
    let t = 5;
    while (t < 900) {
      segs.push(seg(t, t + 10));
      t += t + 10 < 249 && t + 10 > 240 ? 11.8 : 10.3;
    }
    const long = segs.find((s, i) => i > 0 && s.startSec - segs[i - 1]!.endSec > 1)!;
    const pauseMid = (long.startSec + segs[segs.indexOf(long) - 1]!.endSec) / 2;
    const dur = 1000;
    const p = planWindows(segs, dur);
    expect(p.forcedCuts).toBe(0);
    expect(p.windows.length).toBeGreaterThanOrEqual(3);
    expect(p.windows[0]!.endSec).toBeCloseTo(pauseMid, 9);
    // the pieces of one stretch touch: nothing between them is lost
    for (let i = 1; i < p.windows.length; i++) expect(p.windows[i]!.startSec).toBe(p.windows[i - 1]!.endSec);
    checkInvariants(p, segs, dur, DEF);
  });

  it('a cut in a long pause does not leave a window of nothing behind it', () => {
    const segs = [seg(0, 200), seg(206, 600)];
    const p = planWindows(segs, 600, { mergeGapSec: 10 });
    expectSpans(p, [
      [0, 203],
      [203, 503],
      [503, 600],
    ]);
    expect(p.windows.map((w) => w.forcedEnd)).toEqual([false, true, false]);
    checkInvariants(p, segs, 600, { ...DEF, mergeGapSec: 10 });
  });

  it('touching segments (padding split by the VAD) are a valid cut point', () => {
    const segs: TimeSpan[] = [];
    for (let t = 0; t < 700; t += 7) segs.push(seg(t, t + 7)); // no gap at all, 7 s each
    const p = planWindows(segs, 700);
    expect(p.forcedCuts).toBe(0);
    for (const w of p.windows) expect(Math.abs(w.startSec / 7 - Math.round(w.startSec / 7))).toBeLessThan(1e-9);
    checkInvariants(p, segs, 700, DEF);
  });

  it('splits one speech segment longer than a window at maxWindowSec, and says so', () => {
    const p = planWindows([seg(50, 750)], 800);
    expectSpans(p, [
      [50, 350],
      [350, 650],
      [650, 750],
    ]);
    expect(p.forcedCuts).toBe(2);
    expect(p.windows.map((w) => [w.forcedStart, w.forcedEnd])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
    checkInvariants(p, [seg(50, 750)], 800, DEF);
    // never leaves a sliver shorter than minWindowSec
    const q = planWindows([seg(0, 601)], 601);
    expectSpans(q, [
      [0, 300],
      [300, 599.5],
      [599.5, 601],
    ]);
  });

  it('uses a pause inside an over-long stretch when there is one, even early', () => {
    // 0–100 speech, 0.5 s pause, then 100.5–500 speech: cut at the pause, then a forced cut
    const segs = [seg(0, 100), seg(100.5, 500)];
    const p = planWindows(segs, 500);
    expect(p.windows[0]!.endSec).toBeCloseTo(100.25, 9);
    expect(p.windows[0]!.forcedEnd).toBe(false);
    expect(p.forcedCuts).toBe(1);
    checkInvariants(p, segs, 500, DEF);
  });

  it('widens windows too short for whisper.cpp into the silence around them', () => {
    expectSpans(planWindows([seg(100, 100.4)], 300), [[99.45, 100.95]]);
    expectSpans(planWindows([seg(0, 0.3)], 300), [[0, 1.5]]);
    expectSpans(planWindows([seg(299.8, 300)], 300), [[298.5, 300]]);
    expectSpans(planWindows([seg(0.2, 0.5)], 0.9), [[0, 0.9]]); // the whole recording
    expectSpans(planWindows([seg(100, 100.4)], 300, { minWindowSec: 0 }), [[100, 100.4]]);
  });

  it('padSec adds context from the skipped parts, never over a neighbour', () => {
    const p = planWindows([seg(10, 20), seg(40, 50), seg(51.5 + 10, 70)], 71, { padSec: 1, passSec: 0 });
    expectSpans(p, [
      [9, 21],
      [39, 51],
      [60.5, 71],
    ]);
    const close = planWindows([seg(10, 20), seg(22.5, 30)], 40, { padSec: 1, mergeGapSec: 2, passSec: 0 });
    expectSpans(close, [
      [9, 21],
      [21.5, 31],
    ]);
    const tight = planWindows([seg(10, 20), seg(22.5, 30)], 40, { padSec: 2, mergeGapSec: 2, passSec: 0 });
    expectSpans(tight, [
      [8, 21.25],
      [21.25, 32],
    ]);
  });

  it('normalizes its input: unsorted, overlapping, outside the recording, invalid', () => {
    const segs = [seg(30, 40), seg(-5, 2), seg(35, 45), seg(NaN, 3), seg(90, 120), seg(7, 7)];
    expect(normalizeSegments(segs, 100)).toEqual([seg(0, 2), seg(30, 45), seg(90, 100)]);
    const p = planWindows(segs, 100, { passSec: 0 });
    expectSpans(p, [
      [0, 2],
      [30, 45],
      [90, 100],
    ]);
    expect(p.speechSec).toBe(2 + 15 + 10);
    expect(segs[0]).toEqual(seg(30, 40)); // input untouched
  });

  it('no speech: no windows, everything skipped', () => {
    const p = planWindows([], 3600);
    expect(p.windows).toEqual([]);
    expect(p.skippedSec).toBe(3600);
    expect(planWindows([seg(1, 2)], 0).windows).toEqual([]);
  });

  it('refuses nonsense options', () => {
    expect(() => planWindows([], -1)).toThrow(RangeError);
    expect(() => planWindows([], NaN)).toThrow(RangeError);
    expect(() => planWindows([], 10, { maxWindowSec: 0 })).toThrow(RangeError);
    expect(() => planWindows([], 10, { mergeGapSec: -1 })).toThrow(RangeError);
    expect(() => planWindows([], 10, { maxWindowSec: 2, minWindowSec: 1.5 })).toThrow(RangeError);
  });

  it('holds its invariants on random input', () => {
    let a = 12345;
    const r = (): number => {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      return a / 4294967296;
    };
    let windows = 0;
    let forced = 0;
    for (let trial = 0; trial < 300; trial++) {
      const dur = 10 + r() * 4000;
      const segs: TimeSpan[] = [];
      let t = r() * 20;
      while (t < dur) {
        const len = r() < 0.05 ? r() * 600 : 0.1 + r() * 20;
        segs.push(seg(t, t + len));
        t += len + (r() < 0.3 ? r() * 60 : r() * 3);
      }
      const o = {
        maxWindowSec: [30, 120, 300][Math.floor(r() * 3)]!,
        mergeGapSec: r() * 4,
        passSec: r() < 0.3 ? 0 : [30, 10][Math.floor(r() * 2)]!,
        packGapSec: r() * 8,
        padSec: r() < 0.5 ? 0 : r() * 1,
        minWindowSec: r() * 3,
      };
      const p = planWindows(segs, dur, o);
      checkInvariants(p, segs, dur, o);
      windows += p.windows.length;
      forced += p.forcedCuts;
    }
    expect(windows).toBeGreaterThan(1000);
    expect(forced).toBeGreaterThan(10); // the long-segment path ran
  });
});

describe('planWithoutVad', () => {
  it('covers the whole recording in equal windows of at most maxWindowSec', () => {
    const p = planWithoutVad(1000, 300);
    expectSpans(p, [
      [0, 250],
      [250, 500],
      [500, 750],
      [750, 1000],
    ]);
    expect(p.coveredSec).toBe(1000);
    expect(p.skippedSec).toBe(0);
    expect(p.forcedCuts).toBe(3);
    expect(p.windows[0]).toMatchObject({ forcedStart: false, forcedEnd: true });
    expect(p.windows[3]).toMatchObject({ forcedStart: true, forcedEnd: false });
    expectSpans(planWithoutVad(600, 300), [
      [0, 300],
      [300, 600],
    ]);
    expectSpans(planWithoutVad(42), [[0, 42]]);
    expect(planWithoutVad(0).windows).toEqual([]);
    expect(() => planWithoutVad(10, 0)).toThrow(RangeError);
  });
});

describe('resumeWindows', () => {
  const plan: AudioWindow[] = [
    { startSec: 10, endSec: 40, forcedStart: false, forcedEnd: false },
    { startSec: 100, endSec: 400, forcedStart: false, forcedEnd: true },
    { startSec: 400, endSec: 500, forcedStart: true, forcedEnd: false },
    { startSec: 900, endSec: 930, forcedStart: false, forcedEnd: false },
  ];

  it('drops what is done and trims the window in progress; nothing starts before the resume point', () => {
    const copy = structuredClone(plan);
    const r = resumeWindows(plan, 123.45);
    expect(r).toEqual([
      { startSec: 123.45, endSec: 400, forcedStart: false, forcedEnd: true },
      plan[2],
      plan[3],
    ]);
    expect(plan).toEqual(copy); // input untouched
    for (const t of [0, 10, 39.9, 40, 70, 400, 499.99, 500, 915, 930, 1e6]) {
      const rest = resumeWindows(plan, t);
      for (const w of rest) {
        expect(w.startSec).toBeGreaterThanOrEqual(t);
        expect(w.endSec).toBeGreaterThan(w.startSec);
      }
      // what remains is exactly the plan's audio after t
      const after = plan.reduce((s, w) => s + Math.max(0, w.endSec - Math.max(w.startSec, t)), 0);
      expect(rest.reduce((s, w) => s + w.endSec - w.startSec, 0)).toBeCloseTo(after, 9);
    }
    expect(resumeWindows(plan, 0)).toEqual(plan);
    expect(resumeWindows(plan, 40)).toEqual(plan.slice(1)); // a window ending at the resume point is done
    expect(resumeWindows(plan, 930)).toEqual([]);
    expect(() => resumeWindows(plan, NaN)).toThrow(RangeError);
  });
});
