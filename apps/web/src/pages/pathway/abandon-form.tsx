import { useState, type FormEvent } from 'react';
import { api, read } from '../../api/client';
import { TextArea } from '../../components/ui';
import type { PathwayView } from './pathway-view';
import { ProblemBanner } from './problem-banner';
import { usePathwayAction } from './use-pathway';
import { bannerError, problemAbout } from './wording';

const REASON_MAX = 1000;

/** Abandons the pathway, with a reason (POST …/abandon): it closes it for good. */
export function AbandonForm({ pathway, onDone }: { pathway: PathwayView; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const abandon = usePathwayAction(
    pathway.id,
    (text: string) =>
      read<PathwayView>(
        api.POST('/pathways/{id}/abandon', {
          params: { path: { id: pathway.id } },
          body: { reason: text },
        }),
      ),
    onDone,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = reason.trim() ? undefined : 'Indiquez pourquoi le parcours est abandonné.';
    setError(problem);
    if (!problem) abandon.mutate(reason.trim());
  };

  return (
    <form className="pathway-subform" noValidate onSubmit={submit} aria-label="Abandon">
      <div className="banner banner--warning">
        L’abandon clôt le parcours pour de bon : plus aucun document ne pourra y être envoyé, et les
        classements dans le DMP qui attendent une action seront annulés.
      </div>
      <TextArea
        label="Motif de l’abandon"
        required
        maxLength={REASON_MAX}
        value={reason}
        disabled={abandon.isPending}
        hint={
          <span aria-live="polite">
            {reason.length} / {REASON_MAX} caractères
          </span>
        }
        error={error ?? problemAbout(abandon.error, 'reason')}
        onChange={(event) => setReason(event.target.value)}
      />
      <ProblemBanner error={bannerError(abandon.error, ['reason'])} />
      <div className="actions">
        <button type="submit" className="button button--danger" disabled={abandon.isPending}>
          Confirmer l’abandon du parcours
        </button>
        <button type="button" className="button" onClick={onDone}>
          Annuler
        </button>
      </div>
    </form>
  );
}
