/**
 * Indonesian news attribution of a quote, as a press release writes it.
 *
 * Owns: `“<kutipan>,” ujar <Nama>, <Jabatan>.` — quote first, the comma inside the closing
 * typographic quotation mark, then the verb and the speaker; a question or exclamation keeps its
 * own mark and takes no comma (“…?” tanya Mashudi.). The verb (ujar, ungkap, kata, jelas, tutur,
 * tegas, imbuh, tambah, sebut, terang) and the form of the speaker (name and jabatan, jabatan and
 * name, name alone for later mentions) come from the archive's settings. Also the plain form with
 * a source line. Pure: shared by the UI (copy to clipboard) and the CLI.
 */
export const ATTRIBUTION_VERBS = ['ujar', 'ungkap', 'kata', 'jelas', 'tutur', 'tegas', 'imbuh', 'tambah', 'sebut', 'terang'] as const;
export const ATTRIBUTION_STYLES = ['name-title', 'title-name', 'name'] as const;
export type AttributionStyle = (typeof ATTRIBUTION_STYLES)[number];

export interface AttributionInput {
  text: string;
  speakerName: string;
  speakerTitle: string;
}

/** The quote's words, tidied: one line, straight/curly quotes and a trailing period or comma removed. */
export function quoteBody(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["“”'‘’]+|["“”'‘’]+$/g, '')
    .replace(/[.,;:]+$/u, '')
    .trim();
}

export function formatAttribution(q: AttributionInput, verb = 'ujar', style: AttributionStyle = 'name-title'): string {
  const body = quoteBody(q.text);
  const ends = /[?!]$/.test(body) ? '' : ',';
  const name = q.speakerName.trim();
  const title = q.speakerTitle.trim();
  let who: string;
  if (!name) who = title;
  else if (!title || style === 'name') who = name;
  else if (style === 'title-name') who = `${title} ${name}`;
  else who = `${name}, ${title}`;
  return who ? `“${body}${ends}” ${verb} ${who}.` : `“${body}${ends}” ${verb}.`;
}

/** Plain text with a source line, for notes and internal reports. */
export function formatPlainQuote(q: AttributionInput, source: { eventTitle: string; date: string; from: string; to: string }): string {
  const who = [q.speakerName.trim(), q.speakerTitle.trim()].filter(Boolean).join(', ');
  return `${quoteBody(q.text)}\n— ${who ? `${who}; ` : ''}${source.eventTitle}, ${source.date} (${source.from}–${source.to})`;
}
