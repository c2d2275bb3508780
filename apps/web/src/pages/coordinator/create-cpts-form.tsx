import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, read } from '../../api/client';
import type { components } from '../../api/schema';
import { TextInput } from '../../components/ui';
import { Checkbox } from './checkbox';
import type { CptsRow } from './cpts-view';
import { fieldProblem } from './french';
import { formText } from './period-fields';
import { DEFAULT_POLICY, PolicyFields, readPolicy } from './policy-fields';
import { ProblemBanner } from './problem-banner';
import { ALL_CPTS_KEY } from './queries';
import { useSearchUpdate } from './search';

type CreateBody = components['schemas']['CreateCptsDto'];

/**
 * « Créer une CPTS » (POST /cpts, administrators). Its delays start at the
 * API's defaults; once created, the page opens its settings (`?cpts=`).
 */
export function CreateCptsForm() {
  const client = useQueryClient();
  const update = useSearchUpdate();
  const [created, setCreated] = useState<CptsRow | null>(null);
  const [generation, setGeneration] = useState(0);
  const create = useMutation({
    mutationFn: (body: CreateBody) => read<CptsRow>(api.POST('/cpts', { body })),
    onSuccess: async (row) => {
      setCreated(row);
      setGeneration((n) => n + 1);
      await client.invalidateQueries({ queryKey: ALL_CPTS_KEY });
      update({ cpts: row.id });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCreated(null);
    create.mutate({
      name: formText(form, 'name'),
      identifier: formText(form, 'identifier').toUpperCase(),
      projetDeSanteAccesDirect: form.get('projetDeSanteAccesDirect') === 'on',
      ...readPolicy(form, DEFAULT_POLICY),
      coordinatorMssAddress: formText(form, 'coordinatorMssAddress') || null,
    });
  };
  return (
    <>
      {/* Emptied after each creation (its key), ready for the next one. */}
      <form key={generation} onSubmit={submit} aria-labelledby="creer-cpts">
        <div className="row">
          <TextInput
            label="Nom de la CPTS"
            name="name"
            required
            maxLength={200}
            error={fieldProblem(create.error, 'name')}
          />
          <TextInput
            label="Identifiant"
            name="identifier"
            required
            autoComplete="off"
            pattern="[0-9A-Za-z][0-9A-Za-z\-]{1,39}"
            hint="FINESS, SIRET ou numéro d'association : 2 à 40 lettres, chiffres ou tirets, unique."
            error={fieldProblem(create.error, 'identifier')}
          />
        </div>
        <PolicyFields current={DEFAULT_POLICY} error={create.error} showCurrent={false} />
        <TextInput
          label="Messagerie MSSanté des coordinateurs (facultatif)"
          name="coordinatorMssAddress"
          type="email"
          autoComplete="off"
          hint="Où partent les alertes par MSSanté. Vide : elles restent dans la liste des notifications."
          error={fieldProblem(create.error, 'coordinatorMssAddress')}
        />
        <Checkbox
          label="Le projet de santé de la CPTS prévoit l'accès direct"
          name="projetDeSanteAccesDirect"
          error={fieldProblem(create.error, 'projetDeSanteAccesDirect')}
        />
        <ProblemBanner error={create.error} />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? 'Création…' : 'Créer la CPTS'}
          </button>
        </div>
      </form>
      {created ? (
        <p className="banner banner--success" role="status">
          CPTS « {created.name} » créée : ses paramètres, ses coordinateurs et ses membres sont
          affichés ci-dessous.
        </p>
      ) : null}
    </>
  );
}
