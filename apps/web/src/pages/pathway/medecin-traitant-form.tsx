import { useId, useState, type FormEvent } from 'react';
import { api, read } from '../../api/client';
import type { components } from '../../api/schema';
import { TextInput } from '../../components/ui';
import type { PathwayView } from './pathway-view';
import { ProblemBanner } from './problem-banner';
import { usePathwayAction } from './use-pathway';
import { bannerError, problemAbout } from './wording';

type MedecinTraitantBody = components['schemas']['MedecinTraitantDto'];
const RPPS = /^\d{11}$/;
// Loose on purpose: the API checks the address; this catches a typo before it is sent.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Changes the médecin traitant, or records that there is none (PUT
 * …/medecin-traitant). Messages that could not go for want of one go to the
 * new one.
 */
export function MedecinTraitantForm({
  pathway,
  onDone,
}: {
  pathway: PathwayView;
  onDone: () => void;
}) {
  const current = pathway.medecinTraitant;
  const id = useId();
  const [declared, setDeclared] = useState(current.declared);
  const [name, setName] = useState(current.declared ? current.name : '');
  const [rpps, setRpps] = useState(current.declared ? current.rpps : '');
  const [mssAddress, setMssAddress] = useState(current.declared ? (current.mssAddress ?? '') : '');
  const [errors, setErrors] = useState<Partial<Record<'name' | 'rpps' | 'mssAddress', string>>>({});
  const change = usePathwayAction(
    pathway.id,
    (medecinTraitant: MedecinTraitantBody) =>
      read<PathwayView>(
        api.PUT('/pathways/{id}/medecin-traitant', {
          params: { path: { id: pathway.id } },
          body: { medecinTraitant },
        }),
      ),
    onDone,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!declared) {
      setErrors({});
      change.mutate({ declared: false });
      return;
    }
    const found = {
      name: name.trim() ? undefined : 'Indiquez le nom du médecin traitant.',
      rpps: RPPS.test(rpps.trim()) ? undefined : 'Le numéro RPPS compte 11 chiffres.',
      mssAddress:
        !mssAddress.trim() || EMAIL.test(mssAddress.trim())
          ? undefined
          : 'Saisissez une adresse de messagerie valide (prenom.nom@medecin.mssante.fr).',
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    change.mutate({
      declared: true,
      name: name.trim(),
      rpps: rpps.trim(),
      ...(mssAddress.trim() ? { mssAddress: mssAddress.trim() } : {}),
    });
  };

  const busy = change.isPending;
  const about = (field: string) => problemAbout(change.error, `medecinTraitant.${field}`);
  return (
    <form className="pathway-subform" noValidate onSubmit={submit} aria-label="Médecin traitant">
      <fieldset>
        <legend>Le patient a-t-il un médecin traitant ?</legend>
        <div className="choice">
          <input
            type="radio"
            id={`${id}-yes`}
            name={`${id}-declared`}
            checked={declared}
            disabled={busy}
            onChange={() => setDeclared(true)}
          />
          <label htmlFor={`${id}-yes`}>Oui, il a déclaré un médecin traitant</label>
        </div>
        <div className="choice">
          <input
            type="radio"
            id={`${id}-no`}
            name={`${id}-declared`}
            checked={!declared}
            disabled={busy}
            onChange={() => setDeclared(false)}
          />
          <label htmlFor={`${id}-no`}>Aucun médecin traitant déclaré</label>
        </div>
      </fieldset>
      {declared ? (
        <>
          <TextInput
            label="Nom du médecin traitant"
            required
            maxLength={200}
            autoComplete="off"
            value={name}
            disabled={busy}
            hint="Par exemple : Dr Claire Martin"
            error={errors.name ?? about('name')}
            onChange={(event) => setName(event.target.value)}
          />
          <TextInput
            label="RPPS du médecin traitant"
            required
            inputMode="numeric"
            maxLength={11}
            autoComplete="off"
            value={rpps}
            disabled={busy}
            hint="11 chiffres."
            error={errors.rpps ?? about('rpps')}
            onChange={(event) => setRpps(event.target.value)}
          />
          <TextInput
            label="Adresse MSSanté"
            type="email"
            autoComplete="off"
            value={mssAddress}
            disabled={busy}
            hint="Facultatif : sans elle, l’adresse est cherchée dans l’Annuaire santé."
            error={errors.mssAddress ?? about('mssAddress')}
            onChange={(event) => setMssAddress(event.target.value)}
          />
        </>
      ) : null}
      <ProblemBanner error={bannerError(change.error, ['medecinTraitant'])} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          Enregistrer le médecin traitant
        </button>
        <button type="button" className="button" onClick={onDone}>
          Annuler
        </button>
      </div>
    </form>
  );
}
