import { ApiProblem } from '../../api/client';

/**
 * The API words its refusals in English (for developers and logs); the
 * people reading these pages read French. The problems these pages can meet
 * are translated here; anything else is shown as the API wrote it rather
 * than hidden.
 */
const PROBLEMS: ReadonlyArray<[RegExp, string | ((...groups: string[]) => string)]> = [
  [/^must be a date written YYYY-MM-DD$/, 'doit être une date (AAAA-MM-JJ)'],
  [/^must be a date/, 'doit être une date (AAAA-MM-JJ)'],
  [/^must not be after to$/, 'doit précéder la date de fin'],
  [/^must not be before from$/, 'ne doit pas précéder la date de début'],
  [
    /^the period must not be longer than (\d+) years$/,
    (years) => `la période ne doit pas dépasser ${years} ans`,
  ],
  [
    /^must be a whole number between (\d+) and (\d+)$/,
    (min, max) => `doit être un nombre entier entre ${min} et ${max}`,
  ],
  [/^must be a whole number$/, 'doit être un nombre entier'],
  [/^must be longer than zero$/, 'doit être supérieur à zéro'],
  [/years and months have no fixed length/, 'doit être une durée en jours'],
  [/^expected a (form|string) such as/, 'doit être une durée en jours'],
  [/^must be an ISO-8601 duration$/, 'doit être une durée en jours'],
  [/^must be an RPPS number \(11 digits\)$/, 'doit être un numéro RPPS (11 chiffres)'],
  [/^is already on line (\d+)$/, (line) => `figure déjà à la ligne ${line}`],
  [/^is already a member of this CPTS$/, 'est déjà membre de cette CPTS'],
  [
    /^is a member of another CPTS/,
    "est membre d'une autre CPTS : seul un administrateur peut l'en faire changer",
  ],
  [/^is unknown to the Annuaire Santé$/, "est inconnu de l'Annuaire Santé"],
  [/exercise as closed$/, "l'Annuaire Santé indique que l'exercice de ce praticien est clos"],
  [
    /^is not an orthophoniste in the Annuaire Santé/,
    "n'est pas orthophoniste selon l'Annuaire Santé : seuls les orthophonistes ouvrent des parcours",
  ],
  [
    /^is not one of the MSSanté mailboxes the Annuaire Santé lists for this RPPS: (.+)$/,
    (choices) =>
      `n'est pas une des messageries MSSanté que l'Annuaire Santé indique pour ce RPPS : ${choices}`,
  ],
  [
    /lists no MSSanté mailbox for this RPPS/,
    "l'Annuaire Santé n'indique aucune messagerie MSSanté pour ce RPPS : laissez ce champ vide",
  ],
  [
    /lists several MSSanté mailboxes for this practitioner: choose one of (.+)$/,
    (choices) =>
      `l'Annuaire Santé indique plusieurs messageries MSSanté pour ce praticien : choisissez-en une (${choices})`,
  ],
  [/^must be a numéro AM or ADELI/, 'doit être un numéro AM ou ADELI (9 caractères)'],
  [/^must be a professional address$/, 'doit être une adresse MSSanté de professionnel'],
  [/^must be an MSSanté address/, 'doit être une adresse MSSanté'],
  [/^is the identifier of another CPTS$/, "est déjà l'identifiant d'une autre CPTS"],
  [
    /^must be 2 to 40 letters, digits or hyphens/,
    'doit compter 2 à 40 lettres, chiffres ou tirets (FINESS, SIRET…)',
  ],
  [/^must not be empty$/, 'doit être renseigné'],
  [/^must be at most (\d+) characters$/, (n) => `ne doit pas dépasser ${n} caractères`],
  [/^must be text$/, 'doit être du texte'],
  [/^must be true or false$/, 'doit être oui ou non'],
  [/^must be a UUID$/, 'doit être un identifiant valide'],
  [/^is set by an administrator only$/, 'est réglé par un administrateur uniquement'],
  [/^is your own$/, 'est le vôtre : un autre administrateur doit vous nommer'],
  [
    /^must be a national id/,
    'doit être un identifiant national (idNat_PS, par exemple « 8 » suivi du RPPS)',
  ],
  [/^has no line after its header/, "ne contient aucune ligne après l'en-tête"],
  [/^has no rpps column/, "n'a pas de colonne rpps : sa première ligne doit nommer les colonnes"],
  [
    /^has (\d+) lines; at most (\d+) at once/,
    (n, max) =>
      `compte ${n} lignes ; ${max} au plus à la fois : envoyez la liste en plusieurs fois`,
  ],
  [/^must be event types/, "doit être un ou plusieurs types d'événement séparés par des virgules"],
];

