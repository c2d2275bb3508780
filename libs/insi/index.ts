/**
 * The INSi téléservice (CNAM): retrieve and verify a patient's INS. The
 * client speaks INSi's SOAP 1.2 over mutual TLS with the structure's
 * INSI-AUTO certificate; its answers feed @app/readers' applyInsiAnswer,
 * which alone decides the identity's status. Protocol facts and the choices
 * no public source settles are all in insi-protocol.ts.
 */
export * from './insi-protocol';
export * from './insi-errors';
export * from './insi-traits';
export {
  buildSearchByTraitsRequest,
  buildSearchByVitaleRequest,
  newMessageId,
  parseInsiRequest,
  toRecVitale,
  InsiRequestError,
} from './insi-request';
export type {
  InsiRequest,
  InsiRequestContext,
  InsiRequestOptions,
  InsiSoftware,
  InsiVitaleKey,
  ParsedInsiRequest,
  RecVitale,
  RecVitaleResult,
} from './insi-request';
export * from './insi-response';
export * from './insi-verification';
export * from './insi-client';
export * from './sandbox';
