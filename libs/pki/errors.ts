/**
 * Why a credential could not be used. Callers decide on the code: a wrong
 * password is an operator's typo, an expired certificate needs a renewal at
 * IGC-Santé, a file that is no PKCS#12 at all is the wrong file.
 */
export type PkiErrorCode =
  | 'WRONG_PASSWORD'
  | 'CERTIFICATE_EXPIRED'
  | 'CERTIFICATE_NOT_YET_VALID'
  | 'INVALID_PKCS12'
  | 'INVALID_TEST_PKI';

export class PkiError extends Error {
  constructor(
    readonly code: PkiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PkiError';
  }
}
