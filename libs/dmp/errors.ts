/**
 * Every failure the DMP (or the adapter before it) can answer, typed, so that
 * the workflow decides: retry (the service is unavailable) or ask a human
 * (authorisation, rejected document, no DMP, identity not qualified).
 */
export type DmpErrorCode =
  /** The patient has no DMP (TD0.2), or it is closed. */
  | 'NO_DMP'
  /** The practitioner has never been authorised by the patient. */
  | 'AUTHORIZATION_MISSING'
  /** The last authorisation is older than allowed (6 months) or TD0.2 says EXPIRE. */
  | 'AUTHORIZATION_EXPIRED'
  /** The patient has forbidden this practitioner (TD0.2 INTERDIT). */
  | 'AUTHORIZATION_FORBIDDEN'
  /** The DMP refused the submission; `reason` says why. */
  | 'DOCUMENT_REJECTED'
  /** A coded value is not in its value set (refused before sending). */
  | 'VALUE_NOT_IN_VALUE_SET'
  /** A visibility combination the DMP does not allow (refused before sending). */
  | 'FORBIDDEN_VISIBILITY'
  /** The patient's identity is not a qualified INS (refused before sending). */
  | 'IDENTITY_NOT_QUALIFIED'
  /** Input the adapter cannot turn into a valid request (refused before sending). */
  | 'INVALID_SUBMISSION'
  /** TLS handshake refused, certificate expired or unknown. */
  | 'AUTHENTICATION_FAILED'
  /** Network error, timeout, HTTP 5xx, SOAP Receiver fault: try again later. */
  | 'UNAVAILABLE';

const RETRYABLE: ReadonlySet<DmpErrorCode> = new Set(['UNAVAILABLE']);

export class DmpError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: DmpErrorCode,
    message: string,
    /** What the DMP said, when it said something (error code and text of a RegistryError, a SOAP fault…). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'DmpError';
    this.retryable = RETRYABLE.has(code);
  }
}
