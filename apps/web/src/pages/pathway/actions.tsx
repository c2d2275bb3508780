import { useId } from 'react';
import { AbandonForm } from './abandon-form';
import { ConsentForm } from './consent-form';
import { Disclosure } from './disclosure';
import { DmpPortalButton } from './dmp-portal-button';
import { EndCareForm } from './end-care-form';
import { MedecinTraitantForm } from './medecin-traitant-form';
import type { PathwayView } from './pathway-view';
import { ReferralForm } from './referral-form';

/**
 * What the orthophoniste may do on the pathway now, and only that: the API's
 * rules (workflows/pathway/pathway-machine.ts) — everything needs an open
 * pathway, the end of care needs the care step. Each opens a small form whose
 * submit is the confirmation.
 */
export function Actions({ pathway }: { pathway: PathwayView }) {
  const headingId = useId();
  const active = pathway.status === 'active';
  const qualified = pathway.patient.ins?.identityStatus === 'QUAL';
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Actions</h2>
      {!active ? (
        <p className="muted">Ce parcours est clos : il ne peut plus être modifié.</p>
      ) : (
        <div className="pathway-actions">
          {pathway.step === 'care' ? (
            <Disclosure label="Déclarer la fin des soins">
              {(close) => <EndCareForm pathway={pathway} onDone={close} />}
            </Disclosure>
          ) : null}
          <Disclosure label="Orienter vers un médecin">
            {(close) => <ReferralForm pathway={pathway} onDone={close} />}
          </Disclosure>
          <Disclosure label="Changer de médecin traitant">
            {(close) => <MedecinTraitantForm pathway={pathway} onDone={close} />}
          </Disclosure>
          <Disclosure label="Modifier le consentement au DMP">
            {(close) => <ConsentForm pathway={pathway} onDone={close} />}
          </Disclosure>
          <Disclosure label="Abandonner le parcours" danger>
            {(close) => <AbandonForm pathway={pathway} onDone={close} />}
          </Disclosure>
        </div>
      )}
      <h3>Portail web du DMP</h3>
      {qualified ? (
        <DmpPortalButton pathwayId={pathway.id} />
      ) : (
        <p className="muted">
          Le portail web du DMP pourra être ouvert d’ici quand l’identité INS du patient sera
          qualifiée.
        </p>
      )}
    </section>
  );
}
