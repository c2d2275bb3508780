import { ApiProblem } from '../../api/client';
import type {
  ConsentementDmp,
  DmpAction,
  DmpSkipReason,
  DocumentKind,
  MssSkipReason,
  PathwayStatus,
  PathwayStep,
} from './pathway-view';

/**
 * The engine's codes in the orthophoniste's words. Same vocabulary as the
 * API's exports and justification sheet (apps/api/exports/labels.ts), so the
 * page and the PDF say the same thing.
 */

export const STATUS_WORDS: Readonly<Record<PathwayStatus, string>> = {
  active: 'En cours',
  completed: 'Terminé',
  abandoned: 'Abandonné',
};

export const STEP_WORDS: Readonly<Record<PathwayStep, string>> = {
  bilan_initial: 'Bilan initial attendu',
  care: 'Soins en cours',
  compte_rendu: 'Compte rendu attendu',
  sharing: 'Partage des documents en cours',
  closed: 'Clos',
};

export const CONSENT_WORDS: Readonly<Record<ConsentementDmp, string>> = {
  given: 'donné',
  refused: 'refusé',
  not_asked: 'pas encore demandé',
};

/** RNIV identity statuses. */
const IDENTITY_WORDS: Readonly<Record<string, string>> = {
  PROV: 'provisoire',
  RECUP: 'récupérée auprès de l’INSi, à valider par une pièce d’identité',
  VALI: 'validée par une pièce d’identité (INS non qualifiée)',
  QUAL: 'qualifiée',
};

export function identityWords(ins: { identityStatus: string } | null): string {
  if (!ins) return 'provisoire : INS non récupérée';
  return IDENTITY_WORDS[ins.identityStatus] ?? ins.identityStatus;
}

/** The document's name as a sentence uses it: « le bilan initial ». */
export const KIND_WORDS: Readonly<
  Record<DocumentKind, { title: string; the: string; of: string }>
> = {
  bilan_initial: { title: 'Bilan initial', the: 'le bilan initial', of: 'du bilan initial' },
  compte_rendu: { title: 'Compte rendu', the: 'le compte rendu', of: 'du compte rendu' },
};

export const DMP_SKIP_WORDS: Readonly<Record<DmpSkipReason, string>> = {
  consent_refused: 'le patient a refusé que ses documents soient classés dans son DMP',
  no_dmp: 'le patient n’a pas de DMP',
  pathway_abandoned: 'le parcours a été abandonné avant le classement',
};

export const MSS_SKIP_WORDS: Readonly<Record<MssSkipReason, string>> = {
  no_medecin_traitant: 'le patient n’a pas déclaré de médecin traitant',
  no_mss_address: 'aucune messagerie sécurisée (MSSanté) n’est connue pour le médecin traitant',
  address_refused: 'l’adresse MSSanté du médecin traitant a été refusée',
};

/** What a waiting DMP filing needs, in a few words (timeline, badges). */
export const DMP_ACTION_WORDS: Readonly<Record<DmpAction, string>> = {
  consent: 'le consentement du patient',
  authorization: 'l’autorisation du patient d’accéder à son DMP',
  identity: 'une identité INS qualifiée',
  correction: 'une version corrigée du document',
};

/** A code's words, or the code itself when the table does not know it (a newer API). */
export function wordsOf<K extends string>(
  table: Readonly<Record<K, string>>,
  code: string | null | undefined,
): string {
  if (!code) return '';
  return (table as Readonly<Record<string, string>>)[code] ?? code;
}

/**
 * The API answers field problems in English (the DTOs' messages). The usual
 * ones are said again in French; anything else is shown as the API said it.
 */
