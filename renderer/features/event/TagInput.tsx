/**
 * The tag input (event tags, quote tags): tags as chips; Enter, a comma or leaving the box makes
 * the text tags; Backspace in the empty box takes the last one back; each chip has a labelled
 * remove button.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ControlProps } from '../../components/Field';
import { splitTags } from './form';

export function TagInput({ tags, onChange, ...control }: ControlProps & { tags: string[]; onChange: (tags: string[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');

  const commit = (value: string) => {
    const added = splitTags(value).filter((tag) => !tags.some((x) => x.toLowerCase() === tag.toLowerCase()));
    if (added.length) onChange([...tags, ...added]);
    setText('');
  };

  return (
    <div className="tag-input" data-invalid={control["aria-invalid"] ? true : undefined}>
      {tags.length > 0 && (
        <ul className="tag-list" aria-label={t('event.tagList')}>
          {tags.map((tag) => (
            <li key={tag} className="tag">
              <span>{tag}</span>
              <button
                type="button"
                className="tag-remove"
                aria-label={t('event.removeTag', { tag })}
                onClick={() => onChange(tags.filter((x) => x !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        {...control}
        name="tags"
        value={text}
        maxLength={600}
        placeholder={tags.length ? '' : t('event.tagsPlaceholder')}
        onChange={(e) => {
          const value = e.target.value;
          if (/[,;]/.test(value)) commit(value);
          else setText(value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault(); // Enter makes a tag here; it does not save the form
            if (text.trim()) commit(text);
          } else if (e.key === 'Backspace' && text === '' && tags.length) {
            e.preventDefault();
            setText(tags[tags.length - 1] ?? '');
            onChange(tags.slice(0, -1));
          }
        }}
        onBlur={() => text.trim() && commit(text)}
      />
    </div>
  );
}
