/**
 * Settings › Arsip: what is stored in the archive itself and travels with it.
 *
 * Owns: how quotes are attributed (the verb and the form of the speaker, with a live example), the
 * default transcription language, the glossary (terms spelled right by Whisper and expanded in
 * search) and the replacement list applied after transcription — each saved on its own.
 */
import { useEffect, useRef, useState, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTRIBUTION_STYLES, ATTRIBUTION_VERBS, formatAttribution, type AttributionStyle } from '../../../main/api/attribution';
import type { CallInput } from '../../../main/api/contract';
import { GLOSSARY_KINDS, RECORDING_LANGUAGES, type ArchiveSettingsView, type GlossaryEntry, type RecordingLanguage, type Replacement } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { archiveSettings, useArchiveSettings } from '../../lib/directory';
import { fieldIssues } from '../../lib/errors';

type Patch = CallInput<'archive.updateSettings'>;

export function ArchiveSettings({ focus }: { focus: boolean }) {
  const { t } = useTranslation();
  const { value: settings, error: loadError } = useArchiveSettings();
  const ref = useRef<HTMLElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    if (focus && settings) {
      ref.current?.scrollIntoView({ block: 'start' });
      ref.current?.focus({ preventScroll: true });
    }
  }, [focus, settings]);

  async function save(patch: Patch, what: string): Promise<boolean> {
    setError(null);
    setStatus(t('common.saving'));
    try {
      archiveSettings.set(await api.call('archive.updateSettings', patch));
      setStatus(t('archiveSettings.saved', { what }));
      return true;
    } catch (e) {
      setError(e);
      setStatus('');
      return false;
    }
  }

  return (
    <section ref={ref} id="settings-archive" className="card archive-settings" aria-labelledby="settings-archive-title" tabIndex={-1}>
      <h2 id="settings-archive-title">{t('archiveSettings.title')}</h2>
      <p className="muted">{t('archiveSettings.intro')}</p>
      <ErrorBanner error={loadError} />
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {settings && (
        <>
          <Attribution settings={settings} onSave={save} />
          <div className="field">
            <label htmlFor="default-language">{t('archiveSettings.defaultLanguage')}</label>
            <select
              id="default-language"
              name="defaultLanguage"
              value={settings.defaultLanguage}
              onChange={(e) => void save({ defaultLanguage: e.target.value as RecordingLanguage }, t('archiveSettings.defaultLanguage'))}
            >
              {RECORDING_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`recording.languages.${l}`)}
                </option>
              ))}
            </select>
            <small className="muted">{t('archiveSettings.defaultLanguageHint')}</small>
          </div>
          <Glossary entries={settings.glossary} error={error} onSave={(glossary) => save({ glossary }, t('archiveSettings.glossary.title'))} />
          <Replacements entries={settings.replacements} error={error} onSave={(replacements) => save({ replacements }, t('archiveSettings.replacements.title'))} />
        </>
      )}
      <p className="muted small-inline" role="status">
        {status}
      </p>
    </section>
  );
}