const PROBLEMS: readonly [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^must not be empty$/, () => 'Ce champ est obligatoire.'],
  [/^is required/, () => 'Ce champ est obligatoire.'],
  [/RPPS number/, () => 'Le numéro RPPS compte 11 chiffres.'],
  [/^must be an e-mail address$/, () => 'Saisissez une adresse de messagerie valide.'],
  [/^must not be in the future$/, () => 'La date ne peut pas être dans le futur.'],
  [/^must be (?:a|an) (?:ISO )?(?:day|date)/i, () => 'Saisissez une date valide.'],
  [
    /(?:at most|shorter than or equal to) (\d+) characters/,
    (m) => `Ce texte dépasse ${m[1]} caractères.`,
  ],
  [/larger than \d+ bytes/, () => 'Le fichier dépasse 5 Mo, la limite du DMP.'],
  [/^the file is empty$/, () => 'Le fichier est vide.'],
  [
    /^content is not one of/,
    () =>
      'Format non accepté : le contenu n’est ni PDF, ni JPEG, ni texte, ni RTF, ni GIF, ni TIFF.',
  ],
  [
    /^the content is (.+) but the name ends in (\.\w+)$/,
    (m) => `Format non accepté : le contenu est ${m[1]} mais le nom se termine par ${m[2]}.`,
  ],
  [
    /invisible to the patient and masked from professionals/,
    () => 'Un document ne peut pas être à la fois masqué au patient et aux professionnels.',
  ],
  // An MSSanté address (apps/api/onboarding/mss-address.ts, libs/mss/address.ts).
  [/is required to receive alerts/, () => 'Indiquez l’adresse MSSanté où recevoir les alertes.'],
  [
    /is not an e-mail address|has an invalid (?:domain|local part)/,
    () => 'Saisissez une adresse de messagerie valide (nom@domaine.mssante.fr).',
  ],
  [
    /is not on an MSSanté domain/,
    () => 'Cette adresse n’est pas une messagerie MSSanté : elle se termine par .mssante.fr.',
  ],
  [
    /^must be a professional address$|is not a patient's MSSanté address/,
    () => 'Saisissez votre adresse MSSanté de professionnel, pas celle d’un patient.',
  ],
  [/^must be an MSSanté address$/, () => 'Saisissez une adresse MSSanté.'],
  // A message to the patient (apps/api/patient-messages/patient-message.dto.ts).
  [/^must be one line$/, () => 'L’objet tient sur une seule ligne.'],
  [
    /must not hold control characters/,
    () =>
      'Le texte contient des caractères invisibles non acceptés : retapez-le, ou collez-le sans mise en forme.',
  ],
  [
    /is hidden from the patient/,
    () => 'Ce document est masqué au patient dans son DMP : il ne peut pas lui être envoyé.',
  ],
  [/is not a document of this pathway/, () => 'Ce document n’est pas un document de ce parcours.'],
];

export function frenchProblem(problem: string | undefined): string | undefined {
  if (problem === undefined) return undefined;
  for (const [pattern, say] of PROBLEMS) {
    const match = problem.match(pattern);
    if (match) return say(match);
  }
  return problem;
}

/** What the API said about one field of a failed call, in French, if anything. */
export function problemAbout(error: unknown, field: string): string | undefined {
  return error instanceof ApiProblem ? frenchProblem(error.about(field)) : undefined;
}

/**
 * Whether a failed call's message belongs in a banner: not when every problem
 * it names is already shown next to one of the form's fields.
 */
export function bannerError(error: unknown, fields: readonly string[]): unknown {
  if (!(error instanceof ApiProblem)) return error;
  const shown = error.problems.filter((p) =>
    fields.some((f) => p.field === f || p.field.startsWith(`${f}.`)),
  );
  if (shown.length > 0 && shown.length === error.problems.length) return null;
  return error;
}

/** A CPTS policy's delay (ISO-8601, as libs/domain/iso-duration.ts takes it) in words: « 30 jours ». */
export function durationWords(iso: string): string {
  const match =
    /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i.exec(
      iso.trim(),
    );
  if (!match) return iso;
  const units: [string | undefined, string, string][] = [
    [match[1], 'semaine', 'semaines'],
    [match[2], 'jour', 'jours'],
    [match[3], 'heure', 'heures'],
    [match[4], 'minute', 'minutes'],
    [match[5], 'seconde', 'secondes'],
  ];
  const parts = units
    .filter(([n]) => n !== undefined && Number(n.replace(',', '.')) > 0)
    .map(([n = '0', one, many]) => `${n} ${Number(n.replace(',', '.')) > 1 ? many : one}`);
  return parts.length > 0 ? parts.join(' et ') : iso;
}
