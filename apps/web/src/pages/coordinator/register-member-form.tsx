import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiProblem, api, read } from '../../api/client';
import type { components } from '../../api/schema';
import { TextInput } from '../../components/ui';
import { Checkbox } from './checkbox';
import type { PractitionerRow } from './cpts-view';
import { fieldProblem } from './french';
import { professionOf } from './members-table';
import { ProblemBanner } from './problem-banner';

type RegisterBody = components['schemas']['RegisterPractitionerDto'];

/** The mailboxes the Annuaire lists, when it refused the one given or wants one chosen. */
function mailboxChoices(error: unknown): string[] {
  if (!(error instanceof ApiProblem)) return [];
  const problem = error.about('mssAddress') ?? '';
  const listed = /(?:choose one of|lists for this RPPS:) (.+)$/.exec(problem);
  return listed ? listed[1].split(', ').filter((address) => address.includes('@')) : [];
}

/**
 * « Ajouter un membre par RPPS » (POST /cpts/{id}/practitioners): the API
 * looks the RPPS up in the Annuaire Santé; what it found (name, profession,
 * mailbox) is shown once registered. When the Annuaire lists several
 * mailboxes, they are offered to choose from.
 */
export function RegisterMemberForm({ cptsId }: { cptsId: string }) {
  const client = useQueryClient();
  const [rpps, setRpps] = useState('');
  const [mssAddress, setMssAddress] = useState('');
  const [billingNumber, setBillingNumber] = useState('');
  const [opensPathways, setOpensPathways] = useState(true);
  const register = useMutation({
    mutationFn: (body: RegisterBody) =>
      read<PractitionerRow>(
        api.POST('/cpts/{id}/practitioners', { params: { path: { id: cptsId } }, body }),
      ),
    onSuccess: () => {
      setRpps('');
      setMssAddress('');
      setBillingNumber('');
      setOpensPathways(true);
      void client.invalidateQueries({ queryKey: ['practitioners', cptsId] });
      void client.invalidateQueries({ queryKey: ['worklist', cptsId] });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    register.mutate({
      rpps: rpps.trim(),
      opensPathways,
      ...(mssAddress.trim() ? { mssAddress: mssAddress.trim() } : {}),
      ...(billingNumber.trim() ? { billingNumber: billingNumber.trim() } : {}),
    });
  };
  const choices = mailboxChoices(register.error);
  const added = register.data;
  return (
    <form onSubmit={submit} aria-labelledby="ajouter-membre">
      <div className="row">
        <TextInput
          label="RPPS"
          name="rpps"
          required
          inputMode="numeric"
          pattern="\d{11}"
          maxLength={11}
          autoComplete="off"
          value={rpps}
          onChange={(e) => setRpps(e.target.value)}
          hint="11 chiffres, cherché dans l'Annuaire Santé."
          error={fieldProblem(register.error, 'rpps')}
        />
        <TextInput
          label="Messagerie MSSanté (facultatif)"
          name="mssAddress"
          type="email"
          autoComplete="off"
          value={mssAddress}
          onChange={(e) => setMssAddress(e.target.value)}
          hint="À préciser quand l'Annuaire Santé en indique plusieurs."
          error={fieldProblem(register.error, 'mssAddress')}
        />
        <TextInput
          label="Numéro de facturation (facultatif)"
          name="billingNumber"
          autoComplete="off"
          value={billingNumber}
          onChange={(e) => setBillingNumber(e.target.value)}
          hint="Numéro AM ou ADELI, 9 caractères."
          error={fieldProblem(register.error, 'billingNumber')}
        />
      </div>
      {choices.length > 0 ? (
        <fieldset>
          <legend>Messageries indiquées par l'Annuaire Santé</legend>
          <div className="actions">
            {choices.map((address) => (
              <button
                key={address}
                type="button"
                className="button"
                onClick={() => setMssAddress(address)}
                aria-pressed={mssAddress === address}
              >
                Utiliser {address}
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
      <Checkbox
        label="Ouvrira des parcours en accès direct"
        name="opensPathways"
        checked={opensPathways}
        onChange={(e) => setOpensPathways(e.target.checked)}
        hint="L'Annuaire Santé doit alors l'indiquer comme orthophoniste."
        error={fieldProblem(register.error, 'opensPathways')}
      />
      <ProblemBanner error={register.error} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={register.isPending}>
          {register.isPending ? "Recherche dans l'Annuaire Santé…" : 'Ajouter le membre'}
        </button>
      </div>
      {added ? (
        <div className="banner banner--success" role="status">
          <p>
            <strong>
              {added.givenNames} {added.familyName}
            </strong>{' '}
            est membre de la CPTS. L'Annuaire Santé indique :
          </p>
          <dl className="facts">
            <dt>RPPS</dt>
            <dd>{added.rpps}</dd>
            <dt>Profession</dt>
            <dd>{professionOf(added.professionCode)}</dd>
            <dt>Messagerie MSSanté</dt>
            <dd>{added.mssAddress ?? 'aucune'}</dd>
            <dt>Numéro de facturation</dt>
            <dd>{added.billingNumber ?? 'manquant'}</dd>
          </dl>
        </div>
      ) : null}
    </form>
  );
}
