import { useId } from 'react';
import { formatDay } from '../../components/format';
import { AuthorizationQuestion } from './authorization-question';
import { type DmpAccess, renewalOf } from './dmp-view';
import { RenewBy } from './renewal';

/**
 * This orthophoniste's access to the patient's DMP, as the DMP says it
 * (TD0.2): since when the patient authorises them, until when; near or past
 * the renewal day, the question to ask the patient at the next session.
 */
export function DmpAccessPanel({ pathwayId, access }: { pathwayId: string; access: DmpAccess }) {
  const headingId = useId();
  const renewal = renewalOf(access);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Votre accès à son DMP</h2>
      {!access.dmpExists ? (
        <p>Le patient n’a pas de DMP : il n’y a rien à consulter.</p>
      ) : (
        <dl className="pathway-facts">
          <div>
            <dt>Autorisation du patient</dt>
            <dd>
              {access.lastAuthorizationDate
                ? `donnée le ${formatDay(access.lastAuthorizationDate)}`
                : 'date non indiquée par le DMP'}
            </dd>
          </div>
          <div>
            <dt>Renouvellement</dt>
            <dd>
              <RenewBy renewal={renewal} />
            </dd>
          </div>
          {access.treatingPhysician ? (
            <div>
              <dt>Médecin traitant DMP</dt>
              <dd>vous l’êtes : le DMP vous montre aussi ce qu’il masque aux professionnels</dd>
            </div>
          ) : null}
        </dl>
      )}
      {access.dmpExists && (renewal.state === 'soon' || renewal.state === 'past') ? (
        <AuthorizationQuestion pathwayId={pathwayId} renewing />
      ) : null}
    </section>
  );
}
