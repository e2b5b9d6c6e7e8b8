/**
 * The editor's shortcuts panel (in its side column): every row of the one shortcut table
 * (useEditorKeys.ts), keys and what they do — so what is listed is what the keys do.
 */
import { useTranslation } from 'react-i18next';
import { EDITOR_SHORTCUTS } from './useEditorKeys';

export function ShortcutsPanel() {
  const { t } = useTranslation();
  return (
    <section className="side-card shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t('editor.shortcuts.title')}</h2>
      <dl className="shortcut-list">
        {EDITOR_SHORTCUTS.map(({ keys, what }) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{t(what)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small-inline side-hint">{t('editor.shortcuts.note')}</p>
    </section>
  );
}
