/**
 * Form fields: a label, the control, and the host's complaint about it (or a hint) under it,
 * wired for screen readers (`for`, `aria-invalid`, `aria-describedby`).
 *
 * Owns: `Field` (any control, given as a render function) and `TextField` (the text input or
 * textarea block every form repeats).
 */
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';

export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** A labelled form control with the host's complaint about it, if any. */
export function Field({
  label,
  issue,
  hint,
  className,
  children,
}: {
  label: string;
  issue?: string | undefined;
  hint?: string | undefined;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const noteId = `${id}-note`;
  const note = issue ?? hint;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(issue ? { 'aria-invalid': true as const } : {}),
        ...(note ? { 'aria-describedby': noteId } : {}),
      })}
      {note && (
        <small id={noteId} className={issue ? 'field-error' : 'muted'}>
          {note}
        </small>
      )}
    </div>
  );
}

type TextInputProps = Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'maxLength' | 'placeholder' | 'required' | 'autoFocus' | 'onKeyDown'>;

/** A labelled text input — or, with `rows`, a textarea — whose value is a string. */
export function TextField({
  label,
  issue,
  hint,
  className,
  name,
  value,
  onChange,
  rows,
  inputRef,
  ...input
}: TextInputProps & {
  label: string;
  issue?: string | undefined;
  hint?: string | undefined;
  className?: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  /** A textarea of this many rows instead of an input. */
  rows?: number;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <Field label={label} issue={issue} hint={hint} {...(className ? { className } : {})}>
      {(p) =>
        rows ? (
          <textarea {...p} name={name} rows={rows} value={value} maxLength={input.maxLength} placeholder={input.placeholder} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input {...p} {...input} ref={inputRef} name={name} value={value} onChange={(e) => onChange(e.target.value)} />
        )
      }
    </Field>
  );
}
