import { useEffect } from 'react';
import { useParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useMe } from '../../api/session';
import { Loading } from '../../components/ui';
import { Actions } from './actions';
import { Billing } from './billing';
import { DutyCard } from './duty-card';
import { Notices } from './notices';
import { PathwayHeader } from './pathway-header';
import { PathwayLinks } from './pathway-links';
import { NOT_FOUND, ProblemBanner } from './problem-banner';
import { Referrals } from './referrals';
import { Timeline } from './timeline';
import { usePathway } from './use-pathway';
import './pathway.css';

/** A malformed id is answered 400: for the reader it is the same as an unknown one. */
function isNotFound(error: unknown): boolean {
  return error instanceof ApiProblem && (error.status === 404 || error.status === 400);
}

/**
 * /parcours/:id — one pathway: its two documents and where their sharing
 * stands (live), what to do, the billing instruction and the history. The
 * pathway's orthophoniste acts on it, and opens from it the patient's DMP and
 * the conversation with the patient; anyone else who may open it (a CPTS
 * coordinator) reads it only.
 */
export default function PathwayPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const query = usePathway(id);
  const pathway = query.data;

  useEffect(() => {
    const previous = document.title;
    document.title = pathway?.patient.displayName
      ? `Parcours de ${pathway.patient.displayName} — Accès direct`
      : 'Parcours — Accès direct';
    return () => {
      document.title = previous;
    };
  }, [pathway?.patient.displayName]);

  if (query.isPending) return <Loading what="Chargement du parcours" />;
  if (!pathway) {
    return (
      <div className="pathway-page">
        <h1>{isNotFound(query.error) ? 'Parcours introuvable' : 'Parcours'}</h1>
        {isNotFound(query.error) ? (
          <p className="banner banner--error" role="alert">
            {NOT_FOUND}
          </p>
        ) : (
          <>
            <ProblemBanner error={query.error} />
            <button type="button" className="button" onClick={() => void query.refetch()}>
              Réessayer
            </button>
          </>
        )}
      </div>
    );
  }

  // Acting is the pathway's orthophoniste's: the API refuses it to anyone else (a coordinator).
  const isOwner = me.practitionerId !== null && me.practitionerId === pathway.practitioner.id;

  return (
    <div className="pathway-page">
      <PathwayHeader pathway={pathway} />
      <Notices pathway={pathway} canAct={isOwner} />
      {isOwner ? <PathwayLinks pathway={pathway} /> : null}
      {query.isRefetchError ? (
        <p className="banner banner--warning" role="status">
          La page n’arrive pas à se mettre à jour : elle réessaie d’elle-même. Ce qui est affiché
          peut dater un peu.
        </p>
      ) : null}
      <div className="pathway-duties">
        <DutyCard pathway={pathway} kind="bilan_initial" isOwner={isOwner} />
        <DutyCard pathway={pathway} kind="compte_rendu" isOwner={isOwner} />
      </div>
      <Referrals pathway={pathway} isOwner={isOwner} />
      {isOwner ? <Actions pathway={pathway} /> : null}
      <Billing pathway={pathway} isOwner={isOwner} />
      <Timeline history={pathway.history} myIdNatPs={me.idNatPs} />
    </div>
  );
}
