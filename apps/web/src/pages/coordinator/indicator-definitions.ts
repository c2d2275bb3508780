/**
 * The French labels and definitions of the indicators, copied from the API's
 * `libs/persistence/indicators/indicator-definitions.ts` (the README, the
 * OpenAPI description and the annual report print the same list): the page
 * shows each figure with the exact words a CPAM or ARS reader checks.
 */
export interface IndicatorDefinition {
  /** Where the figure is in `IndicatorFigures` (dotted path; `*` stands for each duty). */
  key: string;
  label: string;
  definition: string;
}

export const COHORT_RULE =
  "Un parcours compte dans une période s'il a été ouvert l'un de ses jours (jours civils Europe/Paris, bornes " +
  '`from` et `to` incluses) ; ses documents, envois et délais comptent dans cette période quelle que soit leur ' +
  'date. « En retard à ce jour » se mesure au moment du calcul. Période par défaut : les 12 derniers mois.';

export const INDICATOR_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    key: 'pathways.opened',
    label: 'Parcours ouverts',
    definition: 'Parcours en accès direct ouverts pendant la période.',
  },
  {
    key: 'pathways.active',
    label: 'Parcours en cours',
    definition:
      'Parmi les parcours ouverts, ceux qui ne sont ni terminés ni abandonnés au moment du calcul.',
  },
  {
    key: 'pathways.completed',
    label: 'Parcours terminés',
    definition: 'Parmi les parcours ouverts, ceux dont le compte-rendu a été reçu (parcours clos).',
  },
  {
    key: 'pathways.abandoned',
    label: 'Parcours abandonnés',
    definition: 'Parmi les parcours ouverts, ceux qui ont été abandonnés (avec un motif).',
  },
  {
    key: 'patientsWithoutMedecinTraitant',
    label: 'Patients sans médecin traitant déclaré',
    definition:
      'Nombre de patients distincts des parcours ouverts dont le médecin traitant est « aucun déclaré » au moment du calcul.',
  },
  {
    key: 'duties.*.owed',
    label: 'Documents dus',
    definition:
      'Bilan initial : chaque parcours ouvert. Compte-rendu : les parcours ouverts dont la fin de soins est déclarée (ou dont le compte-rendu est reçu).',
  },
  {
    key: 'duties.*.receivedOnTime',
    label: 'Reçus dans le délai',
    definition:
      "Documents dus reçus au plus tard à leur échéance (ouverture + délai du bilan, fin de soins + délai du compte-rendu, selon la politique de la CPTS à l'ouverture). Dénominateur : documents dus.",
  },
  {
    key: 'duties.*.receivedLate',
    label: 'Reçus en retard',
    definition: 'Documents dus reçus après leur échéance. Dénominateur : documents dus.',
  },
  {
    key: 'duties.*.missingOverdue',
    label: 'Manquants et en retard',
    definition:
      "Documents dus non reçus, parcours en cours, échéance passée au moment du calcul ; avec le total, le maximum et la médiane des jours de retard (jours entiers depuis l'échéance).",
  },
  {
    key: 'duties.*.missingNotYetDue',
    label: 'Attendus, pas encore dus',
    definition: 'Documents dus non reçus, parcours en cours, échéance à venir.',
  },
  {
    key: 'duties.*.remindersSent',
    label: 'Relances envoyées',
    definition: "Relances adressées à l'orthophoniste pour ce document, sur les parcours ouverts.",
  },
  {
    key: 'duties.*.escalations',
    label: 'Alertes au coordinateur',
    definition: 'Parcours ouverts dont le coordinateur de la CPTS a été alerté pour ce document.',
  },
  {
    key: 'sharing.*.mss.sent',
    label: 'Envoyés au médecin traitant (MSSanté)',
    definition:
      'Documents reçus dont un message a été envoyé au médecin traitant par MSSanté. Dénominateur : documents reçus.',
  },
  {
    key: 'sharing.*.mss.delivered',
    label: 'Distribués',
    definition:
      "Documents reçus dont un message au médecin traitant a fait l'objet d'un accusé de distribution (DSN). Dénominateur : documents reçus.",
  },
  {
    key: 'sharing.*.mss.read',
    label: 'Lus',
    definition:
      "Documents reçus dont un message au médecin traitant a fait l'objet d'un accusé de lecture ou de traitement (MDN). Dénominateur : documents reçus.",
  },
  {
    key: 'sharing.*.mss.skipped',
    label: 'Non envoyés, par motif',
    definition:
      "Documents reçus dont l'envoi n'a pas eu lieu, par motif : pas de médecin traitant déclaré, pas de messagerie MSSanté connue, adresse refusée. Un envoi réussi après un changement de médecin traitant compte comme envoyé.",
  },
  {
    key: 'sharing.*.dmp.filed',
    label: 'Versés au DMP',
    definition: 'Documents reçus versés au DMP du patient. Dénominateur : documents reçus.',
  },
  {
    key: 'sharing.*.dmp.skipped',
    label: 'Non versés au DMP, par motif',
    definition:
      'Documents reçus non versés, par motif : consentement refusé, patient sans DMP, parcours abandonné avant le versement ; « en attente » : une action humaine est attendue (consentement, autorisation, identité, correction).',
  },
  {
    key: 'delays.openingToBilanInitial',
    label: 'Délai ouverture → bilan initial reçu',
    definition:
      "Médiane et 90e centile, en jours, de l'ouverture à la réception du bilan initial, sur les parcours ouverts dont le bilan est reçu.",
  },
  {
    key: 'delays.bilanInitialToMedecinTraitant',
    label: 'Délai bilan reçu → envoyé au médecin traitant',
    definition:
      'Médiane et 90e centile, en jours, de la réception du bilan initial au premier envoi MSSanté au médecin traitant, sur les bilans envoyés.',
  },
  {
    key: 'delays.endOfCareToCompteRendu',
    label: 'Délai fin de soins → compte-rendu reçu',
    definition:
      'Médiane et 90e centile, en jours, du jour de fin de soins déclaré (minuit, Europe/Paris) à la réception du compte-rendu, sur les comptes-rendus reçus.',
  },
];

/** The definition of one figure, by its key in INDICATOR_DEFINITIONS (`duties.*.owed`…). */
export function definitionOf(key: string): IndicatorDefinition {
  const found = INDICATOR_DEFINITIONS.find((d) => d.key === key);
  if (!found) throw new Error(`no indicator definition for ${key}`);
  return found;
}
