import { useState, type FormEvent } from 'react';
import { api, read } from '../../api/client';
import { formatDay, parisDay } from '../../components/format';
import { TextInput } from '../../components/ui';
import type { PathwayView } from './pathway-view';
import { ProblemBanner } from './problem-banner';
import { usePathwayAction } from './use-pathway';
import { bannerError, durationWords, problemAbout } from './wording';

/** Declares that care is over: the compte rendu becomes due (POST …/end-of-care). */
export function EndCareForm({ pathway, onDone }: { pathway: PathwayView; onDone: () => void }) {
  const today = parisDay();
  const openedOn = parisDay(new Date(pathway.openedAt));
  const [day, setDay] = useState(today);
  const [error, setError] = useState<string>();
  const end = usePathwayAction(
    pathway.id,
    (careEndedOn: string) =>
      read<PathwayView>(
        api.POST('/pathways/{id}/end-of-care', {
          params: { path: { id: pathway.id } },
          body: { careEndedOn },
        }),
      ),
    onDone,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = !/^\d{4}-\d{2}-\d{2}$/.test(day)
      ? 'Indiquez le jour où les soins se sont terminés.'
      : day > today
        ? 'La fin des soins ne peut pas être dans le futur.'
        : day < openedOn
          ? `La fin des soins ne peut pas précéder l’ouverture du parcours (${formatDay(openedOn)}).`
          : undefined;
    setError(problem);
    if (!problem) end.mutate(day);
  };

  return (
    <form className="pathway-subform" noValidate onSubmit={submit} aria-label="Fin des soins">
      <TextInput
        label="Date de fin des soins"
        type="date"
        required
        min={openedOn}
        max={today}
        value={day}
        disabled={end.isPending}
        hint={`Le compte rendu sera alors à envoyer dans les ${durationWords(pathway.policy.compteRenduDueAfter)}.`}
        error={error ?? problemAbout(end.error, 'careEndedOn')}
        onChange={(event) => setDay(event.target.value)}
      />
      <ProblemBanner error={bannerError(end.error, ['careEndedOn'])} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={end.isPending}>
          Confirmer la fin des soins
        </button>
        <button type="button" className="button" onClick={onDone}>
          Annuler
        </button>
      </div>
    </form>
  );
}
