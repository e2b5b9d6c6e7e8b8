/**
 * The speakers of the transcript being edited, in the editor's side column.
 *
 * Owns: what each label looks like (name — the linked person's —, jabatan, colour, how long it
 * speaks: useLabelViews) and the panel: rename a placeholder, link a label to a directory person
 * (or to a new one, added on the spot) — naming every segment of that speaker at once —, unlink,
 * remove an unused label, add one; and what "Kenali pembicara" found for a label (voices.ts): a
 * ▶ sample of its voice, the people it resembles ("Mashudi? (kemiripan 0,82)": one click links,
 * nothing is linked without it), and merging it into another label (two clusters, one voice).
 */
import { useId, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatNumber } from '../../../main/api/format';
import type { Speaker, TranscriptLabel } from '../../../main/api/schemas';
import { api } from '../../lib/api';
import { directory } from '../../lib/directory';
import { errorMessage, fieldIssues } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { hrefOf } from '../../lib/router';
import type { Doc } from './doc';
import type { LabelVoice } from './voices';
import { useAction } from '../../lib/useAction';
import { TextField } from '../../components/Field';

export interface LabelView {
  label: TranscriptLabel;
  /** The linked person, when linked (and still in the directory). */
  person: Speaker | null;
  /** What the transcript shows: the person's name, else the label's. */
  name: string;
  title: string;
  color: string;
  segments: number;
  seconds: number;
}

export const SPEAKER_COLORS = ['#7a1f1f', '#1f5f7a', '#2f6f3e', '#8a5a00', '#5b3f8c', '#0f6d6d', '#9a3b6b', '#4a4f57'];

/**
 * What the transcript shows of each label (`rows`: name, jabatan, colour — it changes with the
 * labels and the directory only, not with every keystroke, so the memoised rows stay put) and
 * what the panel adds (`panel`: how many segments and how long each speaks).
 */
export function useLabelViews(doc: Doc, people: Speaker[] | null): { rows: LabelView[]; panel: LabelView[] } {
  const rows = useMemo<LabelView[]>(
    () =>
      doc.labels.map((label, i) => {
        const person = label.speakerId ? (people?.find((p) => p.id === label.speakerId) ?? null) : null;
        return {
          label,
          person,
          name: person?.name ?? label.name,
          title: person?.title ?? '',
          color: SPEAKER_COLORS[i % SPEAKER_COLORS.length] as string,
          segments: 0,
          seconds: 0,
        };
      }),
    [doc.labels, people],
  );
  const panel = useMemo<LabelView[]>(() => {
    const stats = new Map<string, { segments: number; seconds: number }>();
    for (const s of doc.segments) {
      if (!s.speaker) continue;
      const st = stats.get(s.speaker) ?? { segments: 0, seconds: 0 };
      st.segments++;
      st.seconds += Math.max(0, s.end - s.start);
      stats.set(s.speaker, st);
    }
    return rows.map((l) => ({ ...l, segments: stats.get(l.label.id)?.segments ?? 0, seconds: stats.get(l.label.id)?.seconds ?? 0 }));
  }, [doc.segments, rows]);
  return { rows, panel };
}

/**
 * The speakers of this transcript: placeholders ("Pembicara 1, 2…") and names from an imported
 * file, each linked — or not yet — to a person of the archive's directory. Renaming or linking a
 * label changes every segment that carries it at once. Alt+n gives the n-th label to the current
 * segment.
 */
