import type { PathwayView } from './pathway-view';

/** What the reader should know before reading on: stale data, read-only access, masked texts. */
export function Notices({ pathway, canAct }: { pathway: PathwayView; canAct: boolean }) {
  return (
    <>
      {pathway.source === 'read-model' ? (
        <div className="banner banner--warning" role="status">
          Le moteur des parcours ne répond pas pour l’instant : voici le dernier état enregistré.
          Les envois et les actions peuvent échouer ; la page se met à jour dès qu’il répond.
        </div>
      ) : null}
      {pathway.source === 'pending' ? (
        <div className="banner banner--info" role="status">
          Ce parcours vient d’être ouvert : sa mise en route est en cours, la page se met à jour
          d’elle-même.
        </div>
      ) : null}
      {!canAct ? (
        <div className="banner banner--info">
          Vous consultez ce parcours sans pouvoir y agir : seul(e) l’orthophoniste du parcours
          envoie ses documents et fait ses démarches.
        </div>
      ) : null}
      {pathway.clinicalTextHidden ? (
        <div className="banner banner--info">
          Les textes cliniques (titres des documents, motifs) sont masqués et remplacés par «
          [masqué] » : votre CPTS n’ouvre pas les documents cliniques à ses coordinateurs.
        </div>
      ) : null}
    </>
  );
}
