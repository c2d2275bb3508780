import { DomainError } from '@app/domain';
import type { PathwayScope } from '@app/persistence';
import type { Principal } from './principal';

/** Whose a pathway is, as far as access goes. */
export interface PathwayOwnership {
  practitionerId: string;
  cptsId: string;
}

/**
 * How the caller stands to a pathway: its orthophoniste (reads and acts), a
 * coordinator of its CPTS (follows it; opens its documents only if the CPTS
 * allows), or nobody (the pathway does not exist for them: 404, so that its
 * existence says nothing).
 */
export type PathwayAccess = 'practitioner' | 'coordinator';

export function pathwayAccess(
  principal: Principal,
  pathway: PathwayOwnership,
): PathwayAccess | undefined {
  if (principal.practitionerId !== null && principal.practitionerId === pathway.practitionerId) {
    return 'practitioner';
  }
  if (principal.coordinatorOf.includes(pathway.cptsId)) return 'coordinator';
  return undefined;
}

/** What the caller may list: their own pathways and every one of the CPTS they coordinate. */
export function pathwayScope(principal: Principal): PathwayScope {
  if (principal.practitionerId === null && principal.coordinatorOf.length === 0) {
    throw new DomainError(
      'forbidden',
      principal.administrator
        ? 'administrators set up CPTS and coordinators; they see no patient data'
        : 'only practitioners and CPTS coordinators see pathways',
    );
  }
  return { practitionerId: principal.practitionerId, cptsIds: principal.coordinatorOf };
}

/** Changes to a CPTS (its projet de santé, policy, coordinators' rights): its coordinators and administrators. */
export function assertAdministersCpts(principal: Principal, cptsId: string): void {
  if (principal.administrator || principal.coordinatorOf.includes(cptsId)) return;
  throw new DomainError(
    'forbidden',
    "only this CPTS's coordinators or an administrator change it",
    [{ field: 'id', problem: 'you do not coordinate this CPTS' }],
  );
}

export function assertAdministrator(principal: Principal): void {
  if (!principal.administrator) {
    throw new DomainError('forbidden', 'only an administrator of the engine may do this');
  }
}

/** The reason a caller who only follows a pathway may not act on it. */
export const COORDINATORS_FOLLOW =
  "only the pathway's orthophoniste acts on it; CPTS coordinators follow it";

export const DOCUMENTS_CLOSED_TO_COORDINATORS =
  "this CPTS's policy does not let coordinators open clinical documents (PATCH /cpts/{id} coordinatorsReadDocuments)";
