/**
 * The transcript editor's document and every change a person makes to it, as pure functions:
 * correcting text (word times kept where the words still match, estimated between the nearest
 * kept ones where they changed), splitting a segment at the cursor (at the nearest word time, or
 * in proportion to the text), merging with the next, deleting, reverting to the machine text,
 * speaker labels (placeholders "Pembicara 1, 2…", linking to the directory, merging two — e.g.
 * two clusters "Kenali pembicara" found for one voice) and giving segments a speaker. A change returns a new document and shares every untouched segment with the old one
 * (the undo history keeps whole documents cheaply).
 */
import type { EditableSegment, TranscriptLabel, TranscriptSegment, TranscriptWord } from '../../../main/api/schemas';

export interface Doc {
  labels: TranscriptLabel[];
  segments: EditableSegment[];
}

export interface Token {
  text: string;
  /** Character range in the text. */
  from: number;
  to: number;
}

export function tokenize(text: string): Token[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], from: m.index, to: m.index + m[0].length }));
}

/** What a person typed, as one line: no-break spaces and line breaks become spaces. */
export function cleanTyped(text: string): string {
  return text.replace(/[\u00a0\r\n\t]/g, ' ');
}

/** The text as stored: one line, single spaces, trimmed. */
export function tidy(text: string): string {
  return cleanTyped(text).replace(/ {2,}/g, ' ').trim();
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const fold = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The words match the text when there is one per token, spelled the same. */
export function wordsMatch(words: readonly TranscriptWord[], tokens: readonly Token[]): boolean {
  return words.length === tokens.length && words.every((w, i) => w.text === tokens[i]?.text);
}

/**
 * Words for `text` from the words it was written from: words kept at the start and the end
 * (same spelling, case and punctuation aside) keep their times and confidence; the changed words
 * between them share the time of the words they replace (one for one when the count is the
 * same), in proportion to their length. Words a person typed count as certain (p = 1).
 */
export function alignWords(old: readonly TranscriptWord[], text: string, segStart: number, segEnd: number): TranscriptWord[] {
  const tokens = tokenize(text);
  if (old.length === 0 || tokens.length === 0) return [];
  let head = 0;
  while (head < old.length && head < tokens.length && fold(old[head]!.text) === fold(tokens[head]!.text)) head++;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < tokens.length - head &&
    fold(old[old.length - 1 - tail]!.text) === fold(tokens[tokens.length - 1 - tail]!.text)
  ) {
    tail++;
  }
  const out: TranscriptWord[] = [];
  for (let i = 0; i < head; i++) out.push({ ...old[i]!, text: tokens[i]!.text });
  const oldMid = old.slice(head, old.length - tail);
  const newMid = tokens.slice(head, tokens.length - tail);
  if (newMid.length > 0) {
    if (oldMid.length === newMid.length) {
      newMid.forEach((tok, i) => out.push({ ...oldMid[i]!, text: tok.text, p: 1 }));
    } else {
      const from = oldMid[0]?.start ?? (head > 0 ? old[head - 1]!.end : segStart);
      const to = oldMid.at(-1)?.end ?? (tail > 0 ? old[old.length - tail]!.start : segEnd);
      const span = Math.max(0, to - from);
      const chars = newMid.reduce((n, t) => n + t.text.length, 0) || 1;
      let at = from;
      for (const tok of newMid) {
        const len = (span * tok.text.length) / chars;
        out.push({ text: tok.text, start: round3(at), end: round3(at + len), p: 1 });
        at += len;
      }
    }
  }
  for (let i = tail; i > 0; i--) out.push({ ...old[old.length - i]!, text: tokens[tokens.length - i]!.text });
  return out;
}

const timedCache = new WeakMap<EditableSegment, TranscriptWord[] | null>();

/**
 * The segment's words, one per token of its text, with times — or null when it has no word
 * times (an imported file). Words that no longer match the text (replacements made after
 * transcription) are aligned for the screen; the stored words are left as they are.
 */
export function timedWords(seg: EditableSegment): TranscriptWord[] | null {
  const cached = timedCache.get(seg);
  if (cached !== undefined) return cached;
  let out: TranscriptWord[] | null = null;
  if (seg.words.length > 0) {
    const tokens = tokenize(seg.text);
    out = wordsMatch(seg.words, tokens) ? seg.words : alignWords(seg.words, seg.text, seg.start, seg.end);
    if (out.length === 0) out = null;
  }
  timedCache.set(seg, out);
  return out;
}

/** Word times spread over the segment in proportion to the words' length (for merging). */
function proportionalWords(seg: EditableSegment): TranscriptWord[] {
  const tokens = tokenize(seg.text);
  const chars = tokens.reduce((n, t) => n + t.text.length, 0) || 1;
  const span = Math.max(0, seg.end - seg.start);
  let at = seg.start;
  return tokens.map((tok) => {
    const len = (span * tok.text.length) / chars;
    const w = { text: tok.text, start: round3(at), end: round3(at + len), p: 1 };
    at += len;
    return w;
  });
}