/** A problem the API named for one field, in French when the page knows it. */
export function frenchProblem(problem: string | undefined): string | undefined {
  if (problem === undefined) return undefined;
  for (const [pattern, french] of PROBLEMS) {
    const match = pattern.exec(problem);
    if (match) return typeof french === 'string' ? french : french(...match.slice(1));
  }
  return problem;
}

/** What the API said about one field of a failed call, in French, if anything. */
export function fieldProblem(error: unknown, field: string): string | undefined {
  return error instanceof ApiProblem ? frenchProblem(error.about(field)) : undefined;
}

/** Names of the fields the pages' forms send, for problems shown outside their field. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  from: 'date de début',
  to: 'date de fin',
  rpps: 'RPPS',
  mssAddress: 'messagerie MSSanté',
  billingNumber: 'numéro de facturation',
  csv: 'liste CSV',
  name: 'nom',
  identifier: 'identifiant',
  type: "type d'événement",
  page: 'page',
  practitionerId: 'orthophoniste',
  duty: 'document',
  idNatPs: 'identifiant national',
};

/** `csv[line 3].rpps` → « ligne 3, RPPS ». */
export function frenchField(field: string): string {
  const line = /^csv\[line (\d+)\]\.(\w+)$/.exec(field);
  if (line) return `ligne ${line[1]}, ${FIELD_NAMES[line[2]] ?? line[2]}`;
  return FIELD_NAMES[field] ?? field;
}

/**
 * The whole failure in French, for a banner: a refusal by status, the
 * fields at fault listed (those shown beside their field are listed too, so
 * the banner alone says everything), or the outage with when to retry.
 */
export function frenchError(error: unknown): Error | null {
  if (!error) return null;
  if (!(error instanceof ApiProblem)) {
    return new Error(
      error instanceof TypeError
        ? 'Le serveur ne répond pas : vérifiez la connexion et réessayez.'
        : 'Une erreur inattendue est survenue.',
    );
  }
  const fields = error.problems.map(
    (p) => `${frenchField(p.field)} : ${frenchProblem(p.problem) ?? p.problem}`,
  );
  const retry = error.retryAfterSeconds
    ? ` Réessayez dans ${error.retryAfterSeconds} secondes.`
    : ' Réessayez dans un instant.';
  switch (error.status) {
    case 0:
      return new Error(error.message);
    case 400:
      return new Error(
        fields.length > 0
          ? `Certaines valeurs sont refusées — ${fields.join(' ; ')}.`
          : `La demande est refusée : ${error.message}`,
      );
    case 403:
      return new Error(
        fields.length > 0
          ? `Vous n'avez pas le droit de faire cela — ${fields.join(' ; ')}.`
          : "Vous n'avez pas le droit de faire cela avec votre rôle.",
      );
    case 404:
      return new Error("Introuvable, ou vous n'y avez pas accès.");
    case 409:
      return new Error(
        fields.length > 0
          ? `Conflit — ${fields.join(' ; ')}.`
          : `Conflit avec l'état actuel : ${error.message}`,
      );
    case 429:
      return new Error(`Trop de demandes à la suite.${retry}`);
    case 503:
      return new Error(
        /Annuaire/i.test(error.message)
          ? `L'Annuaire Santé ne répond pas : rien n'a été enregistré.${retry}`
          : `Le service est momentanément indisponible.${retry}`,
      );
    default:
      return new Error(`Erreur ${error.status} : ${error.message}`);
  }
}
