import type { ConsentementDmp, MssSkipReason, PathwayStatus, PathwayStep } from '@app/domain';
import type { DmpStatus, MssShareStatus } from '@app/persistence';
import type { DmpAction, DmpSkipReason } from '@app/workflows';

/**
 * The engine's codes in the words of the French readers of its exports, annual
 * report and justification sheet (coordinators, CPAM, ARS, orthophonistes).
 * One table, so the CSV, the PDF and the sheet say the same thing.
 */

export const STATUS_LABELS: Readonly<Record<PathwayStatus, string>> = {
  active: 'en cours',
  completed: 'terminé',
  abandoned: 'abandonné',
};

export const STEP_LABELS: Readonly<Record<PathwayStep, string>> = {
  bilan_initial: 'bilan initial attendu',
  care: 'soins en cours',
  compte_rendu: 'compte-rendu attendu',
  sharing: 'partage en cours',
  closed: 'clos',
};

export const MSS_STATUS_LABELS: Readonly<Record<MssShareStatus, string>> = {
  sent: 'envoyé',
  to_send: 'à envoyer',
  skipped: 'non envoyé',
};

export const MSS_SKIP_LABELS: Readonly<Record<MssSkipReason, string>> = {
  no_medecin_traitant: 'pas de médecin traitant déclaré',
  no_mss_address: 'pas de messagerie MSSanté connue',
  address_refused: 'adresse refusée',
};

export const DMP_STATUS_LABELS: Readonly<Record<DmpStatus, string>> = {
  filed: 'versé',
  to_file: 'à verser',
  waiting: 'en attente',
  skipped: 'non versé',
};

export const DMP_SKIP_LABELS: Readonly<Record<DmpSkipReason, string>> = {
  consent_refused: 'consentement refusé',
  no_dmp: 'patient sans DMP',
  pathway_abandoned: 'parcours abandonné avant le versement',
};

export const DMP_WAITING_LABELS: Readonly<Record<DmpAction, string>> = {
  consent: 'consentement à recueillir',
  authorization: 'autorisation du patient à enregistrer',
  identity: 'identité (INS) à qualifier',
  correction: 'document à corriger',
};

export const CONSENT_LABELS: Readonly<Record<ConsentementDmp, string>> = {
  given: 'donné',
  refused: 'refusé',
  not_asked: 'pas encore demandé',
};

/** A code's label, or the code itself when the table does not know it (never an empty cell for a value). */
export function labelOf<K extends string>(
  table: Readonly<Record<K, string>>,
  code: string | null | undefined,
): string {
  if (code === null || code === undefined || code === '') return '';
  return (table as Record<string, string>)[code] ?? code;
}

/** Whether a duty's document came on time, as a list says it. */
export type Timeliness =
  'on_time' | 'late' | 'missing_overdue' | 'awaited' | 'not_received' | 'not_owed';

export const TIMELINESS_LABELS: Readonly<Record<Timeliness, string>> = {
  on_time: 'dans le délai',
  late: 'en retard',
  missing_overdue: 'manquant, en retard',
  awaited: 'attendu',
  not_received: 'non reçu',
  not_owed: 'non dû',
};

/**
 * On time, late, or missing (overdue or not yet due) — the same rule as the
 * indicators: received at or before the due date is on time; not received
 * while the pathway is active and the due date has passed is missing and late.
 */
export function timeliness(duty: {
  status: PathwayStatus;
  dueAt: Date | null;
  receivedAt: Date | null;
  now: number;
}): Timeliness {
  if (duty.receivedAt) {
    return duty.dueAt && duty.receivedAt.getTime() > duty.dueAt.getTime() ? 'late' : 'on_time';
  }
  if (!duty.dueAt) return 'not_owed';
  if (duty.status !== 'active') return 'not_received';
  return duty.dueAt.getTime() <= duty.now ? 'missing_overdue' : 'awaited';
}

/** Whole days since `dueAt` (floor), 0 when not yet due. */
export function daysOverdue(dueAt: Date | null, now: number): number {
  if (!dueAt) return 0;
  return Math.max(0, Math.floor((now - dueAt.getTime()) / 86_400_000));
}
