/**
 * What can go wrong between the engine and an MSSanté operator or the Annuaire
 * Santé, in terms a caller can act on. `retryable` says whether trying again
 * later may succeed without anybody changing anything.
 */
export type MssErrorCode =
  /** The address is not an MSSanté address of the expected kind (form, domain, INS key). */
  | 'ADDRESS_INVALID'
  /** The operator does not know the recipient, or refuses it (SMTP 550/551/553). */
  | 'ADDRESS_REFUSED'
  /** The recipient's mailbox is over quota (SMTP 552, 5.2.2 or 4.2.2). */
  | 'MAILBOX_FULL'
  /** TLS could not be set up: no, expired, untrusted or refused client certificate, bad server certificate. */
  | 'TLS_FAILED'
  /** The operator cannot be reached or answers "try later" (connection refused, timeout, 4xx). */
  | 'OPERATOR_UNAVAILABLE'
  /** The operator refuses the message itself (size, content). */
  | 'MESSAGE_REFUSED'
  /** A rule of MSSanté forbids this message (patient mailbox, hidden document, …). */
  | 'NOT_ALLOWED'
  /** The directory has no practitioner, or no MSSanté mailbox, for this RPPS. */
  | 'DIRECTORY_NOT_FOUND'
  /** The directory cannot be reached or refuses the API key. */
  | 'DIRECTORY_UNAVAILABLE';

const RETRYABLE: ReadonlySet<MssErrorCode> = new Set([
  'OPERATOR_UNAVAILABLE',
  'DIRECTORY_UNAVAILABLE',
]);

export class MssError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: MssErrorCode,
    message: string,
    /** What the operator or directory answered (SMTP reply, HTTP status), when it answered. */
    readonly response?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MssError';
    this.retryable = RETRYABLE.has(code);
  }
}
