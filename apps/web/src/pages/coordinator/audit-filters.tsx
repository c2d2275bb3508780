import type { FormEvent } from 'react';
import { SelectInput } from '../../components/ui';
import { EVENT_LABELS } from './audit-labels';
import { type CptsChoice, CptsSelect } from './cpts-choice';
import { fieldProblem } from './french';
import { PeriodFields, formText } from './period-fields';
import { useSearchUpdate } from './search';

/**
 * The audit page's filters, written in the URL on submit: `?cpts`, `?du`
 * and `?au` (the API's from/to, Paris days, both optional), `?type`.
 */
export function AuditFilters({
  choice,
  from,
  to,
  type,
  error,
}: {
  choice: CptsChoice;
  from: string;
  to: string;
  type: string;
  error: unknown;
}) {
  const update = useSearchUpdate();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update({
      ...(choice.selectable ? { cpts: formText(form, 'cpts') } : {}),
      du: formText(form, 'du'),
      au: formText(form, 'au'),
      type: formText(form, 'type'),
    });
  };
  const known = type === '' || type in EVENT_LABELS;
  const typeError = fieldProblem(error, 'type');
  return (
    <form className="panel filters" onSubmit={submit} aria-label="Filtrer le journal d'audit">
      <div className="row">
        {choice.selectable ? (
          <CptsSelect choice={choice} empty={{ value: '', label: '— Choisir une CPTS —' }} />
        ) : null}
        <PeriodFields from={from} to={to} error={error} />
        <SelectInput label="Événement" name="type" defaultValue={type} error={typeError}>
          <option value="">Tous les événements</option>
          {known ? null : <option value={type}>{type}</option>}
          {Object.entries(EVENT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectInput>
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary">
          Filtrer
        </button>
        {from || to || type ? (
          <button
            type="button"
            className="button"
            onClick={() => update({ du: null, au: null, type: null })}
          >
            Effacer les filtres
          </button>
        ) : null}
      </div>
    </form>
  );
}
