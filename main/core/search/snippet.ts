/**
 * Highlighted snippets.
 *
 * Owns: cutting a text to a short window around its first matched word and splitting it into
 * parts `{ text, match }` — the UI renders each part as text (emphasising matches), so nothing in
 * an archive can inject markup.
 */
import type { Highlighter } from './query';
import { tokenSpans } from './text';
import type { SnippetPart } from './types';

/** Words kept around the first match in a long text. */
const WINDOW_TOKENS = 40;
const BEFORE_TOKENS = 12;

/** Short plain-ASCII texts (most segments) are highlighted with one regular expression. */
const FAST_MAX_CHARS = 300;
const ASCII = /^[\x20-\x7e\t\r\n]*$/;

export function snippetParts(text: string, hl: Highlighter): SnippetPart[] {
  if (!text) return [];
  if (hl.pattern && text.length <= FAST_MAX_CHARS && ASCII.test(text)) return byPattern(text, hl.pattern);
  const spans = tokenSpans(text);
  if (!spans.length) return text ? [{ text, match: false }] : [];
  const flags = spans.map((s) => hl.matches(s.token));
  let from = 0;
  let to = spans.length;
  if (spans.length > WINDOW_TOKENS) {
    const first = Math.max(0, flags.indexOf(true));
    from = Math.max(0, Math.min(first - BEFORE_TOKENS, spans.length - WINDOW_TOKENS));
    to = Math.min(spans.length, from + WINDOW_TOKENS);
  }
  const parts: SnippetPart[] = [];
  const push = (t: string, match: boolean) => {
    if (!t) return;
    const last = parts[parts.length - 1];
    if (last && !last.match && !match) last.text += t;
    else parts.push({ text: t, match });
  };
  let pos = from === 0 ? 0 : (spans[from] as { start: number }).start;
  if (from > 0) push('… ', false);
  for (let i = from; i < to; i++) {
    const span = spans[i] as { start: number; end: number };
    push(text.slice(pos, span.start), false);
    push(text.slice(span.start, span.end), flags[i] === true);
    pos = span.end;
  }
  if (to < spans.length) push(' …', false);
  else push(text.slice(pos), false);
  return parts;
}

function byPattern(text: string, re: RegExp): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let pos = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > pos) parts.push({ text: text.slice(pos, m.index), match: false });
    parts.push({ text: m[0], match: true });
    pos = m.index + m[0].length;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos), match: false });
  return parts;
}
