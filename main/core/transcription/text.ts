/**
 * From Whisper's output to transcript text.
 *
 * Owns: words from tokens (Whisper's tokens are pieces of words; a piece that starts with a
 * space starts a word, punctuation sticks to the word before), the initial prompt built from the
 * archive's glossary and speaker directory (so "Ditjenpas", "Karutan" and "Mashudi" come out
 * spelled right), and the optional replacement list applied after transcription — whole words,
 * case-insensitive, counted, with Whisper's own text kept beside the result so it can be reverted.
 */
import type { GlossaryEntry, Replacement, Speaker, TranscriptWord } from '../../api/schemas';
import type { Token } from './sidecar';

const PUNCT_ONLY = /^[\p{P}\p{S}]+$/u;

export function wordsFromTokens(tokens: readonly Token[], fallback: { t0Ms: number; t1Ms: number }): TranscriptWord[] {
  const words: (TranscriptWord & { ps: number[] })[] = [];
  for (const token of tokens) {
    const text = token.text;
    if (!text) continue;
    const t0 = (token.t0Ms ?? fallback.t0Ms) / 1000;
    const t1 = (token.t1Ms ?? fallback.t1Ms) / 1000;
    const last = words.at(-1);
    const startsWord = /^\s/.test(text) && !PUNCT_ONLY.test(text.trim());
    if (!last || (startsWord && text.trim().length > 0)) {
      if (!text.trim() && last) continue;
      words.push({ text: text.trimStart(), start: t0, end: Math.max(t0, t1), p: token.p, ps: [token.p] });
    } else {
      last.text += text;
      last.end = Math.max(last.end, t1);
      last.ps.push(token.p);
    }
  }
  return words
    .filter((w) => w.text.trim().length > 0)
    .map(({ ps, ...w }) => ({ ...w, text: w.text.trim(), p: round(ps.reduce((a, b) => a * b, 1) ** (1 / ps.length), 3), start: round(w.start, 2), end: round(w.end, 2) }));
}

function round(x: number, d: number): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

/** Whisper takes up to 224 prompt tokens; stay well below (≈ 3 characters per token). */
const PROMPT_MAX_CHARS = 600;

/**
 * The initial prompt: a short, natural Indonesian sentence naming the people and terms that
 * recordings of this archive contain. Speaker names first (they are what Whisper misspells most),
 * then the glossary's terms.
 */
export function buildPrompt(glossary: readonly GlossaryEntry[], speakers: readonly Speaker[]): string {
  const names = speakers.map((s) => s.name.trim()).filter(Boolean);
  const terms = glossary.map((g) => g.term.trim()).filter(Boolean);
  const seen = new Set<string>();
  const items: string[] = [];
  for (const item of [...names, ...terms]) {
    const key = item.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  let prompt = '';
  for (const item of items) {
    const next = prompt ? `${prompt}, ${item}` : item;
    if (next.length + 1 > PROMPT_MAX_CHARS) break;
    prompt = next;
  }
  return prompt ? `${prompt}.` : '';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Apply replacements to a text; whole words only, case-insensitive. */
export function applyReplacements(text: string, replacements: readonly Replacement[]): { text: string; counts: number[] } {
  let out = text;
  const counts = replacements.map((r) => {
    if (!r.from.trim()) return 0;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(r.from.trim())}(?![\\p{L}\\p{N}])`, 'giu');
    let n = 0;
    out = out.replace(re, () => {
      n++;
      return r.to;
    });
    return n;
  });
  return { text: out, counts };
}
