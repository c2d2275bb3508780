import { useId, useState, type FormEvent } from 'react';
import { api, read } from '../../api/client';
import type { ConsentementDmp, PathwayView } from './pathway-view';
import { ProblemBanner } from './problem-banner';
import { usePathwayAction } from './use-pathway';
import { bannerError, problemAbout } from './wording';

const CHOICES: readonly { value: ConsentementDmp; label: string; hint: string }[] = [
  {
    value: 'given',
    label: 'Consentement donné',
    hint: 'Les documents du parcours sont classés dans son DMP.',
  },
  {
    value: 'refused',
    label: 'Consentement refusé',
    hint: 'Aucun document n’est classé dans son DMP.',
  },
  { value: 'not_asked', label: 'Pas encore demandé', hint: 'Le classement attend sa réponse.' },
];

/** Records the patient's answer about filing the pathway's documents in their DMP (PUT …/consent). */
export function ConsentForm({ pathway, onDone }: { pathway: PathwayView; onDone: () => void }) {
  const id = useId();
  const [value, setValue] = useState<ConsentementDmp>(pathway.consentementDmp);
  const [error, setError] = useState<string>();
  const change = usePathwayAction(
    pathway.id,
    (consentementDmp: ConsentementDmp) =>
      read<PathwayView>(
        api.PUT('/pathways/{id}/consent', {
          params: { path: { id: pathway.id } },
          body: { consentementDmp },
        }),
      ),
    onDone,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The API refuses to record the answer already on record.
    const problem =
      value === pathway.consentementDmp ? 'C’est déjà la réponse enregistrée.' : undefined;
    setError(problem);
    if (!problem) change.mutate(value);
  };

  const shown = error ?? problemAbout(change.error, 'consentementDmp');
  const errorId = `${id}-error`;
  return (
    <form className="pathway-subform" noValidate onSubmit={submit} aria-label="Consentement DMP">
      <fieldset aria-describedby={shown ? errorId : undefined}>
        <legend>Réponse du patient au classement de ses documents dans son DMP</legend>
        {CHOICES.map((choice) => (
          <div className="choice" key={choice.value}>
            <input
              type="radio"
              id={`${id}-${choice.value}`}
              name={`${id}-consent`}
              checked={value === choice.value}
              disabled={change.isPending}
              aria-describedby={`${id}-${choice.value}-hint`}
              onChange={() => setValue(choice.value)}
            />
            <div>
              <label htmlFor={`${id}-${choice.value}`}>{choice.label}</label>
              <span id={`${id}-${choice.value}-hint`} className="hint pathway-choice-hint">
                {choice.hint}
              </span>
            </div>
          </div>
        ))}
        {shown ? (
          <p id={errorId} className="field-error" role="alert">
            {shown}
          </p>
        ) : null}
      </fieldset>
      <ProblemBanner error={bannerError(change.error, ['consentementDmp'])} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={change.isPending}>
          Enregistrer le consentement
        </button>
        <button type="button" className="button" onClick={onDone}>
          Annuler
        </button>
      </div>
    </form>
  );
}
