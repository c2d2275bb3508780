import { parisDay } from '@app/domain';
import {
  MalformedXmlError,
  type PatientIns,
  type TestAuthorizationResponse,
  buildTestAuthorizationResponse,
  buildUpdateAuthorizationResponse,
  parseTestAuthorizationRequest,
  parseUpdateAuthorizationRequest,
} from '../transport';
import { sameIns } from './access';
import { SANDBOX_TD_FAULTS } from './codes';
import type { SandboxServices } from './services';
import type { Caller } from './security';
import type { SoapHandler } from './soap-endpoint';
import { senderFault } from './soap-faults';

/**
 * TD0.2 (is there a DMP, and what is this practitioner's authorisation?) and
 * TD0.3 (add or remove it), in the provisional wire form of
 * transport/dmp-transactions.ts. TD0.2 reports the stored authorisation as it
 * is, with its date, and leaves the age rule to the caller, as the adapter's
 * authorizationProblem expects; the sandbox applies the same rule itself to
 * ITI-41, ITI-18 and ITI-43.
 */

export function testAuthorizationHandler(services: SandboxServices): SoapHandler {
  return async ({ caller, payload }) => {
    const { patientIns } = read(() => parseTestAuthorizationRequest(payload));
    checkPatient(patientIns, caller);
    const response = await authorizationStatus(services, patientIns, caller.practitionerId);
    return {
      bodyXml: buildTestAuthorizationResponse(response),
      summary: response.dmpExists ? response.status : 'no DMP',
    };
  };
}

export function updateAuthorizationHandler(services: SandboxServices): SoapHandler {
  return async ({ caller, payload, now }) => {
    const { patientIns, action } = read(() => parseUpdateAuthorizationRequest(payload));
    checkPatient(patientIns, caller);
    if (!(await services.store.patientHasDmp(patientIns))) {
      throw senderFault('the patient has no DMP', SANDBOX_TD_FAULTS.patientWithoutDmp);
    }
    const current = await services.store.authorization(patientIns, caller.practitionerId);
    if (action === 'ADD') {
      // Only the patient can lift a ban; a practitioner cannot authorise themselves past it.
      if (current?.status === 'INTERDIT') {
        throw senderFault(
          'the patient has forbidden this practitioner access to the DMP',
          SANDBOX_TD_FAULTS.accessForbidden,
        );
      }
      await services.store.putAuthorization(
        patientIns,
        caller.practitionerId,
        'VALIDE',
        parisDay(now),
      );
    } else {
      await services.store.deleteAuthorization(patientIns, caller.practitionerId, ['VALIDE']);
    }
    return { bodyXml: buildUpdateAuthorizationResponse({ ok: true }), summary: action };
  };
}

async function authorizationStatus(
  services: SandboxServices,
  patientIns: PatientIns,
  practitionerId: string,
): Promise<TestAuthorizationResponse> {
  const none = { treatingPhysician: false, status: 'NON_EXISTE' } as const;
  if (!(await services.store.patientHasDmp(patientIns))) return { ...none, dmpExists: false };
  // The "médecin traitant DMP" flag is the patient's (set up with setTreatingPhysician); it is
  // reported whatever the authorisation, as the two are recorded apart.
  const treatingPhysician = (await services.store.treatingPhysician(patientIns)) === practitionerId;
  const base = { ...none, treatingPhysician, dmpExists: true };
  const authorization = await services.store.authorization(patientIns, practitionerId);
  if (!authorization) return base;
  if (authorization.status === 'INTERDIT') return { ...base, status: 'INTERDIT' };
  return {
    ...base,
    status: 'VALIDE',
    ...(authorization.authorizedOn ? { lastAuthorizationDate: authorization.authorizedOn } : {}),
  };
}

function read<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MalformedXmlError) throw senderFault(error.message);
    throw error;
  }
}

/** The transaction's patient must be the one the VIHF names. */
function checkPatient(patientIns: PatientIns, caller: Caller): void {
  if (!sameIns(patientIns, caller.patientIns)) {
    throw senderFault(
      'PatientIns is not the patient named in the VIHF (resource-id)',
      SANDBOX_TD_FAULTS.patientMismatch,
    );
  }
}
