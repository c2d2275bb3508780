import { parisDay } from '@app/domain';
import { addMonths } from '../transport';
import { type RegistryError, parseCx } from '../xds';
import { SANDBOX_ERROR_CODES, registryError } from './codes';
import type { SandboxIns } from './options';
import type { SandboxStore } from './store';

/**
 * Who may read and write a patient's DMP in the sandbox: the patient must
 * have a DMP, and the practitioner must hold an authorisation the patient has
 * not turned into a ban, given no more than `maxAgeMonths` ago (counted in
 * Paris calendar days, as the adapter's own check does).
 */

export type AccessRefusal =
  | { kind: 'NO_DMP'; message: string }
  | { kind: 'FORBIDDEN' | 'NOT_AUTHORIZED' | 'EXPIRED'; message: string };

export interface AccessPolicy {
  maxAgeMonths: number;
  now: Date;
}

export async function accessRefusal(
  store: SandboxStore,
  ins: SandboxIns,
  practitionerId: string,
  policy: AccessPolicy,
): Promise<AccessRefusal | undefined> {
  if (!(await store.patientHasDmp(ins))) {
    // The patient's INS stays out of the message: it travels back as a rejection reason.
    return { kind: 'NO_DMP', message: 'the patient named in the request has no DMP' };
  }
  const authorization = await store.authorization(ins, practitionerId);
  if (!authorization) {
    return {
      kind: 'NOT_AUTHORIZED',
      message: `practitioner ${practitionerId} has no authorisation on this DMP`,
    };
  }
  if (authorization.status === 'INTERDIT') {
    return {
      kind: 'FORBIDDEN',
      message: `the patient has forbidden practitioner ${practitionerId} access to this DMP`,
    };
  }
  const since = authorization.authorizedOn ?? '';
  if (isExpired(since, policy)) {
    return {
      kind: 'EXPIRED',
      message:
        `the authorisation of practitioner ${practitionerId} dates from ${since}, ` +
        `more than ${policy.maxAgeMonths} months ago: it must be renewed (TD0.3)`,
    };
  }
  return undefined;
}

/** Same rule as the adapter's authorizationProblem: past the same day `maxAgeMonths` later. */
export function isExpired(authorizedOn: string, policy: AccessPolicy): boolean {
  return parisDay(policy.now) > addMonths(authorizedOn, policy.maxAgeMonths);
}

/** The practitioner's national id as the VIHF names them (Subject/NameID): "8" + RPPS. */
export function practitionerIdOf(rpps: string): string {
  if (!/^[0-9]{11}$/.test(rpps)) throw new Error(`RPPS "${rpps}" is not 11 digits`);
  return `8${rpps}`;
}

/** How ITI-41, ITI-18 and ITI-43 say no: an unknown patient for a missing DMP, ours otherwise. */
export function refusalAsRegistryError(refusal: AccessRefusal): RegistryError {
  return registryError(
    refusal.kind === 'NO_DMP'
      ? SANDBOX_ERROR_CODES.unknownPatient
      : SANDBOX_ERROR_CODES.accessDenied,
    refusal.message,
  );
}

export function sameIns(a: SandboxIns, b: SandboxIns): boolean {
  return a.matricule === b.matricule && a.oid === b.oid;
}

/** The INS a CX patientId (`matricule^^^&OID&ISO^NH`) stands for, if it is one. */
export function insOfCx(cx: string | undefined): SandboxIns | undefined {
  const parsed = cx === undefined ? undefined : parseCx(cx);
  return parsed?.authorityOid ? { matricule: parsed.id, oid: parsed.authorityOid } : undefined;
}
