/**
 * From the text selected in the transcript to a quote: the whole words the selection touches
 * (within one segment or across several), their words as the quote's text, and the span of the
 * recording — from the first selected word's start to the last one's end, or whole segments
 * where there are no word times.
 */
import { offsetIn } from './caret';
import { timedWords, tokenize, type Doc } from './doc';

export interface QuoteDraft {
  start: number;
  end: number;
  text: string;
  segmentIds: string[];
  /** Where the selection ends on screen (for the "Simpan kutipan" button beside it). */
  anchor: { x: number; y: number };
}

export function draftFromSelection(list: HTMLElement, doc: Doc): QuoteDraft | null {
  const sel = getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!list.contains(range.commonAncestorContainer)) return null;
  const byId = new Map(doc.segments.map((s) => [s.id, s]));
  const parts: { id: string; text: string; start: number; end: number }[] = [];
  for (const el of list.querySelectorAll<HTMLElement>('.seg-text')) {
    if (!range.intersectsNode(el)) continue;
    const seg = byId.get(el.dataset.segId ?? '');
    if (!seg) continue;
    const from = el.contains(range.startContainer) ? offsetIn(el, range.startContainer, range.startOffset) : 0;
    const to = el.contains(range.endContainer) ? offsetIn(el, range.endContainer, range.endOffset) : seg.text.length;
    const tokens = tokenize(seg.text);
    const first = tokens.findIndex((t) => t.to > from && t.from < to);
    if (first < 0) continue;
    let last = first;
    while (last + 1 < tokens.length && (tokens[last + 1] as { from: number }).from < to) last++;
    const timed = timedWords(seg);
    const a = tokens[first]!;
    const b = tokens[last]!;
    parts.push({
      id: seg.id,
      text: seg.text.slice(a.from, b.to),
      start: timed?.[first]?.start ?? seg.start,
      end: timed?.[last]?.end ?? seg.end,
    });
  }
  if (parts.length === 0) return null;
  const start = Math.min(...parts.map((p) => p.start));
  const end = Math.max(...parts.map((p) => p.end));
  if (!(end > start)) return null;
  const rects = range.getClientRects();
  const box = rects.length > 0 ? rects[rects.length - 1]! : range.getBoundingClientRect();
  return {
    start,
    end,
    text: parts.map((p) => p.text).join(' '),
    segmentIds: parts.map((p) => p.id),
    anchor: { x: box.right, y: box.bottom },
  };
}

/** The segments a selection in the transcript touches (for giving a run of them a speaker). */
export function selectedSegmentIds(list: HTMLElement): string[] {
  const sel = getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return [];
  const range = sel.getRangeAt(0);
  if (!list.contains(range.commonAncestorContainer)) return [];
  const ids: string[] = [];
  for (const el of list.querySelectorAll<HTMLElement>('.seg-text')) {
    if (range.intersectsNode(el) && el.dataset.segId) {
      // A selection that ends at the very start of a segment does not take it.
      if (range.endContainer !== range.startContainer && el.contains(range.endContainer) && offsetIn(el, range.endContainer, range.endOffset) === 0) continue;
      ids.push(el.dataset.segId);
    }
  }
  return ids;
}