/** Change a segment's text; its words follow (see alignWords). */
export function setText(doc: Doc, id: string, text: string): Doc {
  const segments = doc.segments.map((s) => {
    if (s.id !== id || s.text === text) return s;
    const base = timedWords(s);
    return { ...s, text, words: base ? alignWords(base, text, s.start, s.end) : [] };
  });
  return { ...doc, segments };
}

export function indexOf(doc: Doc, id: string): number {
  return doc.segments.findIndex((s) => s.id === id);
}

/** A new segment id, unique in the document (`e` + random: the host's pattern). */
export function newSegmentId(doc: Doc): string {
  const taken = new Set(doc.segments.map((s) => s.id));
  for (;;) {
    const id = `e${Math.random().toString(36).slice(2, 10)}`;
    if (/^[a-z][a-z0-9-]{0,30}$/.test(id) && !taken.has(id)) return id;
  }
}

/**
 * Split a segment at a character offset of its text. The time of the cut is the nearest word
 * boundary (the start or end of the word the cursor is in, or the start of the next word), or,
 * without word times, proportional to the offset. Null when either side would be empty.
 */
export function splitSegment(doc: Doc, id: string, offset: number, newId = newSegmentId(doc)): { doc: Doc; rightId: string } | null {
  const i = indexOf(doc, id);
  const seg = doc.segments[i];
  if (!seg) return null;
  const leftText = tidy(seg.text.slice(0, offset));
  const rightText = tidy(seg.text.slice(offset));
  if (!leftText || !rightText) return null;
  const timed = timedWords(seg);
  let cut: number;
  let leftWords: TranscriptWord[] = [];
  let rightWords: TranscriptWord[] = [];
  if (timed) {
    const tokens = tokenize(seg.text);
    const inside = tokens.findIndex((t) => t.from < offset && offset < t.to);
    const firstRight = tokens.findIndex((t) => t.from >= offset);
    if (inside >= 0) {
      const tok = tokens[inside]!;
      const w = timed[inside]!;
      cut = offset - tok.from <= tok.to - offset ? w.start : w.end;
      leftWords = alignWords(timed.slice(0, inside + 1), leftText, seg.start, cut);
      rightWords = alignWords(timed.slice(inside), rightText, cut, seg.end);
    } else {
      const k = firstRight < 0 ? tokens.length : firstRight;
      cut = timed[k]?.start ?? seg.end;
      leftWords = alignWords(timed.slice(0, k), leftText, seg.start, cut);
      rightWords = alignWords(timed.slice(k), rightText, cut, seg.end);
    }
    const clampTo = (ws: TranscriptWord[], a: number, b: number) =>
      ws.map((w) => ({ ...w, start: Math.min(Math.max(w.start, a), b), end: Math.min(Math.max(w.end, a), b) }));
    leftWords = clampTo(leftWords, seg.start, cut);
    rightWords = clampTo(rightWords, cut, seg.end);
  } else {
    const len = Math.max(1, seg.text.length);
    cut = seg.start + ((seg.end - seg.start) * Math.min(offset, len)) / len;
  }
  cut = round3(Math.min(Math.max(cut, seg.start), seg.end));
  const left: EditableSegment = { ...seg, text: leftText, end: cut, words: leftWords };
  const right: EditableSegment = { id: newId, start: cut, end: seg.end, text: rightText, words: rightWords, speaker: seg.speaker };
  const segments = [...doc.segments.slice(0, i), left, right, ...doc.segments.slice(i + 1)];
  return { doc: { ...doc, segments }, rightId: newId };
}

/** Merge a segment with the next one; `caret` is where the two texts meet. */
export function mergeWithNext(doc: Doc, id: string): { doc: Doc; caret: number } | null {
  const i = indexOf(doc, id);
  const a = doc.segments[i];
  const b = doc.segments[i + 1];
  if (!a || !b) return null;
  const at = tidy(a.text);
  const bt = tidy(b.text);
  const text = at && bt ? `${at} ${bt}` : at || bt;
  const ta = timedWords(a);
  const tb = timedWords(b);
  let words: TranscriptWord[] = [];
  if (ta || tb) {
    const wa = at ? (ta ? alignWords(ta, at, a.start, a.end) : proportionalWords({ ...a, text: at })) : [];
    const wb = bt ? (tb ? alignWords(tb, bt, b.start, b.end) : proportionalWords({ ...b, text: bt })) : [];
    words = [...wa, ...wb];
  }
  const merged: EditableSegment = { id: a.id, start: a.start, end: Math.max(a.end, b.end), text, words, speaker: a.speaker ?? b.speaker };
  const segments = [...doc.segments.slice(0, i), merged, ...doc.segments.slice(i + 2)];
  return { doc: { ...doc, segments }, caret: at ? at.length + (bt ? 1 : 0) : 0 };
}

