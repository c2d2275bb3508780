import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, read } from '../../api/client';
import type { components } from '../../api/schema';
import { parisDay } from '../../components/format';
import { SelectInput, TextInput } from '../../components/ui';
import { ProblemBanner } from './problem-banner';
import { pathwayKey } from './use-pathway';
import { bannerError, problemAbout } from './wording';

type IdentityDocument = components['schemas']['IdentityDocumentDto']['document'];

const DOCUMENTS: readonly { value: IdentityDocument; label: string }[] = [
  { value: 'carte-nationale-identite', label: 'Carte nationale d’identité' },
  { value: 'passeport', label: 'Passeport' },
  { value: 'titre-sejour-permanent', label: 'Titre de séjour permanent' },
];

/**
 * A retrieved INS becomes qualified once the practitioner has checked a
 * high-trust identity document (RNIV): recorded here, so that the DMP filing
 * waiting for a qualified identity can be tried again.
 */
export function IdentityForm({ pathwayId, patientId }: { pathwayId: string; patientId: string }) {
  const client = useQueryClient();
  const today = parisDay();
  const [document, setDocument] = useState<IdentityDocument>('carte-nationale-identite');
  const [checkedOn, setCheckedOn] = useState(today);
  const record = useMutation({
    mutationFn: () =>
      read(
        api.POST('/patients/{id}/identity-document', {
          params: { path: { id: patientId } },
          body: { document, checkedOn },
        }),
      ),
    // The pathway shows the patient's identity status: read it again.
    onSuccess: () => client.invalidateQueries({ queryKey: pathwayKey(pathwayId) }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate();
  };

  return (
    <form className="pathway-subform" noValidate onSubmit={submit} aria-label="Pièce d’identité">
      <div className="row">
        <SelectInput
          label="Pièce d’identité vérifiée"
          value={document}
          disabled={record.isPending}
          error={problemAbout(record.error, 'document')}
          onChange={(event) => setDocument(event.target.value as IdentityDocument)}
        >
          {DOCUMENTS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </SelectInput>
        <TextInput
          label="Vérifiée le"
          type="date"
          max={today}
          required
          value={checkedOn}
          disabled={record.isPending}
          error={problemAbout(record.error, 'checkedOn')}
          onChange={(event) => setCheckedOn(event.target.value)}
        />
      </div>
      <ProblemBanner error={bannerError(record.error, ['document', 'checkedOn'])} />
      {record.isSuccess ? (
        <p className="banner banner--success" role="status">
          Pièce d’identité enregistrée : relancez maintenant le classement dans le DMP.
        </p>
      ) : null}
      <button type="submit" className="button" disabled={record.isPending}>
        Enregistrer la pièce d’identité
      </button>
    </form>
  );
}
