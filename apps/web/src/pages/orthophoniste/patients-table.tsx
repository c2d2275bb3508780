import { Link } from 'react-router';
import { formatDateTime, formatDay } from '../../components/format';
import { Badge } from '../../components/ui';
import { STATUS_WORDS, identityWords } from '../pathway/wording';
import { renewalOf } from '../patient-dmp/dmp-view';
import { RenewBy } from '../patient-dmp/renewal';
import {
  ALERT_WORDS,
  type PractitionerPatientRow,
  type PractitionerPatientsPage,
  patientName,
} from './my-patients-view';

/**
 * The patients of the orthophoniste's pathways, those with a pathway in
 * progress first: who, their identity, their pathways, their DMP as the DMP
 * says it today (TD0.2) and whether it is watched for new documents. A table
 * on a laptop, one card per patient on a phone (table.data.responsive).
 */
export function PatientsTable({ page }: { page: PractitionerPatientsPage }) {
  if (page.items.length === 0) {
    return (
      <p className="panel">
        Vous n’avez encore ouvert aucun parcours : vos patients s’afficheront ici.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data responsive">
        <caption className="visually-hidden">
          Mes patients, ceux d’un parcours en cours d’abord ({page.total} au total)
        </caption>
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">Identité</th>
            <th scope="col">Parcours</th>
            <th scope="col">DMP</th>
            <th scope="col">Alertes</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((row) => (
            <PatientRow key={row.patient.id} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PatientRow({ row }: { row: PractitionerPatientRow }) {
  const { patient, pathways } = row;
  const qualified = patient.identityStatus === 'QUAL';
  return (
    <tr>
      <th scope="row" data-label="Patient" className="patients-name">
        {patientName(patient)}
        <div className="muted">né(e) le {formatDay(patient.birthDate)}</div>
      </th>
      <td data-label="Identité">
        <Badge tone={qualified ? 'done' : 'todo'}>
          {qualified ? 'INS qualifiée' : 'INS non qualifiée'}
        </Badge>
        {qualified ? null : <div className="muted">{identityWords(patient)}</div>}
      </td>
      <td data-label="Parcours">
        <ul className="plain">
          {pathways.map((pathway) => (
            <li key={pathway.id}>
              <Link to={`/parcours/${pathway.id}`}>
                Parcours ouvert le {formatDay(pathway.openedAt)}
              </Link>{' '}
              <span className="muted">({STATUS_WORDS[pathway.status].toLowerCase()})</span>
            </li>
          ))}
        </ul>
      </td>
      <td data-label="DMP">
        <DmpStatus row={row} />
      </td>
      <td data-label="Alertes">
        <span>{ALERT_WORDS[row.alerts.state] ?? row.alerts.state}</span>
        {row.alerts.lastLookAt ? (
          <div className="muted">
            Dernière vérification de son DMP :{' '}
            <time dateTime={row.alerts.lastLookAt}>{formatDateTime(row.alerts.lastLookAt)}</time>
          </div>
        ) : null}
      </td>
    </tr>
  );
}

/** The patient's DMP for this orthophoniste: exists, authorised since, to renew by; or why unknown. */
function DmpStatus({ row }: { row: PractitionerPatientRow }) {
  const { dmp } = row;
  if (dmp.state !== 'known') {
    if (dmp.state === 'identity') {
      return (
        <span className="muted">Inaccessible tant que l’identité INS n’est pas qualifiée</span>
      );
    }
    // « Unavailable » also covers what the engine lacks to ask: the practitioner's structure.
    return (
      <>
        <span>
          {/structure of exercise/.test(dmp.reason)
            ? 'Votre structure d’exercice n’est pas renseignée : le DMP la demande'
            : 'Le DMP ne répond pas pour l’instant'}
        </span>
        <div className="muted">
          <span lang="en">{dmp.reason}</span>
        </div>
      </>
    );
  }
  const { access } = dmp;
  if (!access.dmpExists) return <span>Pas de DMP</span>;
  // The latest pathway: the DMP page is reached through one of them.
  const latest = row.pathways[0];
  return (
    <ul className="plain">
      <li>A un DMP</li>
      {access.authorization === 'forbidden' ? (
        <li>
          <Badge tone="late">Accès interdit par le patient</Badge>
        </li>
      ) : access.authorization === 'missing' ? (
        <li>
          <Badge tone="todo">Pas d’autorisation</Badge> à demander au patient
        </li>
      ) : (
        <>
          <li>
            {access.lastAuthorizationDate
              ? `Autorisation donnée le ${formatDay(access.lastAuthorizationDate)}`
              : 'Autorisation donnée'}
          </li>
          <li>
            <RenewBy renewal={renewalOf(access)} />
          </li>
        </>
      )}
      {latest && access.authorization !== 'forbidden' ? (
        <li>
          <Link to={`/parcours/${latest.id}/dmp`}>
            Voir son DMP<span className="visually-hidden"> ({patientName(row.patient)})</span>
          </Link>
        </li>
      ) : null}
    </ul>
  );
}
