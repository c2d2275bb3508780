import { ApiProblem } from '../../api/client';
import { NOT_FOUND, ProblemBanner } from '../pathway/problem-banner';

/** The field the API names when the patient must be asked (apps/api/patient-dmp/dmp-problem.ts). */
export const PATIENT_AUTHORIZATION = 'patientAuthorization';

/** The DMP wants the patient's authorisation (missing, or too old): the page asks the question. */
export function needsAuthorization(error: unknown): boolean {
  return (
    error instanceof ApiProblem &&
    error.status === 409 &&
    error.about(PATIENT_AUTHORIZATION) !== undefined
  );
}

/** Whether asking again may help: the DMP or the engine was away, not a refusal. */
export function worthRetrying(error: unknown): boolean {
  return (
    !(error instanceof ApiProblem) ||
    error.status === 0 ||
    error.status >= 500 ||
    /still being opened/.test(error.message)
  );
}

/**
 * A DMP refusal in the orthophoniste's words. The API says which: 403 the
 * patient forbade it (or the reader is not the pathway's orthophoniste), 409
 * what is missing for the DMP (a qualified INS, the structure, the DMP
 * itself), 503 the DMP is away. Anything else is said as the pathway says it.
 */
export function dmpProblemSentence(error: ApiProblem): string | undefined {
  const message = error.message;
  if (error.status === 404 || error.status === 400) {
    return /DMP document/.test(message)
      ? 'Ce document n’est plus dans le DMP, ou il vous est masqué.'
      : NOT_FOUND;
  }
  if (error.status === 403) {
    return /forbidden you/.test(message)
      ? 'Le patient vous a interdit l’accès à son DMP : vous ne pouvez pas le consulter.'
      : 'Seul(e) l’orthophoniste du parcours consulte le DMP de son patient.';
  }
  if (error.status === 409) {
    if (/qualified INS|not qualified/.test(message)) {
      return 'Le DMP ne s’ouvre qu’avec une identité INS qualifiée : qualifiez l’identité du patient depuis la page du parcours, puis revenez ici.';
    }
    if (/has no DMP/.test(message)) return 'Le patient n’a pas de DMP : il n’y a rien à consulter.';
    if (/structure of exercise/.test(message)) {
      return 'Votre structure d’exercice n’est pas renseignée : le DMP la demande à chaque consultation. Déclarez votre situation d’exercice, puis revenez ici.';
    }
    if (/still being opened/.test(message)) {
      return 'Le parcours est en cours d’ouverture : réessayez dans un instant.';
    }
  }
  if (error.status === 503 || error.status === 0) {
    return 'Le DMP ne répond pas pour l’instant : rien n’est perdu, réessayez dans un instant.';
  }
  return undefined;
}

/** A failed reading of the DMP: what it means, then the API's words as a detail. */
export function DmpProblem({ error }: { error: unknown }) {
  if (!error) return null;
  const sentence = error instanceof ApiProblem ? dmpProblemSentence(error) : undefined;
  if (!sentence) return <ProblemBanner error={error} />;
  const detail = error instanceof ApiProblem && error.status !== 0 ? error.message : null;
  return (
    <div className="banner banner--error" role="alert">
      <p className="pathway-banner-text">{sentence}</p>
      {detail ? (
        <p className="pathway-banner-detail">
          Réponse du serveur : <span lang="en">{detail}</span>
        </p>
      ) : null}
    </div>
  );
}
