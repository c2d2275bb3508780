import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, read } from '../../api/client';
import type { components } from '../../api/schema';
import { TextInput } from '../../components/ui';
import { Checkbox } from './checkbox';
import type { CptsRow } from './cpts-view';
import { fieldProblem } from './french';
import { formText } from './period-fields';
import { PolicyFields, readPolicy } from './policy-fields';
import { ProblemBanner } from './problem-banner';
import { ALL_CPTS_KEY } from './queries';

type SettingsBody = components['schemas']['CptsSettingsDto'];

/** Only what changed goes in the PATCH: an unchanged field is not rewritten nor audited. */
function settingsChanges(before: CptsRow, form: FormData, administrator: boolean): SettingsBody {
  const policy = readPolicy(form, before);
  const address = formText(form, 'coordinatorMssAddress') || null;
  const projet = form.get('projetDeSanteAccesDirect') === 'on';
  const readDocuments = form.get('coordinatorsReadDocuments') === 'on';
  return {
    ...(policy.bilanInitialDueAfter !== before.bilanInitialDueAfter
      ? { bilanInitialDueAfter: policy.bilanInitialDueAfter }
      : {}),
    ...(policy.compteRenduDueAfter !== before.compteRenduDueAfter
      ? { compteRenduDueAfter: policy.compteRenduDueAfter }
      : {}),
    ...(policy.reminderEvery !== before.reminderEvery
      ? { reminderEvery: policy.reminderEvery }
      : {}),
    ...(policy.escalateAfterReminders !== before.escalateAfterReminders
      ? { escalateAfterReminders: policy.escalateAfterReminders }
      : {}),
    ...(address !== before.coordinatorMssAddress ? { coordinatorMssAddress: address } : {}),
    ...(projet !== before.projetDeSanteAccesDirect ? { projetDeSanteAccesDirect: projet } : {}),
    // The API refuses this field from a coordinator: it is only sent by an administrator.
    ...(administrator && readDocuments !== before.coordinatorsReadDocuments
      ? { coordinatorsReadDocuments: readDocuments }
      : {}),
  };
}

/**
 * A CPTS's settings (PATCH /cpts/{id}): its delays, in days; where the
 * coordinators' alerts go; whether its projet de santé provides for accès
 * direct. Whether coordinators open clinical documents is an
 * administrator's setting: a coordinator reads it, without a control.
 */
export function SettingsForm({ cpts, administrator }: { cpts: CptsRow; administrator: boolean }) {
  const client = useQueryClient();
  const [outcome, setOutcome] = useState<'saved' | 'unchanged' | null>(null);
  const save = useMutation({
    mutationFn: (body: SettingsBody) =>
      read<CptsRow>(api.PATCH('/cpts/{id}', { params: { path: { id: cpts.id } }, body })),
    onSuccess: (row) => {
      client.setQueryData<CptsRow[]>(ALL_CPTS_KEY, (rows) =>
        rows?.map((r) => (r.id === row.id ? row : r)),
      );
      setOutcome('saved');
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = settingsChanges(cpts, new FormData(event.currentTarget), administrator);
    if (Object.keys(body).length === 0) {
      setOutcome('unchanged');
      return;
    }
    setOutcome(null);
    save.mutate(body);
  };
  return (
    // Rebuilt from the row after each save (its key), so the fields show what is in force.
    <form key={JSON.stringify(cpts)} onSubmit={submit} aria-labelledby="parametres">
      <fieldset>
        <legend>Délais et relances</legend>
        <p className="hint">
          Les nouveaux délais s'appliquent aux parcours ouverts à partir de leur enregistrement ;
          les parcours en cours gardent les leurs.
        </p>
        <PolicyFields current={cpts} error={save.error} showCurrent />
      </fieldset>
      <fieldset>
        <legend>Coordination</legend>
        <TextInput
          label="Messagerie MSSanté des coordinateurs"
          name="coordinatorMssAddress"
          type="email"
          autoComplete="off"
          defaultValue={cpts.coordinatorMssAddress ?? ''}
          hint="Où partent les alertes par MSSanté. Vide : elles restent dans la liste des notifications."
          error={fieldProblem(save.error, 'coordinatorMssAddress')}
        />
        <Checkbox
          label="Le projet de santé de la CPTS prévoit l'accès direct"
          name="projetDeSanteAccesDirect"
          defaultChecked={cpts.projetDeSanteAccesDirect}
          hint="Ses adhérents exerçant en cabinet peuvent alors pratiquer l'accès direct."
          error={fieldProblem(save.error, 'projetDeSanteAccesDirect')}
        />
        {administrator ? (
          <Checkbox
            label="Les coordinateurs peuvent ouvrir les documents cliniques des parcours"
            name="coordinatorsReadDocuments"
            defaultChecked={cpts.coordinatorsReadDocuments}
            hint="Sinon ils suivent les parcours sans en lire les documents ni les traits des patients."
            error={fieldProblem(save.error, 'coordinatorsReadDocuments')}
          />
        ) : (
          <p>
            Accès des coordinateurs aux documents cliniques :{' '}
            <strong>{cpts.coordinatorsReadDocuments ? 'autorisé' : 'non autorisé'}</strong>{' '}
            <span className="muted">(réglé par un administrateur)</span>.
          </p>
        )}
      </fieldset>
      <ProblemBanner error={save.error} />
      {outcome === 'saved' ? (
        <p className="banner banner--success" role="status">
          Paramètres enregistrés.
        </p>
      ) : null}
      {outcome === 'unchanged' ? (
        <p className="banner banner--info" role="status">
          Aucun changement à enregistrer.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Enregistrement…' : 'Enregistrer les paramètres'}
        </button>
      </div>
    </form>
  );
}
