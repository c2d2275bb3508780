import type { Schema } from '../../api/client';

/**
 * GET /practitioners/{id}/patients and …/dmp-alerts, as the API's OpenAPI
 * document describes them (apps/api/practitioners/practitioner-patients.view.ts).
 */
export type PractitionerPatientsPage = Schema<'PractitionerPatientsPage'>;
export type PractitionerPatientRow = Schema<'PractitionerPatientRow'>;
export type PatientAlertState = Schema<'PatientAlertState'>;
export type DmpAlertSettings = Schema<'DmpAlertSettingsView'>;

export function myPatientsKey(practitionerId: string, page?: number) {
  return page === undefined
    ? (['my-patients', practitionerId] as const)
    : (['my-patients', practitionerId, page] as const);
}

export function dmpAlertsKey(practitionerId: string) {
  return ['dmp-alerts', practitionerId] as const;
}

/** Whether the engine watches this patient's DMP for the orthophoniste, and if not why, in words. */
export const ALERT_WORDS: Readonly<Record<PatientAlertState, string>> = {
  on: 'Alertes actives : son DMP est surveillé',
  off: 'Alertes désactivées',
  no_active_pathway: 'Pas d’alerte : aucun parcours en cours',
  identity: 'Pas d’alerte : identité INS non qualifiée',
  no_dmp: 'Pas d’alerte : le patient n’a pas de DMP',
  authorization: 'Pas d’alerte : l’autorisation d’accès au DMP est à demander au patient',
  unavailable: 'Pas d’alerte pour l’instant : le DMP ne répond pas',
};

/** The name as the pathway page writes it (apps/api/pathways/pathway.view.ts): first given name, used name. */
export function patientName(patient: PractitionerPatientRow['patient']): string {
  return `${patient.firstNames.split(' ')[0]} ${patient.usedFamilyName ?? patient.birthFamilyName}`;
}
