import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

/** A labelled checkbox with its hint and the API's problem, tied together for screen readers. */
export function Checkbox({
  label,
  hint,
  error,
  ...input
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field checkbox${error ? ' field--error' : ''}`}>
      <div className="choice">
        <input
          {...input}
          type="checkbox"
          id={id}
          {...(describedBy ? { 'aria-describedby': describedBy } : {})}
          {...(error ? { 'aria-invalid': true } : {})}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint ? (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
