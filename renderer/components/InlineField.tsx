/**
 * A small text field saved on its own (a recording's label, a photo's caption).
 *
 * Owns: its editing cycle — saved when it loses focus or on Enter, Escape puts back the saved
 * value, and what it says meanwhile (saving, saved, "Enter untuk menyimpan", the error).
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';

export function InlineField({
  label,
  value,
  placeholder,
  maxLength,
  onSave,
  name,
}: {
  label: string;
  value: string;
  placeholder?: string;
  maxLength: number;
  onSave: (value: string) => Promise<unknown>;
  name: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<unknown>(null);
  const statusId = useId();
  const dirty = text.trim() !== value;

  // Follow changes made elsewhere while this field is not being edited.
  useEffect(() => {
    setText((current) => (current.trim() === value ? current : value));
  }, [value]);

  async function save() {
    if (!dirty || state === 'saving') return;
    setState('saving');
    setError(null);
    try {
      await onSave(text.trim());
      setState('saved');
    } catch (e) {
      setError(e);
      setState('idle');
    }
  }

  return (
    <label className="field inline-field">
      <span>{label}</span>
      <input
        name={name}
        value={text}
        maxLength={maxLength}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={statusId}
        onChange={(e) => {
          setText(e.target.value);
          setState('idle');
        }}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') {
            setText(value);
            setError(null);
          }
        }}
      />
      <small id={statusId} className={error ? 'field-error' : 'muted'} aria-live="polite">
        {error ? errorMessage(t, error) : state === 'saving' ? t('common.saving') : state === 'saved' && !dirty ? t('common.saved') : dirty ? t('common.pressEnterToSave') : ''}
      </small>
    </label>
  );
}
