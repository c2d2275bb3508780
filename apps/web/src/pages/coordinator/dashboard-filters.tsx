import type { FormEvent } from 'react';
import { ALL_CPTS, type CptsChoice, CptsSelect } from './cpts-choice';
import type { IndicatorPeriod } from './indicator-view';
import { PeriodFields, formText } from './period-fields';
import { useSearchUpdate } from './search';

/**
 * The dashboard's CPTS and period. Submitting writes them in the URL (the
 * page reads nothing else), so the view can be bookmarked and shared; the
 * form is rebuilt from the URL whenever it changes (its key).
 */
export function DashboardFilters({
  choice,
  period,
  asked,
  error,
  aggregate,
}: {
  choice: CptsChoice;
  period: IndicatorPeriod;
  /** The URL names a period (else the last 12 months, which "reset" goes back to). */
  asked: boolean;
  error: unknown;
  /** An administrator may look at every CPTS at once. */
  aggregate: boolean;
}) {
  const update = useSearchUpdate();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update({
      ...(choice.selectable ? { cpts: formText(form, 'cpts') } : {}),
      du: formText(form, 'du'),
      au: formText(form, 'au'),
    });
  };
  return (
    <form className="panel filters" onSubmit={submit} aria-label="CPTS et période affichées">
      <div className="row">
        {choice.selectable ? (
          <CptsSelect
            choice={choice}
            {...(aggregate ? { empty: { value: ALL_CPTS, label: 'Toutes les CPTS' } } : {})}
          />
        ) : null}
        <PeriodFields from={period.from} to={period.to} error={error} required />
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary">
          Afficher
        </button>
        {asked ? (
          <button type="button" className="button" onClick={() => update({ du: null, au: null })}>
            Revenir aux 12 derniers mois
          </button>
        ) : null}
      </div>
    </form>
  );
}
