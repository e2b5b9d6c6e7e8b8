import { useId, type ReactNode } from 'react';

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
  hint?: string;
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
