/**
 * Every way an INSi call can fail, typed so that the caller decides: retry
 * later, or ask a human. An answer 01 or 02 is not an error: it is a result.
 */
export type InsiErrorCode =
  /** Network failure, timeout, HTTP 5xx without SOAP, siram_40, Receiver fault: try again later. */
  | 'UNAVAILABLE'
  /**
   * INSi refused this software or structure: unknown authorisation number
   * (IDAM), certificate not named INSI-AUTO / INSI-MANU, access not allowed.
   */
  | 'REFUSED'
  /** The request is not what INSi accepts (refused before sending, or a Sender fault). */
  | 'INVALID_REQUEST'
  /** TLS failed: the server refused the certificate, or the server's is not trusted. */
  | 'TLS_FAILED'
  /** INSi answered something that is not a RESULTAT this client can trust. */
  | 'INVALID_RESPONSE';

const RETRYABLE: ReadonlySet<InsiErrorCode> = new Set(['UNAVAILABLE']);

export interface InsiFaultDetail {
  /** SOAP 1.2 Code: Sender or Receiver. */
  soapCode: string;
  /** Code/Subcode local names, outermost first: siram_40, siram_100… */
  subcodes: string[];
  /** siram:Erreur/@code: desir_550, insi_102, DESIR_560… */
  errorCode?: string;
  /** siram:Erreur/@severite. */
  severity?: string;
  /** Reason/Text: the text INSi wants shown to the user. */
  reason: string;
  /** siram:Erreur text: the technical explanation. */
  detail?: string;
}

export class InsiError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: InsiErrorCode,
    message: string,
    /** What INSi (or the TLS layer) said, when it said something. */
    readonly reason?: string,
    /** The SOAP fault, when INSi answered one. */
    readonly fault?: InsiFaultDetail,
  ) {
    super(message);
    this.name = 'InsiError';
    this.retryable = RETRYABLE.has(code);
  }
}
