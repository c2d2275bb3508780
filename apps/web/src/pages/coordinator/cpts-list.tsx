import { Link } from 'react-router';
import { formatDay } from '../../components/format';
import { Badge } from '../../components/ui';
import type { CptsRow } from './cpts-view';
import { durationInWords } from './durations';
import { withQuery } from './search';

/** An administrator's list of every CPTS; each name opens its settings and members (`?cpts=`). */
export function CptsList({ rows, current }: { rows: readonly CptsRow[]; current: string | null }) {
  if (rows.length === 0) return <p className="muted">Aucune CPTS n'est encore enregistrée.</p>;
  return (
    <div className="table-wrap">
      <table className="data responsive">
        <caption>CPTS enregistrées ({rows.length})</caption>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">Identifiant</th>
            <th scope="col">Accès direct</th>
            <th scope="col">Bilan initial dû après</th>
            <th scope="col">Compte-rendu dû après</th>
            <th scope="col">Créée le</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((cpts) => (
            <tr key={cpts.id} className={cpts.id === current ? 'current' : undefined}>
              <th scope="row" data-label="Nom">
                <Link
                  to={withQuery('/organisation', { cpts: cpts.id })}
                  aria-current={cpts.id === current ? 'true' : undefined}
                >
                  {cpts.name}
                </Link>
                {cpts.id === current ? <span className="muted"> (affichée)</span> : null}
              </th>
              <td data-label="Identifiant">{cpts.identifier ?? '—'}</td>
              <td data-label="Accès direct">
                {cpts.projetDeSanteAccesDirect ? (
                  <Badge tone="done">Prévu</Badge>
                ) : (
                  <Badge tone="neutral">Non prévu</Badge>
                )}
              </td>
              <td data-label="Bilan initial dû après">
                {durationInWords(cpts.bilanInitialDueAfter)}
              </td>
              <td data-label="Compte-rendu dû après">
                {durationInWords(cpts.compteRenduDueAfter)}
              </td>
              <td data-label="Créée le">{formatDay(cpts.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
