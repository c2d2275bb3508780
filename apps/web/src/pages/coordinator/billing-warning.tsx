import { Link } from 'react-router';
import { withQuery } from './search';
import type { PractitionerWithoutBillingNumber } from './worklist-view';

/**
 * The CPTS's orthophonistes without a billing number: their accès-direct
 * acts would be at their charge. A warning panel, not an error: nothing is
 * blocked, but somebody should act.
 */
export function BillingWarning({
  practitioners,
  cptsId,
}: {
  practitioners: readonly PractitionerWithoutBillingNumber[];
  cptsId: string;
}) {
  if (practitioners.length === 0) return null;
  return (
    <section className="panel banner--warning billing-warning" aria-labelledby="sans-numero">
      <h2 id="sans-numero">
        {practitioners.length === 1
          ? 'Un orthophoniste sans numéro de facturation'
          : `${practitioners.length} orthophonistes sans numéro de facturation`}
      </h2>
      <p>
        Aucun numéro AM ou ADELI n'est enregistré pour eux : les actes en accès direct se facturent
        sous le numéro de l'orthophoniste, porté en prescripteur. Sans lui, ces actes resteraient à
        leur charge.
      </p>
      <ul>
        {practitioners.map((p) => (
          <li key={p.id}>
            {p.givenNames} {p.familyName} <span className="muted">(RPPS {p.rpps})</span>
          </li>
        ))}
      </ul>
      <p>
        <Link to={withQuery('/organisation', { cpts: cptsId })}>Voir les membres de la CPTS</Link>
      </p>
    </section>
  );
}
