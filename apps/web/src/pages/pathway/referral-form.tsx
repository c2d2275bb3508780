import { useState, type FormEvent } from 'react';
import { api, read } from '../../api/client';
import type { components } from '../../api/schema';
import { TextArea, TextInput } from '../../components/ui';
import type { PathwayView } from './pathway-view';
import { ProblemBanner } from './problem-banner';
import { usePathwayAction } from './use-pathway';
import { bannerError, problemAbout } from './wording';

type ReferBody = components['schemas']['ReferDto'];
const REASON_MAX = 1000;
const RPPS = /^\d{11}$/;

/** Refers the patient to a physician (POST …/referrals); the médecin traitant is told over MSSanté. */
export function ReferralForm({ pathway, onDone }: { pathway: PathwayView; onDone: () => void }) {
  const [name, setName] = useState('');
  const [rpps, setRpps] = useState('');
  const [specialty, setSpecialty] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'name' | 'rpps' | 'reason', string>>>({});
  const refer = usePathwayAction(
    pathway.id,
    (body: ReferBody) =>
      read<PathwayView>(
        api.POST('/pathways/{id}/referrals', { params: { path: { id: pathway.id } }, body }),
      ),
    onDone,
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = {
      name: name.trim() ? undefined : 'Indiquez le nom du médecin.',
      rpps:
        !rpps.trim() || RPPS.test(rpps.trim()) ? undefined : 'Le numéro RPPS compte 11 chiffres.',
      reason: reason.trim() ? undefined : 'Indiquez le motif de l’orientation.',
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    // Only the fields filled in: the API refuses empty optional ones as malformed.
    refer.mutate({
      physician: {
        name: name.trim(),
        ...(rpps.trim() ? { rpps: rpps.trim() } : {}),
        ...(specialty.trim() ? { specialty: specialty.trim() } : {}),
      },
      reason: reason.trim(),
    });
  };

  const busy = refer.isPending;
  return (
    <form className="pathway-subform" noValidate onSubmit={submit} aria-label="Orientation">
      <TextInput
        label="Nom du médecin"
        required
        maxLength={200}
        autoComplete="off"
        value={name}
        disabled={busy}
        hint="Par exemple : Dr Paul Roux"
        error={errors.name ?? problemAbout(refer.error, 'physician.name')}
        onChange={(event) => setName(event.target.value)}
      />
      <div className="row">
        <TextInput
          label="RPPS du médecin"
          inputMode="numeric"
          maxLength={11}
          autoComplete="off"
          value={rpps}
          disabled={busy}
          hint="Facultatif, 11 chiffres."
          error={errors.rpps ?? problemAbout(refer.error, 'physician.rpps')}
          onChange={(event) => setRpps(event.target.value)}
        />
        <TextInput
          label="Spécialité"
          maxLength={200}
          value={specialty}
          disabled={busy}
          hint="Facultatif, par exemple ORL."
          error={problemAbout(refer.error, 'physician.specialty')}
          onChange={(event) => setSpecialty(event.target.value)}
        />
      </div>
      <TextArea
        label="Motif de l’orientation"
        required
        maxLength={REASON_MAX}
        value={reason}
        disabled={busy}
        hint={
          <span aria-live="polite">
            {reason.length} / {REASON_MAX} caractères
          </span>
        }
        error={errors.reason ?? problemAbout(refer.error, 'reason')}
        onChange={(event) => setReason(event.target.value)}
      />
      <p className="hint">Le médecin traitant en est informé par messagerie sécurisée.</p>
      <ProblemBanner error={bannerError(refer.error, ['physician', 'reason'])} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          Enregistrer l’orientation
        </button>
        <button type="button" className="button" onClick={onDone}>
          Annuler
        </button>
      </div>
    </form>
  );
}
