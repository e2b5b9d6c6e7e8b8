/**
 * The agreement signed at an event (its kind, number, title and scope) and its parties, in the
 * event form.
 *
 * Owns: the parties table built for many rows (the Ditjenpas MoU had nine partners) — Enter moves
 * down and adds a row at the end, rows move and go, and a list pasted from a spreadsheet or a
 * document table (one party a line, cells split by tabs or `;`) becomes rows at once — and where
 * the host's complaints about each cell show.
 */
import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AGREEMENT_KINDS } from '../../../main/api/schemas';
import { Field, TextField } from '../../components/Field';
import { newParty, partiesFromText, type AgreementDraft, type AgreementKind, type PartyDraft } from './form';

const COLUMNS = ['institution', 'signatory', 'role'] as const;
type Column = (typeof COLUMNS)[number];

export function AgreementEditor({
  agreement,
  onChange,
  onRemove,
  issue,
  partyIssue,
}: {
  agreement: AgreementDraft;
  onChange: (agreement: AgreementDraft) => void;
  onRemove: (() => void) | undefined;
  issue: (field: string) => string | undefined;
  partyIssue: (row: number, column: Column) => string | undefined;
}) {
  const { t } = useTranslation();
  const table = useRef<HTMLTableElement>(null);
  const [focus, setFocus] = useState<{ key: number; column: Column } | null>(null);
  const parties = agreement.parties;

  useEffect(() => {
    if (!focus) return;
    table.current?.querySelector<HTMLInputElement>(`[data-party="${focus.key}"][data-column="${focus.column}"]`)?.focus();
    setFocus(null);
  }, [focus]);

  const set = (patch: Partial<AgreementDraft>) => onChange({ ...agreement, ...patch });
  const setParties = (next: PartyDraft[]) => set({ parties: next });
  const setCell = (row: number, column: Column, value: string) =>
    setParties(parties.map((p, i) => (i === row ? { ...p, [column]: value } : p)));

  function addRow(after = parties.length - 1): void {
    const row = newParty();
    setParties([...parties.slice(0, after + 1), row, ...parties.slice(after + 1)]);
    setFocus({ key: row.key, column: 'institution' });
  }

  function removeRow(row: number): void {
    const next = parties.filter((_, i) => i !== row);
    setParties(next);
    const neighbour = next[Math.min(row, next.length - 1)];
    if (neighbour) setFocus({ key: neighbour.key, column: 'institution' });
  }

  function moveRow(row: number, by: -1 | 1): void {
    const to = row + by;
    if (to < 0 || to >= parties.length) return;
    const next = [...parties];
    [next[row], next[to]] = [next[to] as PartyDraft, next[row] as PartyDraft];
    setParties(next);
  }

  function onCellKey(e: KeyboardEvent<HTMLInputElement>, row: number, column: Column): void {
    if (e.key !== 'Enter') return;
    e.preventDefault(); // Enter here moves down, it does not save the form
    const below = parties[row + 1];
    if (below) setFocus({ key: below.key, column });
    else addRow(row);
  }

  function onCellPaste(e: ClipboardEvent<HTMLInputElement>, row: number, column: Column): void {
    const text = e.clipboardData.getData('text/plain');
    if (!/[\n\t]/.test(text.trim())) return; // one value: an ordinary paste
    e.preventDefault();
    const pasted = partiesFromText(text);
    if (!pasted.length) return;
    const current = parties[row];
    const blank = current && !current.institution.trim() && !current.signatory.trim() && !current.role.trim();
    // Pasting into a later column shifts the cells (e.g. signatory and role only).
    const shifted =
      column === 'institution'
        ? pasted
        : pasted.map((p) =>
            column === 'signatory'
              ? newParty({ institution: '', signatory: p.institution, role: p.signatory })
              : newParty({ institution: '', signatory: '', role: p.institution }),
          );
    const next = blank ? [...parties.slice(0, row), ...shifted, ...parties.slice(row + 1)] : [...parties.slice(0, row + 1), ...shifted, ...parties.slice(row + 1)];
    setParties(next);
    const last = shifted[shifted.length - 1];
    if (last) setFocus({ key: last.key, column });
  }

  const columnLabel: Record<Column, string> = {
    institution: t('agreement.institution'),
    signatory: t('agreement.signatory'),
    role: t('agreement.role'),
  };
  const kindLabel: Record<AgreementKind, string> = {
    mou: t('agreement.kinds.mou'),
    pks: t('agreement.kinds.pks'),
    lainnya: t('agreement.kinds.lainnya'),
  };

  return (
    <section id="section-agreement" className="card" aria-labelledby="agreement-title" tabIndex={-1}>
      <div className="card-head">
        <h2 id="agreement-title">{t('agreement.title')}</h2>
        {onRemove && (
          <button type="button" className="link-button" onClick={onRemove}>
            {t('agreement.remove')}
          </button>
        )}
      </div>
      <div className="form-grid">
        <Field label={t('agreement.kind')} issue={issue('kind')} className="span-3">
          {(p) => (
            <select {...p} name="agreementKind" value={agreement.kind} onChange={(e) => set({ kind: e.target.value as AgreementKind })}>
              {AGREEMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          label={t('agreement.documentNumber')}
          issue={issue('documentNumber')}
          className="span-3"
          name="documentNumber"
          value={agreement.documentNumber}
          maxLength={200}
          placeholder={t('agreement.documentNumberPlaceholder')}
          onChange={(documentNumber) => set({ documentNumber })}
        />
        <TextField
          label={t('agreement.agreementTitle')}
          issue={issue('title')}
          className="span-6"
          name="agreementTitle"
          value={agreement.title}
          maxLength={500}
          placeholder={t('agreement.agreementTitlePlaceholder')}
          onChange={(title) => set({ title })}
        />
        <TextField
          label={t('agreement.scope')}
          issue={issue('scope')}
          className="span-6"
          name="scope"
          rows={3}
          value={agreement.scope}
          maxLength={4000}
          placeholder={t('agreement.scopePlaceholder')}
          onChange={(scope) => set({ scope })}
        />
      </div>

      <h3 id="parties-title" className="subhead">
        {t('agreement.parties')} <span className="muted">({parties.filter((p) => p.institution.trim()).length})</span>
      </h3>
      <p className="muted hint" id="parties-hint">
        {t('agreement.partiesHint')}
      </p>
      <table className="parties-table" ref={table} aria-labelledby="parties-title" aria-describedby="parties-hint">
        <thead>
          <tr>
            <th scope="col" className="col-no">
              {t('agreement.number')}
            </th>
            {COLUMNS.map((c) => (
              <th scope="col" key={c}>
                {columnLabel[c]}
                {c === 'institution' && <span aria-hidden="true"> *</span>}
              </th>
            ))}
            <th scope="col" className="col-actions">
              <span className="visually-hidden">{t('agreement.rowActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {parties.map((party, row) => (
            <tr key={party.key}>
              <td className="col-no">{row + 1}</td>
              {COLUMNS.map((column) => {
                const problem = partyIssue(row, column);
                return (
                  <td key={column}>
                    <input
                      data-party={party.key}
                      data-column={column}
                      name={`party-${column}`}
                      value={party[column]}
                      maxLength={column === 'institution' ? 300 : 200}
                      aria-label={t('agreement.cellLabel', { column: columnLabel[column], n: row + 1 })}
                      aria-invalid={problem ? true : undefined}
                      title={problem}
                      onChange={(e) => setCell(row, column, e.target.value)}
                      onKeyDown={(e) => onCellKey(e, row, column)}
                      onPaste={(e) => onCellPaste(e, row, column)}
                    />
                    {problem && <small className="field-error">{problem}</small>}
                  </td>
                );
              })}
              <td className="col-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('agreement.moveUp', { n: row + 1 })}
                  title={t('agreement.moveUp', { n: row + 1 })}
                  disabled={row === 0}
                  onClick={() => moveRow(row, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('agreement.moveDown', { n: row + 1 })}
                  title={t('agreement.moveDown', { n: row + 1 })}
                  disabled={row === parties.length - 1}
                  onClick={() => moveRow(row, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button icon-danger"
                  aria-label={t('agreement.removeParty', { n: row + 1 })}
                  title={t('agreement.removeParty', { n: row + 1 })}
                  onClick={() => removeRow(row)}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="add-row" onClick={() => addRow()}>
        + {t('agreement.addParty')}
      </button>
    </section>
  );
}
