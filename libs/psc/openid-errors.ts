import { PscError, type PscErrorCode } from './errors';

/** Which exchange with PSC failed: the same OAuth error means different things in each. */
export type PscStep = 'discovery' | 'code' | 'refresh' | 'userinfo' | 'introspection';

/** Node's and undici's codes for a peer that cannot be reached or drops the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** OpenSSL's and Node's codes for a server certificate the client does not accept. */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface ErrorFacts {
  code?: string;
  /** OAuth `error` of an error response. */
  oauthError?: string;
  status?: number;
  /** The JWT claim or JSON attribute a comparison or timestamp check failed on. */
  claim?: string;
  attribute?: string;
  networkCode?: string;
  tlsCode?: string;
  timedOut?: boolean;
}

/**
 * Turns whatever openid-client (or the fetch under it) threw into a PscError.
 * Errors are recognised by their `code` and their cause chain rather than by
 * class, so that a second copy of the library (jest's module registry) does
 * not defeat `instanceof`.
 */
export function toPscError(error: unknown, step: PscStep): PscError {
  if (error instanceof PscError) return error;
  const facts = factsOf(error);
  const [code, message] = classify(facts, step);
  const detail = error instanceof Error ? error.message : String(error);
  return new PscError(code, `${message} (${detail})`, facts.oauthError, { cause: error });
}

function classify(f: ErrorFacts, step: PscStep): [PscErrorCode, string] {
  if (f.tlsCode) return ['TLS_FAILED', `TLS to PSC failed: ${f.tlsCode}`];
  if (f.networkCode || f.timedOut) return ['PROVIDER_UNAVAILABLE', 'PSC cannot be reached'];
  switch (f.code) {
    case 'OAUTH_RESPONSE_BODY_ERROR':
      return oauthErrorResponse(f, step);
    case 'OAUTH_AUTHORIZATION_RESPONSE_ERROR':
      return ['AUTHORIZATION_REFUSED', `PSC refused the authorization: ${f.oauthError}`];
    case 'OAUTH_WWW_AUTHENTICATE_CHALLENGE':
      // A 401 with a challenge: for the access token at userinfo, or for
      // the client's credentials at the token endpoint.
      if (f.oauthError === 'invalid_token' || (step === 'userinfo' && f.status === 401)) {
        return ['TOKEN_EXPIRED', 'PSC no longer accepts the access token (expired or revoked)'];
      }
      return oauthErrorResponse(f, step);
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return f.claim === 'exp'
        ? ['TOKEN_EXPIRED', 'the token from PSC has expired']
        : ['TOKEN_INVALID', `the token's "${f.claim}" claim is not valid now`];
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      if (f.claim === 'nonce') return ['NONCE_MISMATCH', 'the ID token is not for this login'];
      if (f.claim === 'iss') return ['ISSUER_MISMATCH', 'a token from PSC names another issuer'];
      return step === 'userinfo'
        ? ['USERINFO_INVALID', `the userinfo's "${f.claim}" is not for this client`]
        : ['TOKEN_INVALID', `the token's "${f.claim}" claim is not for this client`];
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      if (f.attribute === 'issuer') return ['ISSUER_MISMATCH', 'PSC names another issuer'];
      return step === 'userinfo'
        ? ['USERINFO_INVALID', `the userinfo's "${f.attribute}" is not the logged-in subject`]
        : ['RESPONSE_INVALID', `PSC's "${f.attribute}" is not the expected one`];
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      if (f.status !== undefined && (f.status >= 500 || f.status === 429)) return unavailable(f);
      if (step === 'userinfo' && f.status === 401) {
        return ['TOKEN_EXPIRED', 'PSC no longer accepts the access token (expired or revoked)'];
      }
      return ['RESPONSE_INVALID', `PSC answered HTTP ${f.status}`];
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
      // An HTML page where JSON was expected: the CDN's or the gateway's error page.
      return ['PROVIDER_UNAVAILABLE', 'PSC answered a page instead of JSON'];
    case 'OAUTH_JWT_USERINFO_EXPECTED':
      return ['USERINFO_INVALID', 'PSC answered userinfo as JSON where a signed JWT was expected'];
    default:
      switch (step) {
        case 'userinfo':
          return ['USERINFO_INVALID', 'PSC answered an unusable userinfo'];
        case 'code':
        case 'refresh':
          return ['TOKEN_INVALID', 'PSC answered an unusable token response'];
        case 'discovery':
          return ['RESPONSE_INVALID', 'PSC answered an unusable discovery document'];
        case 'introspection':
          return ['RESPONSE_INVALID', 'PSC answered an unusable introspection'];
      }
  }
}

function oauthErrorResponse(f: ErrorFacts, step: PscStep): [PscErrorCode, string] {
  if (f.status !== undefined && f.status >= 500) return unavailable(f);
  switch (f.oauthError) {
    case 'invalid_grant':
      return step === 'refresh'
        ? ['REFRESH_REJECTED', 'PSC refused the refresh token (expired, revoked or logged out)']
        : [
            'CODE_REJECTED',
            'PSC refused the authorization code (used, expired or wrong PKCE verifier)',
          ];
    case 'invalid_client':
    case 'unauthorized_client':
      return ['CLIENT_REJECTED', `PSC refused the client: ${f.oauthError}`];
    case 'temporarily_unavailable':
      return unavailable(f);
    default:
      return ['RESPONSE_INVALID', `PSC answered ${f.oauthError ?? 'an error'}`];
  }
}

function unavailable(f: ErrorFacts): [PscErrorCode, string] {
  return ['PROVIDER_UNAVAILABLE', `PSC answered HTTP ${f.status ?? '?'}`];
}

/** What the error and its causes say, the outermost first. */
function factsOf(error: unknown): ErrorFacts {
  const facts: ErrorFacts = {};
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const c = current as Record<string, unknown>;
    const code = typeof c.code === 'string' ? c.code : undefined;
    if (code?.startsWith('OAUTH_') && !facts.code && code !== 'OAUTH_TIMEOUT') facts.code = code;
    if (code === 'OAUTH_TIMEOUT' || c.name === 'TimeoutError' || c.name === 'AbortError') {
      facts.timedOut = true;
    }
    if (code && NETWORK_CODES.has(code)) facts.networkCode ??= code;
    if (code && TLS_CODES.has(code)) facts.tlsCode ??= code;
    if (typeof c.error === 'string') facts.oauthError ??= c.error;
    if (typeof c.status === 'number') facts.status ??= c.status;
    if (c instanceof Response) facts.status ??= c.status;
    if (typeof c.claim === 'string') facts.claim ??= c.claim;
    if (typeof c.attribute === 'string') facts.attribute ??= c.attribute;
    if (Array.isArray(c.cause)) {
      // A WWW-Authenticate challenge: [{ scheme, parameters: { error } }].
      const challenge = c.cause[0] as { parameters?: { error?: unknown } } | undefined;
      const challengeError = challenge?.parameters?.error;
      if (typeof challengeError === 'string') facts.oauthError ??= challengeError;
      break;
    }
    current = c.cause;
  }
  return facts;
}
