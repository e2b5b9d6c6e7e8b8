/**
 * The speaker directory (`#/speakers`): the people who speak at the archive's events — name,
 * jabatan, instansi, notes. Transcript labels link to them, quotes carry their name and jabatan.
 *
 * Owns: adding a person, editing one in place, removing one (refused, with the reason, while a
 * transcript or a quote refers to them), and finding one in a long list.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import type { Speaker } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextField } from '../../components/Field';
import { api } from '../../lib/api';
import { directory, useDirectory } from '../../lib/directory';
import { errorMessage, fieldIssues } from '../../lib/errors';
import { useAction } from '../../lib/useAction';
import { hrefOf } from '../../lib/router';

interface Fields {
  name: string;
  title: string;
  org: string;
  notes: string;
}
const EMPTY: Fields = { name: '', title: '', org: '', notes: '' };

export function SpeakersPage() {
  const { t } = useTranslation();
  const people = useDirectory();
  const loadError = directory.use().error;
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [added, setAdded] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const nameInput = useRef<HTMLInputElement>(null);
  const adding = useAction(async () => {
    const s = await api.call('speakers.add', fields);
    setFields(EMPTY);
    setAdded(s.name);
    await directory.refresh();
    nameInput.current?.focus();
  });
  const { busy, error } = adding;
  const issues = fieldIssues(t, error);

  function add(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    void adding.run();
  }

  const q = query.trim().toLowerCase();
  const shown = (people ?? []).filter((p) => !q || [p.name, p.title, p.org, p.notes].some((x) => x.toLowerCase().includes(q)));

  return (
    <section className="speakers-page" aria-labelledby="speakers-title">
      <div className="page-head">
        <div>
          <h1 id="speakers-title">{t('speakers.pageTitle')}</h1>
          <p className="muted">{t('speakers.intro')}</p>
        </div>
      </div>

      <form className="card speaker-add" aria-labelledby="speaker-add-title" onSubmit={add} noValidate>
        <h2 id="speaker-add-title">{t('speakers.add')}</h2>
        <div className="form-grid">
          <TextField
            label={t('speakers.name')}
            issue={issues.get('name')}
            className="span-2"
            inputRef={nameInput}
            name="name"
            value={fields.name}
            maxLength={120}
            required
            onChange={(name) => setFields({ ...fields, name })}
          />
          <TextField
            label={t('speakers.title')}
            issue={issues.get('title')}
            className="span-2"
            name="title"
            value={fields.title}
            maxLength={200}
            placeholder={t('speakers.titlePlaceholder')}
            onChange={(title) => setFields({ ...fields, title })}
          />
          <TextField
            label={t('speakers.org')}
            issue={issues.get('org')}
            className="span-2"
            name="org"
            value={fields.org}
            maxLength={200}
            placeholder={t('speakers.orgPlaceholder')}
            onChange={(org) => setFields({ ...fields, org })}
          />
          <TextField
            label={t('speakers.notes')}
            issue={issues.get('notes')}
            className="span-6"
            name="notes"
            value={fields.notes}
            maxLength={2000}
            placeholder={t('speakers.notesPlaceholder')}
            onChange={(notes) => setFields({ ...fields, notes })}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || !fields.name.trim()}>
            {t('speakers.addButton')}
          </button>
          <span className="muted" role="status">
            {added ? t('speakers.added', { name: added }) : ''}
          </span>
        </div>
        {error !== null && issues.size === 0 && (
          <p className="field-error" role="alert">
            {error instanceof ApiCallError && error.code === 'CONFLICT' ? t('speakers.duplicate', { name: fields.name }) : errorMessage(t, error)}
          </p>
        )}
      </form>

      <section className="card" aria-labelledby="speaker-list-title">
        <div className="card-head">
          <h2 id="speaker-list-title">{t('speakers.list', { count: people?.length ?? 0 })}</h2>
          {(people?.length ?? 0) > 5 && (
            <label className="field inline-search">
              <span className="visually-hidden">{t('speakers.search')}</span>
              <input type="search" name="q" value={query} placeholder={t('speakers.search')} onChange={(e) => setQuery(e.target.value)} />
            </label>
          )}
        </div>
        <ErrorBanner error={loadError} />
        {people === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : people.length === 0 ? (
          <p className="muted">{t('speakers.empty')}</p>
        ) : (
          <table className="event-table speaker-table">
            <thead>
              <tr>
                <th scope="col">{t('speakers.name')}</th>
                <th scope="col">{t('speakers.title')}</th>
                <th scope="col">{t('speakers.org')}</th>
                <th scope="col">{t('speakers.notes')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('speakers.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <SpeakerRow key={p.id} person={p} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

function SpeakerRow({ person }: { person: Speaker }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'view' | 'edit' | 'remove'>('view');
  const [fields, setFields] = useState<Fields>(person);
  const formId = useId();
  const { run, busy, error, setError } = useAction(async (work: () => Promise<unknown>) => {
    await work();
    await directory.refresh();
  });
  const issues = fieldIssues(t, error, 'patch.');

  async function save(e: FormEvent) {
    e.preventDefault();
    const patch = { name: fields.name, title: fields.title, org: fields.org, notes: fields.notes };
    if (await run(() => api.call('speakers.update', { id: person.id, patch }))) setMode('view');
  }

  async function remove() {
    if (!(await run(() => api.call('speakers.remove', { id: person.id })))) setMode('view');
  }

  const message =
    error instanceof ApiCallError && error.code === 'CONFLICT' ? t('speakers.inUse', { name: person.name }) : error !== null && issues.size === 0 ? errorMessage(t, error) : null;

  if (mode === 'edit') {
    const input = (key: keyof Fields, label: string, max: number) => (
      <td>
        <input
          name={key}
          form={formId}
          aria-label={`${label} ${person.name}`}
          value={fields[key]}
          maxLength={max}
          aria-invalid={issues.has(key) || undefined}
          onChange={(e) => setFields({ ...fields, [key]: e.target.value })}
        />
        {issues.get(key) && <small className="field-error">{issues.get(key)}</small>}
      </td>
    );
    return (
      <tr
        className="speaker-editing"
        data-speaker-id={person.id}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setFields(person);
            setMode('view');
          }
        }}
      >
        {input('name', t('speakers.name'), 120)}
        {input('title', t('speakers.title'), 200)}
        {input('org', t('speakers.org'), 200)}
        {input('notes', t('speakers.notes'), 2000)}
        <td className="row-actions">
          <form
            id={formId}
            onSubmit={(e) => void save(e)}
          >
            <button type="submit" className="primary" disabled={busy || !fields.name.trim()}>
              {t('speakers.save')}
            </button>{' '}
            <button
              type="button"
              onClick={() => {
                setFields(person);
                setError(null);
                setMode('view');
              }}
            >
              {t('common.cancel')}
            </button>
          </form>
          {message && (
            <p className="field-error" role="alert">
              {message}
            </p>
          )}
        </td>
      </tr>
    );
  }

  return (
    <tr data-speaker-id={person.id}>
      <th scope="row">
        <a className="speaker-name" href={hrefOf({ name: 'person', id: person.id })}>
          {person.name}
        </a>
        <a className="cell-sub small-inline" href={hrefOf({ name: 'quotes', filter: { speakerId: person.id } })}>
          {t('speakers.quotesOf')}
        </a>
      </th>
      <td>{person.title || <span className="muted">—</span>}</td>
      <td>{person.org || <span className="muted">—</span>}</td>
      <td className="speaker-notes">{person.notes}</td>
      <td className="row-actions">
        {mode === 'remove' ? (
          <span className="confirm-inline">
            <span>{t('speakers.removeConfirm', { name: person.name })}</span>
            <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              {t('speakers.removeYes')}
            </button>
            <button type="button" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </span>
        ) : (
          <>
            <button
              type="button"
              onClick={() => {
                setFields(person);
                setError(null);
                setMode('edit');
              }}
            >
              {t('speakers.edit')}
              <span className="visually-hidden"> {person.name}</span>
            </button>{' '}
            <button type="button" className="icon-danger" onClick={() => setMode('remove')}>
              {t('speakers.remove')}
              <span className="visually-hidden"> {person.name}</span>
            </button>
          </>
        )}
        {message && (
          <p className="field-error" role="alert">
            {message}
          </p>
        )}
      </td>
    </tr>
  );
}