function Attribution({ settings, onSave }: { settings: ArchiveSettingsView; onSave: (patch: Patch, what: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [verb, setVerb] = useState(settings.attributionVerb);
  const [style, setStyle] = useState<AttributionStyle>(settings.attributionStyle);
  useEffect(() => setVerb(settings.attributionVerb), [settings.attributionVerb]);
  useEffect(() => setStyle(settings.attributionStyle), [settings.attributionStyle]);
  const sample = { text: t('archiveSettings.sampleQuote'), speakerName: 'Mashudi', speakerTitle: t('archiveSettings.sampleTitle') };
  const verbs: readonly string[] = ATTRIBUTION_VERBS.includes(verb as (typeof ATTRIBUTION_VERBS)[number]) ? ATTRIBUTION_VERBS : [verb, ...ATTRIBUTION_VERBS];
  return (
    <fieldset className="attribution-settings">
      <legend>{t('archiveSettings.attribution')}</legend>
      <p className="muted small-inline">{t('archiveSettings.attributionIntro')}</p>
      <div className="field">
        <label htmlFor="attribution-verb">{t('archiveSettings.verb')}</label>
        <select
          id="attribution-verb"
          name="attributionVerb"
          value={verb}
          onChange={(e) => {
            setVerb(e.target.value);
            void onSave({ attributionVerb: e.target.value }, t('archiveSettings.verb'));
          }}
        >
          {verbs.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <div className="radio-group" role="radiogroup" aria-labelledby="attribution-style-label">
        <span id="attribution-style-label" className="radio-group-label">
          {t('archiveSettings.style')}
        </span>
        {ATTRIBUTION_STYLES.map((s) => (
          <label key={s} className="check">
            <input
              type="radio"
              name="attributionStyle"
              value={s}
              checked={style === s}
              onChange={() => {
                setStyle(s);
                void onSave({ attributionStyle: s }, t('archiveSettings.style'));
              }}
            />
            <span>
              {t(`archiveSettings.styles.${s}`)}
              <span className="muted small-inline"> — {formatAttribution({ ...sample, text: '…' }, verb, s).replace(/^“…,” /, '')}</span>
            </span>
          </label>
        ))}
      </div>
      <div className="attribution-example" aria-live="polite">
        <span className="muted small-inline">{t('archiveSettings.example')}</span>
        <p className="attribution-example-text">{formatAttribution(sample, verb, style)}</p>
      </div>
    </fieldset>
  );
}

const kindsOf = GLOSSARY_KINDS;

/** An editable list of rows; saved as a whole. */
function useRows<T>(initial: T[]) {
  const [rows, setRows] = useState<T[]>(initial);
  const [dirty, setDirty] = useState(false);
  const key = JSON.stringify(initial);
  useEffect(() => {
    setRows(JSON.parse(key) as T[]);
    setDirty(false);
  }, [key]);
  return {
    rows,
    dirty,
    set: (next: T[]) => {
      setRows(next);
      setDirty(true);
    },
    reset: () => {
      setRows(JSON.parse(key) as T[]);
      setDirty(false);
    },
    done: () => setDirty(false),
  };
}

/**
 * An archive-wide list edited as a table and saved as a whole (the glossary, the replacements):
 * rows added (the new row's first field focused), changed and removed, then saved or discarded.
 * `section` names the i18n keys (`archiveSettings.<section>.title|intro|add|save`).
 */
function ListEditor<T>({
  section,
  entries,
  onSave,
  blank,
  filled,
  tableClass,
  head,
  cells,
  note,
}: {
  section: 'glossary' | 'replacements';
  entries: T[];
  onSave: (rows: T[]) => Promise<boolean>;
  blank: T;
  /** Rows kept when saving (an empty row is dropped). */
  filled: (row: T) => boolean;
  tableClass?: string;
  head: ReactNode;
  /** The cells of row `i`; `first` goes on its first input (focused when the row is added). */
  cells: (row: T, i: number, update: (patch: Partial<T>) => void, first: Ref<HTMLInputElement> | undefined) => ReactNode;
  note?: ReactNode;
}) {
  const { t } = useTranslation();
  const list = useRows(entries);
  const lastInput = useRef<HTMLInputElement>(null);
  const [added, setAdded] = useState(false);
  useEffect(() => {
    if (added) lastInput.current?.focus();
    setAdded(false);
  }, [added]);
  const titleId = `${section}-title`;
  return (
    <section className="list-editor" aria-labelledby={titleId}>
      <h3 id={titleId} className="subhead">
        {t(`archiveSettings.${section}.title`)}
      </h3>
      <p className="muted small-inline">{t(`archiveSettings.${section}.intro`)}</p>
      {list.rows.length > 0 && (
        <table className={`parties-table list-table ${tableClass ?? ""}`.trim()}>
          <thead>
            <tr>
              {head}
              <th scope="col" className="col-actions">
                <span className="visually-hidden">{t('speakers.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r, i) => (
              <tr key={i}>
                {cells(r, i, (patch) => list.set(list.rows.map((row, k) => (k === i ? { ...row, ...patch } : row))), i === list.rows.length - 1 ? lastInput : undefined)}
                <td className="col-actions">
                  <button
                    type="button"
                    className="icon-button icon-danger"
                    aria-label={t('archiveSettings.removeRow', { n: i + 1 })}
                    onClick={() => list.set(list.rows.filter((_, k) => k !== i))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="add-row"
          onClick={() => {
            list.set([...list.rows, { ...blank }]);
            setAdded(true);
          }}
        >
          {t(`archiveSettings.${section}.add`)}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!list.dirty}
          onClick={() => {
            void onSave(list.rows.filter(filled)).then((ok) => ok && list.done());
          }}
        >
          {t(`archiveSettings.${section}.save`)}
        </button>
        {list.dirty && (
          <button type="button" onClick={list.reset}>
            {t('archiveSettings.discard')}
          </button>
        )}
      </div>
      {note}
    </section>
  );
}

function Glossary({ entries, error, onSave }: { entries: GlossaryEntry[]; error: unknown; onSave: (rows: GlossaryEntry[]) => Promise<boolean> }) {
  const { t } = useTranslation();
  const issues = fieldIssues(t, error);
  return (
    <ListEditor<GlossaryEntry>
      section="glossary"
      entries={entries}
      onSave={onSave}
      blank={{ term: '', expansion: '', kind: 'acronym' }}
      filled={(r) => r.term.trim() !== ''}
      head={
        <>
          <th scope="col">{t('archiveSettings.glossary.term')}</th>
          <th scope="col">{t('archiveSettings.glossary.expansion')}</th>
          <th scope="col">{t('archiveSettings.glossary.kind')}</th>
        </>
      }
      cells={(r, i, update, first) => (
        <>
          <td>
            <input
              ref={first}
              name="term"
              aria-label={t('archiveSettings.glossary.termN', { n: i + 1 })}
              value={r.term}
              maxLength={120}
              placeholder="Ditjenpas"
              aria-invalid={issues.has(`glossary.${i}.term`) || undefined}
              onChange={(e) => update({ term: e.target.value })}
            />
          </td>
          <td>
            <input
              name="expansion"
              aria-label={t('archiveSettings.glossary.expansionN', { n: i + 1 })}
              value={r.expansion}
              maxLength={300}
              placeholder={t('archiveSettings.glossary.expansionPlaceholder')}
              onChange={(e) => update({ expansion: e.target.value })}
            />
          </td>
          <td>
            <select
              name="kind"
              aria-label={t('archiveSettings.glossary.kindN', { n: i + 1 })}
              value={r.kind}
              onChange={(e) => update({ kind: e.target.value as GlossaryEntry['kind'] })}
            >
              {kindsOf.map((k) => (
                <option key={k} value={k}>
                  {t(`archiveSettings.glossary.kinds.${k}`)}
                </option>
              ))}
            </select>
          </td>
        </>
      )}
    />
  );
}

function Replacements({ entries, error, onSave }: { entries: Replacement[]; error: unknown; onSave: (rows: Replacement[]) => Promise<boolean> }) {
  const { t } = useTranslation();
  const issues = fieldIssues(t, error);
  return (
    <ListEditor<Replacement>
      section="replacements"
      entries={entries}
      onSave={onSave}
      blank={{ from: '', to: '' }}
      filled={(r) => r.from.trim() !== ''}
      tableClass="replacements-table"
      head={
        <>
          <th scope="col">{t('archiveSettings.replacements.from')}</th>
          <th scope="col" aria-hidden="true" className="col-arrow" />
          <th scope="col">{t('archiveSettings.replacements.to')}</th>
        </>
      }
      cells={(r, i, update, first) => (
        <>
          <td>
            <input
              ref={first}
              name="from"
              aria-label={t('archiveSettings.replacements.fromN', { n: i + 1 })}
              value={r.from}
              maxLength={200}
              placeholder="dirjen pas"
              aria-invalid={issues.has(`replacements.${i}.from`) || undefined}
              onChange={(e) => update({ from: e.target.value })}
            />
          </td>
          <td className="col-arrow" aria-hidden="true">
            →
          </td>
          <td>
            <input
              name="to"
              aria-label={t('archiveSettings.replacements.toN', { n: i + 1 })}
              value={r.to}
              maxLength={200}
              placeholder="Dirjenpas"
              onChange={(e) => update({ to: e.target.value })}
            />
          </td>
        </>
      )}
      note={<p className="muted small-inline">{t('archiveSettings.replacements.note')}</p>}
    />
  );
}
