/**
 * The event form's model: the editable fields of an event as the inputs hold them, and the
 * patch of what changed (only changed fields are sent, with the revision the edit started from).
 */
import type { AgreementParty, EventPatch, EventRecord, EventType } from '../../../main/api/schemas';

export type AgreementKind = 'mou' | 'pks' | 'lainnya';

export interface PartyDraft {
  /** A stable React key for the row (rows are added, removed and moved). */
  key: number;
  institution: string;
  signatory: string;
  role: string;
}

export interface AgreementDraft {
  kind: AgreementKind;
  documentNumber: string;
  title: string;
  scope: string;
  parties: PartyDraft[];
}

export interface FormValues {
  title: string;
  date: string;
  time: string;
  type: EventType;
  venue: string;
  platform: string;
  organiser: string;
  description: string;
  tags: string[];
  agreement: AgreementDraft | null;
}

let nextKey = 1;
export function newParty(values: Partial<Omit<PartyDraft, 'key'>> = {}): PartyDraft {
  return { key: nextKey++, institution: '', signatory: '', role: '', ...values };
}

export function emptyAgreement(): AgreementDraft {
  return { kind: 'mou', documentNumber: '', title: '', scope: '', parties: [newParty(), newParty()] };
}

export function valuesOf(event: EventRecord): FormValues {
  return {
    title: event.title,
    date: event.date,
    time: event.time,
    type: event.type,
    venue: event.venue,
    platform: event.platform,
    organiser: event.organiser,
    description: event.description,
    tags: [...event.tags],
    agreement: event.agreement
      ? {
          kind: event.agreement.kind,
          documentNumber: event.agreement.documentNumber,
          title: event.agreement.title,
          scope: event.agreement.scope,
          parties: event.agreement.parties.map((p) => newParty(p)),
        }
      : null,
  };
}

const isBlankParty = (p: PartyDraft) => !p.institution.trim() && !p.signatory.trim() && !p.role.trim();

/** The agreement as it will be stored, and for each party sent the index of its row. */
export function agreementOut(draft: AgreementDraft | null): { value: EventPatch['agreement']; rows: number[] } {
  if (!draft) return { value: null, rows: [] };
  const rows: number[] = [];
  const parties: AgreementParty[] = [];
  draft.parties.forEach((p, i) => {
    if (isBlankParty(p)) return; // unused rows are not parties
    rows.push(i);
    parties.push({ institution: p.institution.trim(), signatory: p.signatory.trim(), role: p.role.trim() });
  });
  const value = {
    kind: draft.kind,
    documentNumber: draft.documentNumber.trim(),
    title: draft.title.trim(),
    scope: draft.scope.trim(),
    parties,
  };
  // An agreement form left untouched is no agreement.
  const empty = value.kind === 'mou' && !value.documentNumber && !value.title && !value.scope && parties.length === 0;
  return { value: empty ? null : value, rows };
}

const SIMPLE_FIELDS = ['title', 'date', 'time', 'type', 'venue', 'platform', 'organiser', 'description'] as const;

/**
 * What changed between the saved values and the form: a patch for `events.update`, and the map
 * from a sent party's index to its row (to mark the right cell when the host refuses it).
 */
export function patchOf(base: FormValues, draft: FormValues): { patch: EventPatch; partyRows: number[] } {
  const patch: EventPatch = {};
  for (const field of SIMPLE_FIELDS) {
    const before = base[field].trim();
    const after = draft[field].trim();
    if (before !== after) (patch as Record<string, string>)[field] = field === 'description' ? draft[field] : after;
  }
  const tags = draft.tags.map((tag) => tag.trim()).filter(Boolean);
  if (JSON.stringify(tags) !== JSON.stringify(base.tags)) patch.tags = tags;
  const before = agreementOut(base.agreement).value;
  const after = agreementOut(draft.agreement);
  if (JSON.stringify(before) !== JSON.stringify(after.value)) patch.agreement = after.value;
  return { patch, partyRows: after.rows };
}

export function isDirty(base: FormValues, draft: FormValues): boolean {
  return Object.keys(patchOf(base, draft).patch).length > 0;
}

/** The editable fields of two versions of an event are the same (only files or bookkeeping changed). */
export function sameFields(a: EventRecord, b: EventRecord): boolean {
  return !isDirty(valuesOf(a), valuesOf(b));
}

/** Split a tag box's text into tags (commas, semicolons or new lines), without duplicates. */
export function splitTags(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Rows pasted from a spreadsheet or a document table: one party a line, cells split by tabs or `;`. */
export function partiesFromText(text: string): PartyDraft[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const cells = (line.includes('\t') ? line.split('\t') : line.split(';')).map((c) => c.trim());
      return newParty({ institution: cells[0] ?? '', signatory: cells[1] ?? '', role: cells[2] ?? '' });
    });
}
