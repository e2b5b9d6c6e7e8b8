/**
 * Text as search sees it.
 *
 * Owns: folding (case and diacritics, as SQLite's `unicode61 remove_diacritics 2` tokenizer
 * folds), splitting text into word tokens with their offsets (runs of letters and digits — what
 * the tokenizer calls a token), and the list of Indonesian function words that a query of several
 * words leaves out (see docs/search.md, "Matching").
 */

const MARKS = /\p{M}+/gu;
/** Token characters of unicode61: letters, digits (and private-use characters). */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;
const NON_ASCII = /[^ -~\t\n\r]/;

/** Lower case, no diacritics ("Pémasyarakatan" → "pemasyarakatan"). */
export function fold(s: string): string {
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  return s.normalize('NFKD').replace(MARKS, '').toLowerCase().normalize('NFC');
}

/** The folded word tokens of a text. */
export function tokenize(s: string): string[] {
  return fold(s).match(TOKEN) ?? [];
}

export interface TokenSpan {
  /** Folded token. */
  token: string;
  /** Offsets in the original string. */
  start: number;
  end: number;
}

/** Word tokens with their place in the original text (for highlighting). */
export function tokenSpans(s: string): TokenSpan[] {
  const out: TokenSpan[] = [];
  for (const m of s.matchAll(TOKEN)) {
    const start = m.index;
    out.push({ token: fold(m[0]), start, end: start + m[0].length });
  }
  return out;
}

/**
 * Function words of spoken Indonesian (and the fillers of speeches). A query of several words
 * leaves them out (they carry no meaning and are in most segments); a query of nothing else keeps
 * them and ranks by date instead of bm25. Words inside a quoted phrase are always kept.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'yang', 'dan', 'di', 'ke', 'dari', 'ini', 'itu', 'dengan', 'untuk', 'pada', 'dalam', 'adalah',
  'akan', 'juga', 'atau', 'tidak', 'tak', 'ada', 'oleh', 'sebagai', 'karena', 'kita', 'kami',
  'saya', 'aku', 'mereka', 'ia', 'dia', 'beliau', 'bahwa', 'sudah', 'telah', 'bisa', 'dapat',
  'lebih', 'para', 'saat', 'agar', 'supaya', 'hal', 'serta', 'tersebut', 'secara', 'yaitu',
  'yakni', 'bagi', 'hingga', 'sampai', 'harus', 'masih', 'lagi', 'sangat', 'jika', 'kalau',
  'maka', 'namun', 'tetapi', 'tapi', 'sehingga', 'setelah', 'sebelum', 'antara', 'seperti',
  'begitu', 'nah', 'ya', 'oke', 'eh', 'em', 'hmm', 'apa', 'bagaimana', 'kenapa', 'mengapa',
  'mana', 'sini', 'situ', 'sana', 'pun', 'lah', 'kah', 'nya', 'pak', 'bu', 'bapak', 'ibu',
  'sekalian', 'hadirin', 'saudara', 'saudari', 'kepada', 'terhadap', 'tentang', 'jadi', 'sebuah', 'suatu', 'semua',
  'setiap', 'tadi', 'kemudian', 'lalu', 'belum', 'pernah', 'sedang', 'hanya', 'saja', 'pula',
  'the', 'and', 'of',
]);
