import { durationInWords, wholeDaysOf } from './durations';

/**
 * The events of a CPTS's stream (`cpts:<id>`) in French, from the API's
 * stores (onboarding-store, directory, coordinator-store). A type the page
 * does not know shows as the API wrote it.
 */
export const EVENT_LABELS: Readonly<Record<string, string>> = {
  cpts_created: 'CPTS créée',
  cpts_settings_changed: 'Paramètres modifiés',
  member_registered: 'Membre inscrit par RPPS',
  member_added: 'Membre ajouté',
  member_removed: 'Membre retiré',
  coordinator_granted: 'Coordinateur nommé',
  coordinator_revoked: 'Coordinateur retiré',
};

export function eventLabel(type: string): string {
  return EVENT_LABELS[type] ?? type;
}

/** The payload fields of those events, in French. */
const PAYLOAD_LABELS: Readonly<Record<string, string>> = {
  name: 'Nom',
  identifier: 'Identifiant',
  projetDeSanteAccesDirect: "Projet de santé prévoyant l'accès direct",
  coordinatorMssAddress: 'Messagerie MSSanté des coordinateurs',
  coordinatorsReadDocuments: 'Coordinateurs autorisés à lire les documents',
  bilanInitialDueAfter: 'Bilan initial dû après',
  compteRenduDueAfter: 'Compte-rendu dû après',
  reminderEvery: 'Relance tous les',
  escalateAfterReminders: "Relances avant d'alerter",
  practitionerId: 'Praticien (identifiant)',
  rpps: 'RPPS',
  newPractitioner: 'Nouveau dans le service',
  idNatPs: 'Identifiant national',
};

export function payloadLabel(key: string): string {
  return PAYLOAD_LABELS[key] ?? key;
}

/** A payload value in words: yes/no, none, a delay in days, else as written. */
export function payloadValue(value: unknown): string {
  if (value === null || value === undefined) return 'aucun';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'string') {
    return wholeDaysOf(value) !== null && value.startsWith('P') ? durationInWords(value) : value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Who did it: a professional by national id, or the engine itself. */
export function actorInWords(actor: Record<string, unknown>, myIdNatPs: string): string {
  const id = typeof actor.id === 'string' ? actor.id : '';
  if (actor.kind === 'user') return id === myIdNatPs ? `Vous (${id})` : `Professionnel ${id}`;
  const SYSTEMS: Record<string, string> = {
    'pathway-engine': 'Le moteur des parcours',
    'demo-data': 'Données de démonstration',
    'mss-mailbox': 'La boîte MSSanté du service',
  };
  return SYSTEMS[id] ?? `Système (${id || 'inconnu'})`;
}
