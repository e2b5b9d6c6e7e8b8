/**
 * The event's details form on its page: title, date, time, type, venue, platform, organiser,
 * tags, description, and the agreement (AgreementEditor) for a signing.
 *
 * Owns: saving what changed (`events.update` with the revision the edit started from; Ctrl+S),
 * the host's complaints shown at their fields, "discard", and the warning when the event was
 * changed elsewhere meanwhile (with "reload").
 */
import { useEffect, useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import type { EventRecord } from '../../../main/api/schemas';
import { EventTypeSelect } from '../../components/EventTypeSelect';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, TextField } from '../../components/Field';
import { api } from '../../lib/api';
import { fieldIssues } from '../../lib/errors';
import { useAction } from '../../lib/useAction';
import { AgreementEditor } from './AgreementEditor';
import type { FormState } from './EventPage';
import { emptyAgreement, patchOf, valuesOf, type FormValues } from './form';
import { TagInput } from './TagInput';

export function EventForm({
  eventId,
  form,
  setForm,
  dirty,
  showAgreement,
  changedElsewhere,
  onReload,
  onSaved,
}: {
  eventId: string;
  form: FormState;
  setForm: Dispatch<SetStateAction<FormState | null>>;
  dirty: boolean;
  showAgreement: boolean;
  changedElsewhere: boolean;
  onReload: () => void;
  onSaved: (event: EventRecord) => void;
}) {
  const { t } = useTranslation();
  /** For the last refused save: the row of each party sent. */
  const [partyRows, setPartyRows] = useState<number[]>([]);
  const [justSaved, setJustSaved] = useState(false);
  const draft = form.draft;

  const update = (patch: Partial<FormValues>) => {
    setJustSaved(false);
    setForm((f) => (f ? { ...f, draft: { ...f.draft, ...patch } } : f));
  };

  // A signing has an agreement: give it an (empty) one to fill in.
  useEffect(() => {
    if (draft.type === 'penandatanganan' && draft.agreement === null) {
      setForm((f) => (f && f.draft.agreement === null ? { ...f, draft: { ...f.draft, agreement: emptyAgreement() } } : f));
    }
  }, [draft.type, draft.agreement, setForm]);

  const { run, busy: saving, error, setError } = useAction(async (sent: FormValues, patch: ReturnType<typeof patchOf>['patch']) => {
    const saved = await api.call('events.update', { id: eventId, baseRev: form.baseRev, patch });
    setForm((f) => {
      const fresh: FormState = { baseRev: saved.rev, base: valuesOf(saved), draft: valuesOf(saved) };
      // Typing went on while saving: keep what was typed since.
      return !f || f.draft === sent ? fresh : { ...fresh, draft: f.draft };
    });
    setJustSaved(true);
    onSaved(saved);
  });

  const conflict = changedElsewhere || (error instanceof ApiCallError && error.code === 'CONFLICT');

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (saving) return;
    const sent = form.draft;
    const { patch, partyRows: rows } = patchOf(form.base, sent);
    if (Object.keys(patch).length === 0) return;
    setPartyRows(rows);
    await run(sent, patch);
  }

  function discard() {
    setError(null);
    // After a change elsewhere the saved values held here are stale: take the stored ones.
    if (conflict) onReload();
    else setForm((f) => (f ? { ...f, draft: f.base } : f));
  }

  const issues = fieldIssues(t, error, 'patch.');
  const issue = (field: string) => issues.get(field);
  /** Issues of the agreement's parties, by row of the table. */
  const partyIssue = (row: number, column: string) => {
    const sent = partyRows.indexOf(row);
    return sent < 0 ? undefined : issues.get(`agreement.parties.${sent}.${column}`);
  };
  const tagIssue = issue('tags') ?? [...issues.entries()].find(([k]) => k.startsWith('tags.'))?.[1];

  return (
    <form
      className="event-form"
      onSubmit={(e) => void save(e)}
      noValidate
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
          e.preventDefault();
          void save();
        }
      }}
    >
      <section id="section-details" className="card" aria-labelledby="details-title" tabIndex={-1}>
        <h2 id="details-title">{t('event.details')}</h2>
        <div className="form-grid">
          <TextField label={t('event.title')} issue={issue('title')} className="span-6" name="title" value={draft.title} maxLength={300} required onChange={(title) => update({ title })} />
          <TextField label={t('event.date')} issue={issue('date')} className="span-2" name="date" type="date" value={draft.date} required onChange={(date) => update({ date })} />
          <TextField label={t('event.time')} issue={issue('time')} className="span-1" name="time" type="time" value={draft.time} onChange={(time) => update({ time })} />
          <Field label={t('event.type')} issue={issue('type')} className="span-3">
            {(p) => <EventTypeSelect {...p} value={draft.type} onChange={(type) => update({ type })} />}
          </Field>
          <TextField
            label={t('event.venue')}
            issue={issue('venue')}
            className="span-3"
            name="venue"
            value={draft.venue}
            maxLength={300}
            placeholder={t('event.venuePlaceholder')}
            onChange={(venue) => update({ venue })}
          />
          <TextField
            label={t('event.platform')}
            issue={issue('platform')}
            className="span-3"
            name="platform"
            value={draft.platform}
            maxLength={120}
            placeholder={t('event.platformPlaceholder')}
            onChange={(platform) => update({ platform })}
          />
          <TextField
            label={t('event.organiser')}
            issue={issue('organiser')}
            className="span-3"
            name="organiser"
            value={draft.organiser}
            maxLength={300}
            placeholder={t('event.organiserPlaceholder')}
            onChange={(organiser) => update({ organiser })}
          />
          <Field label={t('event.tags')} issue={tagIssue} hint={t('event.tagsHint')} className="span-3">
            {(p) => <TagInput {...p} tags={draft.tags} onChange={(tags) => update({ tags })} />}
          </Field>
          <TextField
            label={t('event.description')}
            issue={issue('description')}
            className="span-6"
            name="description"
            rows={3}
            value={draft.description}
            maxLength={10_000}
            placeholder={t('event.descriptionPlaceholder')}
            onChange={(description) => update({ description })}
          />
        </div>
      </section>

      {showAgreement && draft.agreement && (
        <AgreementEditor
          agreement={draft.agreement}
          onChange={(agreement) => update({ agreement })}
          onRemove={
            draft.type !== 'penandatanganan'
              ? () => update({ agreement: null })
              : undefined
          }
          issue={(field) => issue(`agreement.${field}`) ?? (field === '' ? issue('agreement') : undefined)}
          partyIssue={partyIssue}
        />
      )}

      <div className={`savebar${dirty ? ' savebar-dirty' : ''}`}>
        <div className="savebar-messages">
          {conflict ? (
            <div className="banner banner-warn savebar-banner" role="alert">
              <span>{error instanceof ApiCallError && error.code === 'CONFLICT' ? t('event.conflict') : t('event.changedElsewhere')}</span>
              <button type="button" onClick={onReload}>
                {t('event.reload')}
              </button>
            </div>
          ) : (
            error !== null && <ErrorBanner error={error} onDismiss={() => setError(null)} />
          )}
          <p className="savebar-status" role="status">
            {saving ? (
              t('common.saving')
            ) : dirty ? (
              <>
                <span className="dot" aria-hidden="true" /> {t('event.unsaved')}
              </>
            ) : (
              <span className={justSaved ? 'status-ok' : undefined}>{t('event.savedAll')}</span>
            )}
          </p>
        </div>
        <div className="savebar-actions">
          <button type="button" onClick={discard} disabled={!dirty || saving}>
            {t('event.discard')}
          </button>
          <button type="submit" className="primary" disabled={!dirty || saving}>
            {t('event.saveChanges')}
          </button>
        </div>
      </div>
    </form>
  );
}
