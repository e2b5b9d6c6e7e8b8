/**
 * Where files arrive: dropped from the file manager, or chosen with the picker ("Pilih berkas").
 *
 * Owns: the drop zone and its picker — a real, labelled `<input type="file">` (keyboard and
 * screen-reader operable); the zone around it takes drops (files only, not text or links).
 */
import { useId, useState, type DragEvent, type ReactNode } from 'react';

export function DropZone({
  title,
  hint,
  buttonLabel,
  accept,
  onFiles,
  disabled,
  name,
}: {
  title: string;
  hint: ReactNode;
  buttonLabel: string;
  accept: string;
  onFiles: (files: File[]) => void;
  disabled?: boolean;
  name: string;
}) {
  const [over, setOver] = useState(false);
  const hintId = useId();
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');
  return (
    <div
      className={`dropzone${over ? ' dropzone-over' : ''}`}
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = Array.from(e.dataTransfer.files);
        if (!disabled && files.length) onFiles(files);
      }}
    >
      <div className="dropzone-text">
        <strong>{title}</strong>
        <span className="muted" id={hintId}>
          {hint}
        </span>
      </div>
      <label className={`file-button${disabled ? ' file-button-disabled' : ''}`}>
        {buttonLabel}
        <input
          type="file"
          className="visually-hidden"
          name={name}
          multiple
          accept={accept}
          disabled={disabled}
          aria-describedby={hintId}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = ''; // the same file may be chosen again later
            if (files.length) onFiles(files);
          }}
        />
      </label>
    </div>
  );
}
