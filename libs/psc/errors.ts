/**
 * What can go wrong when a practitioner logs in with Pro Santé Connect, in
 * terms a caller can act on. Every failure of the OpenID Connect flow is one of
 * these codes; `retryable` says whether trying again later may succeed without
 * anybody changing anything (only an unreachable or failing PSC).
 */
export type PscErrorCode =
  /** The client's own configuration is unusable (plain-http issuer outside loopback, …). */
  | 'CONFIGURATION_INVALID'
  /** PSC cannot be reached, times out or answers 5xx / a non-JSON page. */
  | 'PROVIDER_UNAVAILABLE'
  /** TLS to PSC failed: untrusted, expired or misnamed server certificate. */
  | 'TLS_FAILED'
  /** The discovery document, a token or the callback names another issuer than the configured one (mix-up). */
  | 'ISSUER_MISMATCH'
  /** The callback's `state` is not the one kept in the session: forged or stale callback. */
  | 'STATE_MISMATCH'
  /** The ID token's `nonce` is not the one kept in the session: replayed or injected ID token. */
  | 'NONCE_MISMATCH'
  /** PSC refused the authorization code (`invalid_grant`): already used, expired, or wrong PKCE verifier. */
  | 'CODE_REJECTED'
  /** PSC refused the refresh token (`invalid_grant`): expired, revoked or logged out; log in again. */
  | 'REFRESH_REJECTED'
  /** The ID token is past its `exp`, or PSC no longer accepts the access token: refresh or log in again. */
  | 'TOKEN_EXPIRED'
  /** A token failed validation otherwise: signature, audience, authorized party, timestamps in the future. */
  | 'TOKEN_INVALID'
  /** The ID token's `acr` is not `eidas1`, the only level PSC authenticates health professionals at. */
  | 'ACR_INSUFFICIENT'
  /** PSC answered the authorization request with an error (`access_denied`, `login_required`…). */
  | 'AUTHORIZATION_REFUSED'
  /** PSC refused the client itself (`invalid_client`, `unauthorized_client`): wrong id or secret. */
  | 'CLIENT_REJECTED'
  /** The userinfo answer is unusable: wrong subject, missing or malformed SubjectNameID. */
  | 'USERINFO_INVALID'
  /** PSC answered something the protocol does not allow. */
  | 'RESPONSE_INVALID';

const RETRYABLE: ReadonlySet<PscErrorCode> = new Set(['PROVIDER_UNAVAILABLE']);

export class PscError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: PscErrorCode,
    message: string,
    /** The OAuth error code PSC answered (`invalid_grant`, `access_denied`…), when it answered one. */
    readonly oauthError?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PscError';
    this.retryable = RETRYABLE.has(code);
  }
}
