/**
 * Speaker turns onto transcript segments (pure).
 *
 * Owns: labelling each segment with the speaker it overlaps most, and splitting a segment whose
 * words change speaker at the word where the change happens (words carry times: see
 * docs/archive-format.md). A change shorter than `minRunSec` (a word or two the diarization
 * attributes to someone else mid-sentence) is not a split: those words follow their neighbours.
 * The parts keep the segment's id for the first part and get `<id>-2`, `<id>-3`… for the others;
 * their text is cut at the same word (the segment's own text, which may carry glossary
 * replacements, when its words line up with it; the words' text otherwise).
 *
 * Segments without words (imported SRT, hand-edited) are labelled whole. Which label id a
 * speaker maps to is the caller's (`labelFor`), so a label a person already named keeps its id.
 */
import type { TranscriptWord } from '../../api/schemas';
import type { Turn } from './types';

export interface SegmentLike {
  id: string;
  start: number;
  end: number;
  text: string;
  words: TranscriptWord[];
  speaker: string | null;
}

export interface AssignOptions {
  /** Label id of a speaker (default `p${speaker + 1}`). */
  labelFor?: (speaker: number) => string;
  /** A run of words shorter than this does not split a segment (default 1 s). */
  minRunSec?: number;
  /** A segment or word with no overlapping turn takes a turn this close (default 0.5 s). */
  snapSec?: number;
}

function overlapBySpeaker(turns: readonly Turn[], start: number, end: number): Map<number, number> {
  const m = new Map<number, number>();
  for (const t of turns) {
    const o = Math.min(end, t.end) - Math.max(start, t.start);
    if (o > 0) m.set(t.speaker, (m.get(t.speaker) ?? 0) + o);
  }
  return m;
}

/** The speaker who speaks most within [start, end]; else the nearest turn within `snap`; else null. */
export function speakerAt(turns: readonly Turn[], start: number, end: number, snap = 0.5): number | null {
  let s = start;
  let e = end;
  if (e <= s) {
    s -= 0.01;
    e = s + 0.02;
  }
  let best: number | null = null;
  let most = 0;
  for (const [speaker, o] of overlapBySpeaker(turns, s, e)) {
    if (o > most) [best, most] = [speaker, o];
  }
  if (best !== null) return best;
  let gap = snap;
  for (const t of turns) {
    const g = Math.max(t.start - e, s - t.end);
    if (g <= gap) [best, gap] = [t.speaker, g];
  }
  return best;
}

/** The segment's text cut into one piece per word when its whitespace tokens line up with the words. */
function textPerWord(segment: SegmentLike): string[] | null {
  const tokens = segment.text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length !== segment.words.length) return null;
  return tokens;
}

export function assignSpeakers(segments: readonly SegmentLike[], turns: readonly Turn[], opts: AssignOptions = {}): SegmentLike[] {
  const labelFor = opts.labelFor ?? ((s: number) => `p${s + 1}`);
  const minRun = opts.minRunSec ?? 1;
  const snap = opts.snapSec ?? 0.5;
  const label = (s: number | null) => (s === null ? null : labelFor(s));
  const out: SegmentLike[] = [];
  for (const seg of segments) {
    if (!seg.words.length) {
      out.push({ ...seg, speaker: label(speakerAt(turns, seg.start, seg.end, snap)) });
      continue;
    }
    // each word's speaker; a word nobody covers follows the previous one (or the next)
    const who: (number | null)[] = seg.words.map((w) => speakerAt(turns, w.start, w.end, snap));
    for (let i = 1; i < who.length; i++) if (who[i] === null) who[i] = who[i - 1]!;
    for (let i = who.length - 2; i >= 0; i--) if (who[i] === null) who[i] = who[i + 1]!;
    // runs of one speaker; short runs join the longer neighbour
    type Run = { speaker: number | null; from: number; to: number };
    let runs: Run[] = [];
    who.forEach((s, i) => {
      const last = runs.at(-1);
      if (last && last.speaker === s) last.to = i;
      else runs.push({ speaker: s, from: i, to: i });
    });
    const dur = (r: Run) => seg.words[r.to]!.end - seg.words[r.from]!.start;
    for (;;) {
      if (runs.length < 2) break;
      const shortest = runs.reduce((a, r) => (dur(r) < dur(a) ? r : a), runs[0]!);
      if (dur(shortest) >= minRun) break;
      const k = runs.indexOf(shortest);
      const prev = runs[k - 1];
      const next = runs[k + 1];
      const into = !next || (prev && dur(prev) >= dur(next)) ? prev! : next;
      into.from = Math.min(into.from, shortest.from);
      into.to = Math.max(into.to, shortest.to);
      runs.splice(k, 1);
      // neighbours of one speaker become one run
      runs = runs.reduce<Run[]>((acc, r) => {
        const l = acc.at(-1);
        if (l && l.speaker === r.speaker) l.to = r.to;
        else acc.push({ ...r });
        return acc;
      }, []);
    }
    if (runs.length === 1) {
      out.push({ ...seg, speaker: label(runs[0]!.speaker) });
      continue;
    }
    const pieces = textPerWord(seg);
    const wordsText = (from: number, to: number) => seg.words.slice(from, to + 1).map((w) => w.text.trim()).join(' ');
    runs.forEach((r, k) => {
      const words = seg.words.slice(r.from, r.to + 1);
      const text = pieces ? pieces.slice(r.from, r.to + 1).join(' ') : wordsText(r.from, r.to);
      out.push({
        id: k === 0 ? seg.id : `${seg.id}-${k + 1}`.slice(0, 31),
        start: k === 0 ? seg.start : words[0]!.start,
        end: k === runs.length - 1 ? seg.end : words.at(-1)!.end,
        text,
        words,
        speaker: label(r.speaker),
      });
    });
  }
  return out;
}