export function deleteSegment(doc: Doc, id: string): Doc {
  return { ...doc, segments: doc.segments.filter((s) => s.id !== id) };
}

/** The machine transcript's text of a segment, when it differs from the edited one. */
export function machineTextOf(m: TranscriptSegment | undefined, seg: EditableSegment): string | null {
  if (!m) return null;
  return tidy(m.text) === tidy(seg.text) ? null : m.text;
}

/** Put back the machine transcript's text, words and times of a segment (same id). */
export function revertSegment(doc: Doc, id: string, machine: TranscriptSegment): Doc {
  return {
    ...doc,
    segments: doc.segments.map((s) => (s.id === id ? { ...s, text: machine.text, words: machine.words, start: machine.start, end: machine.end } : s)),
  };
}

// ---- speakers -------------------------------------------------------------------------------

/** Give these segments a label (or none). */
export function setSpeaker(doc: Doc, ids: readonly string[], label: string | null): Doc {
  const set = new Set(ids);
  let changed = false;
  const segments = doc.segments.map((s) => {
    if (!set.has(s.id) || s.speaker === label) return s;
    changed = true;
    return { ...s, speaker: label };
  });
  return changed ? { ...doc, segments } : doc;
}

/**
 * "This speaker until the next change": the label for the segment at `from` and the ones after
 * it, up to the first that already has another speaker.
 */
export function setSpeakerRun(doc: Doc, from: number, label: string): Doc {
  const ids: string[] = [];
  for (let i = from; i < doc.segments.length; i++) {
    const s = doc.segments[i]!;
    if (i > from && s.speaker !== null && s.speaker !== label) break;
    ids.push(s.id);
  }
  return setSpeaker(doc, ids, label);
}

/** A new label `pN` named by `nameOf(n)` ("Pembicara n"), n the first number not yet used in a name. */
export function addLabel(doc: Doc, nameOf: (n: number) => string): { doc: Doc; id: string } {
  const max = doc.labels.reduce((m, l) => Math.max(m, Number(l.id.slice(1)) || 0), 0);
  const id = `p${max + 1}`;
  const names = new Set(doc.labels.map((l) => l.name.toLowerCase()));
  let n = 1;
  while (names.has(nameOf(n).toLowerCase())) n++;
  return { doc: { ...doc, labels: [...doc.labels, { id, name: nameOf(n), speakerId: null }] }, id };
}

export function updateLabel(doc: Doc, id: string, patch: Partial<Pick<TranscriptLabel, 'name' | 'speakerId'>>): Doc {
  return { ...doc, labels: doc.labels.map((l) => (l.id === id ? { ...l, ...patch } : l)) };
}

/** Remove a label; segments that carried it have no speaker. */
/**
 * Merge label `from` into `into`: every segment of `from` goes to `into`, and `from` is gone.
 * `into` keeps its name; it takes `from`'s directory person when it has none of its own.
 */
export function mergeLabels(doc: Doc, from: string, into: string): Doc {
  const source = doc.labels.find((l) => l.id === from);
  if (from === into || !source || !doc.labels.some((l) => l.id === into)) return doc;
  return {
    labels: doc.labels.filter((l) => l.id !== from).map((l) => (l.id === into && l.speakerId === null && source.speakerId ? { ...l, speakerId: source.speakerId } : l)),
    segments: doc.segments.map((s) => (s.speaker === from ? { ...s, speaker: into } : s)),
  };
}

export function removeLabel(doc: Doc, id: string): Doc {
  return {
    labels: doc.labels.filter((l) => l.id !== id),
    segments: doc.segments.map((s) => (s.speaker === id ? { ...s, speaker: null } : s)),
  };
}

// ---- saving ---------------------------------------------------------------------------------

/**
 * The document as the host takes it: texts tidied, times rounded, inside the recording and in
 * order of start (a start before the previous one is moved up to it).
 */
export function forSave(doc: Doc, durationSec: number): Doc {
  let previous = 0;
  const segments = doc.segments.map((s) => {
    const start = round3(Math.min(Math.max(s.start, previous, 0), durationSec));
    const end = round3(Math.min(Math.max(s.end, start), durationSec));
    previous = start;
    const text = tidy(s.text);
    const words = text === s.text ? s.words : timedWords(s) ? alignWords(timedWords(s) ?? [], text, start, end) : [];
    return start === s.start && end === s.end && text === s.text && words === s.words ? s : { ...s, start, end, text, words };
  });
  return { labels: doc.labels, segments };
}

/** A canonical form for comparing documents (key order and identity do not matter). */
export function canonical(doc: Doc): string {
  return JSON.stringify([
    doc.labels.map((l) => [l.id, l.name, l.speakerId]),
    doc.segments.map((s) => [s.id, s.start, s.end, s.text, s.speaker, s.words.map((w) => [w.text, w.start, w.end, w.p])]),
  ]);
}
