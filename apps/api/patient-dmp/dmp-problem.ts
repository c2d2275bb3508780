import { DomainError } from '@app/domain';
import { DmpError, type DmpErrorCode } from '@app/dmp';

/** The field a page shows the authorisation question next to. */
export const PATIENT_AUTHORIZATION_FIELD = 'patientAuthorization';

const RETRY_AFTER_SECONDS = 30;

/**
 * What a DMP failure means to the practitioner who asked to read, as an
 * HTTP problem: the DMP down is a 503 to try again; an authorisation to
 * ask the patient for is a 409 naming `patientAuthorization`; a ban by the
 * patient is a 403. Every code has its line: the type checker keeps it so.
 */
const PROBLEMS: Record<DmpErrorCode, (error: DmpError) => DomainError> = {
  NO_DMP: () => new DomainError('conflict', 'the patient has no DMP'),
  AUTHORIZATION_MISSING: (error) => authorizationNeeded(error.message),
  AUTHORIZATION_EXPIRED: (error) => authorizationNeeded(error.message),
  AUTHORIZATION_FORBIDDEN: () =>
    new DomainError('forbidden', 'the patient has forbidden you access to their DMP'),
  IDENTITY_NOT_QUALIFIED: (error) => new DomainError('conflict', error.message),
  UNAVAILABLE: () => unavailable('the DMP does not answer'),
  AUTHENTICATION_FAILED: () =>
    unavailable("the DMP refused the engine's certificate (an operator must look at it)"),
  DOCUMENT_REJECTED: (error) =>
    unavailable(`the DMP could not answer this request (${error.reason ?? error.message})`),
  VALUE_NOT_IN_VALUE_SET: (error) => new DomainError('conflict', error.message),
  FORBIDDEN_VISIBILITY: (error) => new DomainError('conflict', error.message),
  INVALID_SUBMISSION: (error) => new DomainError('conflict', error.message),
};

export function dmpReadProblem(error: unknown): unknown {
  return error instanceof DmpError ? PROBLEMS[error.code](error) : error;
}

function authorizationNeeded(reason: string): DomainError {
  return new DomainError(
    'conflict',
    `the patient's authorisation to access their DMP must be asked for (${reason}); once they agree, record it (POST …/dmp/documents/authorization)`,
    [{ field: PATIENT_AUTHORIZATION_FIELD, problem: reason }],
  );
}

function unavailable(message: string): DomainError {
  return new DomainError('unavailable', message, [], RETRY_AFTER_SECONDS);
}
