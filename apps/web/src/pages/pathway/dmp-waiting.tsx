import { api, read } from '../../api/client';
import type { DmpAction, DocumentKind, PathwayView } from './pathway-view';
import { IdentityForm } from './identity-form';
import { ProblemBanner } from './problem-banner';
import { usePathwayAction } from './use-pathway';

/**
 * What the orthophoniste must do for a DMP filing that waits for a person,
 * in plain words, with the button that does it. The correction case has its
 * form in the duty itself (a corrected version, opened for it).
 */
export function DmpWaiting({
  pathway,
  kind,
  waitingFor,
}: {
  pathway: PathwayView;
  kind: DocumentKind;
  waitingFor: string;
}) {
  const id = pathway.id;
  const path = { params: { path: { id } } };
  const authorize = usePathwayAction(id, () =>
    read<PathwayView>(api.POST('/pathways/{id}/dmp/authorization', path)),
  );
  const retry = usePathwayAction(id, () =>
    read<PathwayView>(
      api.POST('/pathways/{id}/dmp/retry', { ...path, body: { documentKind: kind } }),
    ),
  );
  const consent = usePathwayAction(id, (consentementDmp: 'given' | 'refused') =>
    read<PathwayView>(api.PUT('/pathways/{id}/consent', { ...path, body: { consentementDmp } })),
  );
  const busy = authorize.isPending || retry.isPending || consent.isPending;
  const action = waitingFor as DmpAction;

  const retryButton = (
    <button type="button" className="button" disabled={busy} onClick={() => retry.mutate()}>
      Réessayer le classement dans le DMP
    </button>
  );

  return (
    <div className="pathway-todo">
      <h3>Ce que vous devez faire</h3>
      {action === 'consent' ? (
        <>
          <p>
            Le patient n’a pas encore dit s’il accepte que ses documents soient classés dans son
            DMP. Posez-lui la question, puis indiquez sa réponse :
          </p>
          {/* Only answers that change the record: the API refuses the one already recorded. */}
          <div className="actions">
            {pathway.consentementDmp !== 'given' ? (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => consent.mutate('given')}
              >
                Le patient accepte le classement dans son DMP
              </button>
            ) : null}
            {pathway.consentementDmp !== 'refused' ? (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => consent.mutate('refused')}
              >
                Le patient refuse
              </button>
            ) : null}
          </div>
        </>
      ) : action === 'authorization' ? (
        <>
          <p>
            Le DMP demande que le patient vous autorise à accéder à son dossier. Demandez-lui son
            accord ; quand il l’a donné, indiquez-le ici : le document sera alors classé.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => authorize.mutate()}
            >
              Autorisation DMP recueillie
            </button>
          </div>
        </>
      ) : action === 'identity' ? (
        <>
          {pathway.patient.ins?.identityStatus === 'RECUP' ? (
            <>
              <p>
                Le DMP exige une identité INS qualifiée. Vérifiez une pièce d’identité du patient
                (carte d’identité, passeport ou titre de séjour permanent), enregistrez-la, puis
                réessayez le classement.
              </p>
              <IdentityForm pathwayId={id} patientId={pathway.patient.id} />
            </>
          ) : (
            <p>
              Le DMP exige une identité INS qualifiée : l’INS du patient doit être récupérée
              (téléservice INSi, avec sa carte Vitale) puis validée par une pièce d’identité. Quand
              c’est fait, réessayez le classement.
            </p>
          )}
          <div className="actions">{retryButton}</div>
        </>
      ) : action === 'correction' ? (
        <p>
          Le DMP a refusé ce document tel qu’il est. Corrigez-le, puis envoyez la version corrigée
          avec le formulaire ci-dessous : elle sera classée à sa place.
        </p>
      ) : (
        <>
          <p>Le classement attend une intervention. Quand c’est réglé, réessayez-le.</p>
          <div className="actions">{retryButton}</div>
        </>
      )}
      <ProblemBanner error={authorize.error ?? retry.error ?? consent.error} />
    </div>
  );
}
