import { useId } from 'react';
import type { PathwayView } from './pathway-view';

/**
 * The API's instruction names the API route to record the number with, for
 * integrators; the orthophoniste only needs the other way it gives.
 */
function plainInstruction(instruction: string): string {
  return instruction.replace(/PUT \/\S+, ou /, '');
}

/**
 * How to bill the acts of this pathway (no prescription in accès direct: the
 * orthophoniste's own number as prescripteur) and the justification sheet.
 */
export function Billing({ pathway, isOwner }: { pathway: PathwayView; isOwner: boolean }) {
  const headingId = useId();
  const { billing } = pathway;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Facturation</h2>
      {billing.billingNumberMissing ? (
        <div className="banner banner--warning">
          Attention : le numéro Assurance Maladie de l’orthophoniste n’est pas enregistré (voir
          ci-dessous).
        </div>
      ) : null}
      <p>{plainInstruction(billing.instruction)}</p>
      <dl className="pathway-facts">
        <div>
          <dt>Numéro Assurance Maladie à inscrire comme prescripteur</dt>
          <dd>{billing.prescripteurBillingNumber ?? 'non enregistré'}</dd>
        </div>
        <div>
          <dt>RPPS de l’orthophoniste (prescripteur)</dt>
          <dd>{billing.prescripteurRpps ?? 'non renseigné'}</dd>
        </div>
      </dl>
      {/* The sheet names the patient: the API hands it to the pathway's orthophoniste only. */}
      {isOwner ? (
        <p>
          <a href={`/pathways/${encodeURIComponent(pathway.id)}/justification.pdf`}>
            Fiche justificative (PDF)
          </a>
          <span className="muted">
            {' '}
            — la preuve du parcours pour l’Assurance Maladie : documents reçus, envois au médecin
            traitant, classements dans le DMP.
          </span>
        </p>
      ) : null}
    </section>
  );
}
