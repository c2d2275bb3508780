import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { ApiProblem } from '../api/client';

/** A labelled input with its hint and its error, tied together for screen readers. */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: (props: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
  }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div id={hintId} className="hint">
          {hint}
        </div>
      ) : null}
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
      })}
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextInput({
  label,
  hint,
  error,
  ...input
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
} & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(aria) => <input {...input} {...aria} />}
    </Field>
  );
}

export function SelectInput({
  label,
  hint,
  error,
  children,
  ...select
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(aria) => (
        <select {...select} {...aria}>
          {children}
        </select>
      )}
    </Field>
  );
}

export function TextArea({
  label,
  hint,
  error,
  ...area
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
} & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(aria) => <textarea {...area} {...aria} />}
    </Field>
  );
}

/** An error that is about the whole form (or the page), read out when it appears. */
export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof ApiProblem
      ? error.message
      : error instanceof Error
        ? error.message
        : 'Une erreur inattendue est survenue.';
  return (
    <div className="banner banner--error" role="alert">
      {message}
    </div>
  );
}

export function Loading({ what = 'Chargement' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

export type Tone = 'neutral' | 'todo' | 'late' | 'done' | 'waiting' | 'info' | 'skipped';

/** A state in words and colour (never colour alone). */
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

/** The message of a failed call to show next to a field (what the API said about it), if any. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiProblem ? error.about(field) : undefined;
}
