import { ApiProblem } from '../../api/client';

export const NOT_FOUND = 'Ce parcours est introuvable ou ne vous est pas accessible.';

/**
 * What went wrong, in French first: the API's messages are written for
 * developers (in English), so the page leads with what it means for the
 * user and keeps the API's words as a detail.
 */
export function problemSentence(error: ApiProblem): string {
  if (/did not confirm|stored \(id/.test(error.message)) {
    return 'Le document est enregistré mais le parcours n’a pas encore confirmé sa prise en compte : attendez quelques instants et regardez le parcours avant de l’envoyer à nouveau.';
  }
  switch (error.status) {
    case 0:
      return error.message;
    case 400:
      return 'Certaines informations ne sont pas acceptées : vérifiez le formulaire.';
    case 403:
      return 'Vous ne pouvez pas faire cette action sur ce parcours.';
    case 404:
      return NOT_FOUND;
    case 409:
      return 'Cette action n’est pas possible dans l’état actuel du parcours (il a peut-être changé entre-temps).';
    case 413:
      return 'Le fichier dépasse 5 Mo, la limite du DMP.';
    case 415:
      return 'Format non accepté par le DMP.';
    case 429:
      return `Trop de demandes en peu de temps : réessayez dans ${error.retryAfterSeconds ?? 30} secondes.`;
    case 503:
      return 'Le service est momentanément indisponible : réessayez dans un instant.';
    default:
      return 'Une erreur inattendue est survenue : réessayez dans un instant.';
  }
}

/** A failed call's message about the whole form (not one field), read out when it appears. */
export function ProblemBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : null;
  const sentence = problem
    ? problemSentence(problem)
    : 'Une erreur inattendue est survenue : réessayez dans un instant.';
  const detail = problem && problem.status !== 0 ? problem.message : null;
  return (
    <div className="banner banner--error" role="alert">
      <p className="pathway-banner-text">{sentence}</p>
      {detail && detail !== sentence ? (
        <p className="pathway-banner-detail">
          Réponse du serveur : <span lang="en">{detail}</span>
        </p>
      ) : null}
    </div>
  );
}
