import type { DocumentKind } from './indicator-view';
import type { Page } from './page-view';

/**
 * GET /cpts/{id}/worklist, copied from the API's
 * `libs/persistence/indicators/worklist-store.ts` and the indicators
 * controller (which adds `practitionersWithoutBillingNumber`). No patient data.
 */

/** One overdue duty of a CPTS: what its coordinator chases. */
export interface OverdueDuty {
  pathwayId: string;
  duty: DocumentKind;
  dueAt: string;
  /** Whole days since the due date. */
  daysOverdue: number;
  openedAt: string;
  practitioner: { id: string; familyName: string; givenNames: string };
  remindersSent: number;
  /** When the coordinator was alerted (the workflow alerts once per duty); null: not yet. */
  lastEscalatedAt: string | null;
}

/** A member who bills accès-direct acts without a billing number on record. */
export interface PractitionerWithoutBillingNumber {
  id: string;
  familyName: string;
  givenNames: string;
  rpps: string;
}

export type Worklist = Page<OverdueDuty> & {
  practitionersWithoutBillingNumber: PractitionerWithoutBillingNumber[];
};

export const DUTY_LABELS: Readonly<Record<DocumentKind, string>> = {
  bilan_initial: 'Bilan initial',
  compte_rendu: 'Compte-rendu',
};

/** The `?duty=` of a URL, if it names a duty the API knows. */
export function dutyOf(value: string | null): DocumentKind | undefined {
  return value === 'bilan_initial' || value === 'compte_rendu' ? value : undefined;
}
