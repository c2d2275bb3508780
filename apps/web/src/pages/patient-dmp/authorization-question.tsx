import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { api, read } from '../../api/client';
import { DmpProblem } from './dmp-problem';
import { dmpDocumentsKey, type PatientDmpDocuments } from './dmp-view';

/**
 * The question the DMP wants asked of the patient, in person, before their
 * orthophoniste reads it (again): an authorisation lasts six months. Only
 * their answer is recorded here (TD0.3); the DMP then answers the list.
 */
export function AuthorizationQuestion({
  pathwayId,
  renewing = false,
}: {
  pathwayId: string;
  /** The authorisation still holds (or just lapsed): the question is to renew it. */
  renewing?: boolean;
}) {
  const headingId = useId();
  const client = useQueryClient();
  const authorize = useMutation({
    mutationFn: () =>
      read<PatientDmpDocuments>(
        api.POST('/pathways/{id}/dmp/documents/authorization', {
          params: { path: { id: pathwayId } },
          body: { patientAuthorizes: true },
        }),
      ),
    onSuccess: (list) => client.setQueryData(dmpDocumentsKey(pathwayId), list),
  });
  const Heading = renewing ? 'h3' : 'h2';
  return (
    <div className="pathway-todo" role="group" aria-labelledby={headingId}>
      <Heading id={headingId}>
        {renewing ? 'Faire renouveler l’autorisation' : 'L’autorisation du patient est nécessaire'}
      </Heading>
      <p>
        {renewing
          ? 'Le patient vous autorise à consulter son DMP pour six mois. Lors d’une prochaine séance, demandez-lui s’il renouvelle son accord ; s’il accepte, indiquez-le ici.'
          : 'Pour consulter son DMP, le patient doit vous y autoriser (pour six mois) : il ne l’a pas encore fait, ou son autorisation est trop ancienne. Demandez-lui son accord ; s’il accepte, indiquez-le ici.'}
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          disabled={authorize.isPending}
          onClick={() => authorize.mutate()}
        >
          Le patient m'autorise à consulter son DMP
        </button>
      </div>
      <DmpProblem error={authorize.error} />
    </div>
  );
}