export function SpeakerPanel({
  labels,
  people,
  voices,
  onRename,
  onLink,
  onRemove,
  onNew,
  onMerge,
  onSample,
  children,
}: {
  labels: LabelView[];
  people: Speaker[] | null;
  /** What "Kenali pembicara" found, by label id. */
  voices: Map<string, LabelVoice>;
  onRename: (id: string, name: string) => void;
  onLink: (id: string, speakerId: string | null) => void;
  onRemove: (id: string) => void;
  onNew: () => void;
  onMerge: (from: string, into: string) => void;
  onSample: (start: number, end: number) => void;
  /** Shown under the title ("Kenali pembicara"). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="side-card speaker-panel" aria-labelledby="speaker-panel-title">
      <div className="side-card-head">
        <h2 id="speaker-panel-title">{t('editor.speakers.title')}</h2>
        <a href={hrefOf({ name: 'speakers' })} className="small-inline">
          {t('editor.speakers.directory')}
        </a>
      </div>
      {children}
      {labels.length === 0 ? (
        <p className="muted small-inline">{t('editor.speakers.none')}</p>
      ) : (
        <ol className="label-list">
          {labels.map((l, i) => (
            <LabelItem
              key={l.label.id}
              view={l}
              index={i}
              people={people}
              voice={voices.get(l.label.id)}
              others={labels.filter((o) => o.label.id !== l.label.id)}
              onRename={onRename}
              onLink={onLink}
              onRemove={onRemove}
              onMerge={onMerge}
              onSample={onSample}
            />
          ))}
        </ol>
      )}
      <button type="button" className="add-row" onClick={onNew} aria-keyshortcuts="Alt+N">
        {t('editor.speakers.new')} <kbd>Alt+N</kbd>
      </button>
      <p className="muted small-inline side-hint">{t('editor.speakers.hint')}</p>
    </section>
  );
}

const NEW_PERSON = '__new';

function LabelItem({
  view,
  index,
  people,
  voice,
  others,
  onRename,
  onLink,
  onRemove,
  onMerge,
  onSample,
}: {
  view: LabelView;
  index: number;
  people: Speaker[] | null;
  voice: LabelVoice | undefined;
  others: LabelView[];
  onRename: (id: string, name: string) => void;
  onLink: (id: string, speakerId: string | null) => void;
  onRemove: (id: string) => void;
  onMerge: (from: string, into: string) => void;
  onSample: (start: number, end: number) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { label, person } = view;
  const [mode, setMode] = useState<'view' | 'rename' | 'link' | 'merge'>('view');
  const [mergeInto, setMergeInto] = useState('');
  const [name, setName] = useState(label.name);
  const [choice, setChoice] = useState<string>('');
  const [fields, setFields] = useState({ name: '', title: '', org: '' });
  const formId = useId();
  const linking = useAction(async () => {
    const added = await api.call('speakers.add', { name: fields.name, title: fields.title, org: fields.org });
    void directory.refresh();
    onLink(label.id, added.id);
    setMode('view');
  });
  const { busy, error, setError } = linking;

  const openLink = () => {
    const match = people?.find((p) => p.name.toLowerCase() === label.name.toLowerCase());
    setChoice(match?.id ?? (people && people.length > 0 ? '' : NEW_PERSON));
    setFields({ name: label.name.startsWith(t('editor.speakers.placeholderPrefix')) ? '' : label.name, title: '', org: '' });
    setError(null);
    setMode('link');
  };

  function link() {
    setError(null);
    if (choice === NEW_PERSON) void linking.run();
    else if (choice) {
      onLink(label.id, choice);
      setMode('view');
    }
  }

  const issues = fieldIssues(t, error);
  const escape = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setMode('view');
    }
  };

  return (
    <li className="label-item" data-label-id={label.id} style={{ '--spk': view.color } as CSSProperties}>
      <div className="label-main">
        <span className="label-swatch" aria-hidden="true" />
        <div className="label-text">
          <strong className="label-name">{view.name}</strong>
          {person ? (
            <span className="label-title">{person.title || t('editor.speakers.noTitle')}</span>
          ) : (
            <span className="label-unlinked">{t('editor.speakers.unlinked')}</span>
          )}
          <span className="muted label-stats">
            {t('editor.speakers.stats', { count: view.segments, time: formatClock(view.seconds) })}
          </span>
        </div>
        {index < 9 && <kbd className="label-key" title={t('editor.speakers.keyHint', { n: index + 1 })}>Alt+{index + 1}</kbd>}
      </div>
      {mode === 'view' && voice && (voice.sample || (!person && voice.suggestions.length > 0)) && (
        <div className="label-voice">
          {voice.sample && (
            <button type="button" className="link-button label-sample" onClick={() => onSample(voice.sample!.start, voice.sample!.end)}>
              {t('diarization.sample')}
              <span className="visually-hidden"> {view.name}</span>
            </button>
          )}
          {!person &&
            voice.suggestions.slice(0, 2).map((s) => (
              <button
                key={s.speakerId}
                type="button"
                className="label-suggestion"
                title={t('diarization.suggestionTitle')}
                onClick={() => onLink(label.id, s.speakerId)}
              >
                {t('diarization.suggestion', { name: s.name, similarity: formatNumber(s.similarity, lang, 2) })}
                <span className="visually-hidden"> {t('diarization.suggestionFor', { name: view.name })}</span>
              </button>
            ))}
        </div>
      )}
      {mode === 'view' && (
        <div className="label-actions">
          <button type="button" className="link-button" onClick={openLink}>
            {person ? t('editor.speakers.changePerson') : t('editor.speakers.link')}
            <span className="visually-hidden"> {view.name}</span>
          </button>
          {!person && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setName(label.name);
                setMode('rename');
              }}
            >
              {t('editor.speakers.rename')}
              <span className="visually-hidden"> {view.name}</span>
            </button>
          )}
          {person && (
            <button type="button" className="link-button" onClick={() => onLink(label.id, null)}>
              {t('editor.speakers.unlink')}
              <span className="visually-hidden"> {view.name}</span>
            </button>
          )}
          {others.length > 0 && view.segments > 0 && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setMergeInto('');
                setMode('merge');
              }}
            >
              {t('diarization.merge')}
              <span className="visually-hidden"> {view.name}</span>
            </button>
          )}
          {view.segments === 0 && (
            <button type="button" className="link-button" onClick={() => onRemove(label.id)}>
              {t('editor.speakers.remove')}
              <span className="visually-hidden"> {view.name}</span>
            </button>
          )}
        </div>
      )}
      {mode === 'merge' && (
        <form
          className="label-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (mergeInto) onMerge(label.id, mergeInto);
            setMode('view');
          }}
          onKeyDown={escape}
        >
          <label className="field">
            <span>{t('diarization.mergeLabel', { name: view.name })}</span>
            <select name="mergeInto" value={mergeInto} autoFocus onChange={(e) => setMergeInto(e.target.value)}>
              <option value="" disabled>
                {t('diarization.mergeChoose')}
              </option>
              {others.map((o) => (
                <option key={o.label.id} value={o.label.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!mergeInto}>
              {t('diarization.mergeButton')}
            </button>
            <button type="button" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {mode === 'rename' && (
        <form
          className="label-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) onRename(label.id, name.trim());
            setMode('view');
          }}
          onKeyDown={escape}
        >
          <TextField label={t('editor.speakers.labelName')} name="labelName" value={name} maxLength={120} autoFocus onChange={setName} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!name.trim()}>
              {t('editor.speakers.saveName')}
            </button>
            <button type="button" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {mode === 'link' && (
        <form
          className="label-form"
          aria-labelledby={`${formId}-title`}
          onSubmit={(e) => {
            e.preventDefault();
            link();
          }}
          onKeyDown={escape}
        >
          <p id={`${formId}-title`} className="label-form-title">
            {t('editor.speakers.linkTitle', { name: view.name })}
          </p>
          <label className="field">
            <span>{t('editor.speakers.person')}</span>
            <select name="person" value={choice} autoFocus onChange={(e) => setChoice(e.target.value)}>
              <option value="" disabled>
                {t('editor.speakers.choosePerson')}
              </option>
              {(people ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {[p.name, p.title].filter(Boolean).join(' — ')}
                </option>
              ))}
              <option value={NEW_PERSON}>{t('editor.speakers.newPerson')}</option>
            </select>
          </label>
          {choice === NEW_PERSON && (
            <fieldset className="new-person">
              <legend className="visually-hidden">{t('editor.speakers.newPerson')}</legend>
              <TextField label={t('speakers.name')} issue={issues.get('name')} name="personName" value={fields.name} maxLength={120} onChange={(n) => setFields({ ...fields, name: n })} />
              <TextField
                label={t('speakers.title')}
                name="personTitle"
                value={fields.title}
                maxLength={200}
                placeholder={t('speakers.titlePlaceholder')}
                onChange={(title) => setFields({ ...fields, title })}
              />
              <TextField
                label={t('speakers.org')}
                name="personOrg"
                value={fields.org}
                maxLength={200}
                placeholder={t('speakers.orgPlaceholder')}
                onChange={(org) => setFields({ ...fields, org })}
              />
            </fieldset>
          )}
          {error !== null && issues.size === 0 && (
            <p className="field-error" role="alert">
              {errorMessage(t, error)}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy || !choice || (choice === NEW_PERSON && !fields.name.trim())}>
              {choice === NEW_PERSON ? t('editor.speakers.addAndLink') : t('editor.speakers.linkButton')}
            </button>
            <button type="button" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
