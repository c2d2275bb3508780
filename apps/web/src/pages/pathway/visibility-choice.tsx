import { useId } from 'react';

/**
 * The DMP's visibility choices for a document. The API takes three flags and
 * refuses "hidden from the patient" together with "hidden from professionals";
 * offering one choice among four (normal, or one single mask) keeps every
 * answer one the API accepts.
 */
export const VISIBILITY_CHOICES = [
  {
    value: 'visible',
    label: 'Visible de tous',
    hint: 'Le patient et les professionnels y ont accès.',
  },
  {
    value: 'hiddenFromPatient',
    label: 'Masqué au patient',
    hint: 'Jusqu’à ce qu’un professionnel l’en ait informé.',
  },
  {
    value: 'hiddenFromProfessionals',
    label: 'Masqué aux professionnels',
    hint: 'Les autres professionnels de santé ne le voient pas.',
  },
  {
    value: 'hiddenFromLegalRepresentatives',
    label: 'Masqué aux représentants légaux',
    hint: 'Les représentants légaux du patient ne le voient pas.',
  },
] as const;

export type Visibility = (typeof VISIBILITY_CHOICES)[number]['value'];

export function VisibilityChoice({
  value,
  error,
  disabled,
  onChange,
}: {
  value: Visibility;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: Visibility) => void;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset
      className={error ? 'field--error' : undefined}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>Visibilité dans le DMP</legend>
      {VISIBILITY_CHOICES.map((choice) => (
        <div className="choice" key={choice.value}>
          <input
            type="radio"
            id={`${id}-${choice.value}`}
            name={`${id}-visibility`}
            value={choice.value}
            checked={value === choice.value}
            disabled={disabled}
            aria-describedby={`${id}-${choice.value}-hint`}
            onChange={() => onChange(choice.value)}
          />
          {/* The hint stays out of the label: the choice's accessible name is its label alone. */}
          <div>
            <label htmlFor={`${id}-${choice.value}`}>{choice.label}</label>
            <span id={`${id}-${choice.value}-hint`} className="hint pathway-choice-hint">
              {choice.hint}
            </span>
          </div>
        </div>
      ))}
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
