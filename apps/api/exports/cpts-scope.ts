import { DomainError } from '@app/domain';
import type { CptsRow, Directory } from '@app/persistence';
import type { Principal } from '../auth/principal';

/**
 * What a CPTS's exports and report are, and who gets them:
 * - `figures` (indicators, per-orthophoniste table, annual report): aggregates
 *   without patient data — its coordinators and the engine's administrators;
 * - `pathways` (the de-identified pathway list): one line per pathway, dated,
 *   with the orthophoniste — pseudonymised data about patients' care, not an
 *   aggregate: its coordinators only. Administrators see no patient data,
 *   pseudonymised included (403: their role does not allow it).
 * A CPTS the caller neither coordinates nor (for figures) administers does not
 * exist for them: 404, as a pathway out of scope.
 */
export type CptsExport = 'figures' | 'pathways';

export const ADMINISTRATORS_SEE_NO_PATHWAY =
  "administrators see no patient data: a CPTS's pathway list, even de-identified, is its coordinators'; " +
  'administrators get its indicators and annual report';

/**
 * The CPTS, if the caller coordinates it (or administers the engine, where
 * `administrators` allows): otherwise it does not exist for them, 404.
 */
export async function cptsFollowedBy(
  directory: Directory,
  principal: Principal,
  cptsId: string,
  allowed: { administrators: boolean },
): Promise<CptsRow> {
  const cpts = await directory.cpts(cptsId);
  const follows =
    principal.coordinatorOf.includes(cptsId) || (allowed.administrators && principal.administrator);
  if (!cpts || !follows) throw DomainError.notFound('CPTS', cptsId);
  return cpts;
}

export async function cptsForExport(
  directory: Directory,
  principal: Principal,
  cptsId: string,
  kind: CptsExport,
): Promise<CptsRow> {
  const cpts = await cptsFollowedBy(directory, principal, cptsId, { administrators: true });
  if (kind === 'pathways' && !principal.coordinatorOf.includes(cptsId)) {
    throw new DomainError('forbidden', ADMINISTRATORS_SEE_NO_PATHWAY);
  }
  return cpts;
}
