/**
 * Why a CPS certificate does not open a session. The code is for programs
 * (the API edge maps it to an HTTP status once), `message` for the logs, and
 * `userMessage` for the practitioner in front of the screen, in French,
 * saying what is wrong and what to do next.
 */
export type CpsErrorCode =
  /** Nothing readable as an X.509 certificate was received. */
  | 'NOT_A_CERTIFICATE'
  /** The certificate's validity starts later (a new card used too early, or a wrong clock). */
  | 'NOT_YET_VALID'
  /** The certificate's validity ended. */
  | 'EXPIRED'
  /** No path to a configured CA, a signature that does not verify, or an expired CA on the way. */
  | 'UNTRUSTED_ISSUER'
  /** The certificate's serial is in a valid CRL of its issuer (opposition, loss, theft…). */
  | 'REVOKED'
  /** The CRL of the issuer is past its nextUpdate: revocation cannot be told (server side). */
  | 'CRL_STALE'
  /** No CRL is configured for the issuer while one is required (server side). */
  | 'REVOCATION_UNKNOWN'
  /** A configured CRL cannot be used: unreadable, wrongly signed, delta or unknown critical extension. */
  | 'CRL_INVALID'
  /** keyUsage / extKeyUsage do not allow TLS client authentication (signature, server or CA certificate). */
  | 'NOT_AN_AUTHENTICATION_CERTIFICATE'
  /** The subject carries no idNat_PS of a practitioner (RPPS or ADELI). */
  | 'NO_PRACTITIONER_ID'
  /** The verifier's own configuration is wrong (a trusted CA that is no CA certificate…). */
  | 'INVALID_CONFIGURATION';

/**
 * Who must act: the practitioner (another card, a renewal) or the operator of
 * this server (refresh the CRLs, fix the configuration). The API answers 401
 * for the first, 503 for the second.
 */
export type CpsErrorOrigin = 'certificate' | 'server';

const SERVER_SIDE: ReadonlySet<CpsErrorCode> = new Set([
  'CRL_STALE',
  'REVOCATION_UNKNOWN',
  'CRL_INVALID',
  'INVALID_CONFIGURATION',
]);

export class CpsError extends Error {
  readonly origin: CpsErrorOrigin;

  constructor(
    readonly code: CpsErrorCode,
    message: string,
    /** French, for the practitioner: what is wrong and what to do. */
    readonly userMessage: string,
    /** Facts for the logs and the audit trail (serial, dates, issuer…); never secrets. */
    readonly details: Readonly<Record<string, string>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CpsError';
    this.origin = SERVER_SIDE.has(code) ? 'server' : 'certificate';
  }
}

const FRENCH_DATE = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeZone: 'Europe/Paris',
});
const FRENCH_DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** "12 mars 2027": the date a practitioner reads on the card's letter. */
export function frenchDate(date: Date): string {
  return FRENCH_DATE.format(date);
}

/** "12 mars 2027 à 14:05", for events of the day (a CRL update). */
export function frenchDateTime(date: Date): string {
  return FRENCH_DATE_TIME.format(date);
}
