import { useRef, useState, type DragEvent } from 'react';
import { formatBytes } from '../../components/format';
import { Field } from '../../components/ui';
import { ACCEPT, ACCEPTED_WORDS } from './file-check';

/**
 * The document to send: dropped onto the zone, or chosen with the file picker
 * inside it. The picker is a plain, visible <input type="file"> labelled
 * « Fichier »: it is what keyboard and screen-reader users use, the drop is a
 * shortcut for the mouse.
 */
export function FileField({
  file,
  error,
  disabled,
  onFile,
}: {
  file: File | null;
  error: string | undefined;
  disabled: boolean;
  onFile: (file: File | null, problem?: string) => void;
}) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    // Without preventDefault the browser opens the dropped file in place of the page.
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    if (!disabled) setOver(true);
  };
  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    // Moving over the zone's own children fires dragleave too: only leaving the zone counts.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = event.dataTransfer.files;
    if (files.length !== 1) {
      onFile(null, 'Déposez un seul fichier à la fois : le document à envoyer.');
      return;
    }
    // The picker then shows the dropped file's name too (one state for both ways in).
    try {
      if (input.current) input.current.files = files;
    } catch {
      // Older browsers do not let a script set a file input: the page still holds the file.
    }
    onFile(files[0]);
  };

  return (
    <div
      className={`dropzone pathway-dropzone${over ? ' dropzone--over' : ''}`}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <p className="pathway-dropzone-lead" aria-hidden="true">
        Glissez-déposez le document ici, ou choisissez-le ci-dessous.
      </p>
      <Field label="Fichier" hint={`${ACCEPTED_WORDS} ; 5 Mo au plus.`} error={error}>
        {(aria) => (
          <input
            {...aria}
            ref={input}
            type="file"
            name="file"
            accept={ACCEPT}
            required
            disabled={disabled}
            onChange={(event) => onFile(event.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      {file ? (
        <p className="pathway-file-chosen">
          Fichier choisi : <strong>{file.name}</strong> ({formatBytes(file.size)})
        </p>
      ) : null}
    </div>
  );
}
