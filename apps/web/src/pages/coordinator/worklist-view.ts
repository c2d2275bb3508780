import type { Schema } from '../../api/client';
import type { DocumentKind } from './indicator-view';

/** GET /cpts/{id}/worklist, as the API's OpenAPI document describes it. No patient data. */
export type Worklist = Schema<'Worklist'>;
/** One overdue duty of a CPTS: what its coordinator chases. */
export type OverdueDuty = Schema<'OverdueDuty'>;
/** A member who bills accès-direct acts without a billing number on record. */
export type PractitionerWithoutBillingNumber = Schema<'PractitionerWithoutBillingNumber'>;

export const DUTY_LABELS: Readonly<Record<DocumentKind, string>> = {
  bilan_initial: 'Bilan initial',
  compte_rendu: 'Compte-rendu',
};

/** The `?duty=` of a URL, if it names a duty the API knows. */
export function dutyOf(value: string | null): DocumentKind | undefined {
  return value === 'bilan_initial' || value === 'compte_rendu' ? value : undefined;
}
