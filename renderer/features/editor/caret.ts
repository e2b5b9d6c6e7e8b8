/** Character offsets of the caret and the selection inside an element's text, and back. */

/** The offset in `el`'s text of a point (node, offset) inside it. */
export function offsetIn(el: Node, node: Node, offset: number): number {
  const range = document.createRange();
  range.selectNodeContents(el);
  try {
    range.setEnd(node, offset);
  } catch {
    return 0;
  }
  return range.toString().length;
}

/** Where the selection starts and ends in `el`'s text, when it is inside `el`. */
export function selectionIn(el: HTMLElement): { start: number; end: number } | null {
  const sel = getSelection();
  if (!sel || sel.rangeCount === 0) return null;
  const r = sel.getRangeAt(0);
  if (!el.contains(r.startContainer) || !el.contains(r.endContainer)) return null;
  return { start: offsetIn(el, r.startContainer, r.startOffset), end: offsetIn(el, r.endContainer, r.endOffset) };
}

/** Put the caret (or select from `offset` to `end`) at offsets of `el`'s text. */
export function setCaret(el: HTMLElement, offset: number, end = offset): void {
  const sel = getSelection();
  if (!sel) return;
  const a = pointAt(el, offset);
  const b = end === offset ? a : pointAt(el, end);
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  sel.removeAllRanges();
  sel.addRange(range);
}

function pointAt(el: HTMLElement, offset: number): { node: Node; offset: number } {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let left = Math.max(0, offset);
  let last: Text | null = null;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const len = node.data.length;
    if (left <= len) return { node, offset: left };
    left -= len;
    last = node;
  }
  return last ? { node: last, offset: last.data.length } : { node: el, offset: el.childNodes.length };
}
