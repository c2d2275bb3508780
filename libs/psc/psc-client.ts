import { timingSafeEqual } from 'node:crypto';
import { PscError } from './errors';
import { oidc, type OpenidClient } from './openid-client';
import { toPscError, type PscStep } from './openid-errors';
import { fetchTrusting } from './pinned-fetch';
import { type PscPractitioner, practitionerFromUserinfo } from './practitioner-claims';
import { PSC_ACR, PSC_DISCOVERY_PATH, PSC_SCOPE } from './psc-protocol';

export interface PscClientOptions {
  /**
   * PSC's issuer identifier (PSC_ENVIRONMENTS.production.issuer, the
   * sandbox's `issuer`): the discovery document, the ID tokens and the
   * callback's `iss` must all name exactly this issuer.
   */
  issuer: string;
  /** The discovery document; `<issuer>/.well-known/wallet-openid-configuration` (PSC's path) by default. */
  discoveryUrl?: string;
  clientId: string;
  clientSecret: string;
  /** The redirect URI registered with PSC, where the practitioner comes back with the code. */
  redirectUri: string;
  /**
   * How the client authenticates at the token endpoint. PSC documents
   * client_id/client_secret without saying which form (facts.md §4:
   * UNCONFIRMED); HTTP Basic, OAuth's default, unless told otherwise.
   */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /** `openid scope_all` by default, as PSC requires. */
  scope?: string;
  /** `eidas1` by default: the level requested in `acr_values` and required in the ID token's `acr`. */
  acr?: string;
  /**
   * CAs to trust instead of the system's, for an issuer on a private PKI (the
   * sandbox on HTTPS with the test PKI's CAs).
   */
  trustedCaPem?: readonly string[];
  /**
   * Allow a plain-http issuer, for a sandbox on loopback only: any other host
   * is refused (CONFIGURATION_INVALID). Tokens never travel in clear beyond
   * this machine.
   */
  allowInsecureLoopbackHttp?: boolean;
  /** Per request to PSC; 10 s by default. */
  timeoutSeconds?: number;
  /** How far the local clock is behind PSC's (seconds; negative when ahead). */
  clockSkewSeconds?: number;
  /** Leeway on token timestamps (seconds); openid-client's 30 s by default. */
  clockToleranceSeconds?: number;
}

/** What the server keeps in the practitioner's session between the redirect to PSC and the callback. */
export interface PscPendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface PscAuthorizationRequest extends PscPendingLogin {
  /** Where to send the practitioner's browser. */
  url: string;
}

export interface PscTokens {
  accessToken: string;
  /** Kept for logout (`id_token_hint`). */
  idToken: string;
  refreshToken?: string;
  /** When the access token expires (PSC: 2 minutes after issue). */
  expiresAt: Date;
  /** When the refresh token expires, when PSC says (Keycloak's `refresh_expires_in`; PSC: 30 minutes). */
  refreshExpiresAt?: Date;
  scope?: string;
}

/** PSC's answer on a token; an inactive one (expired, revoked, unknown) says nothing more. */
export type PscIntrospection =
  | { active: false }
  | {
      active: true;
      /** The client the token was issued to (`azp`, or `client_id`). */
      clientId?: string;
      expiresAt?: Date;
      /** idNat_PS of the professional, for an access token. */
      subjectNameId?: string;
      tokenType?: string;
    };

/** The validated claims of the ID token. */
export type PscIdTokenClaims = OpenidClient.IDToken;

export interface PscLogin {
  tokens: PscTokens;
  idTokenClaims: PscIdTokenClaims;
  /** The userinfo claims as PSC sent them. */
  userinfo: Record<string, unknown>;
  practitioner: PscPractitioner;
}

export interface PscRefresh {
  /** No `idToken` when PSC sent none: keep the previous one for logout. */
  tokens: Omit<PscTokens, 'idToken'> & { idToken?: string };
  /** The new ID token's claims, when PSC sent one. */
  idTokenClaims?: PscIdTokenClaims;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * Logs a practitioner in with Pro Santé Connect: authorization code flow with
 * PKCE (S256), state and nonce, `acr_values=eidas1`; validates the ID token
 * (issuer, audience, expiry, nonce, signature, acr) and reads the userinfo
 * (JSON or signed JWT) into a PscPractitioner. Also refreshes and builds the
 * logout URL. Every failure is a PscError.
 *
 * The server keeps the PscPendingLogin of `authorizationRequest()` in the
 * practitioner's session and hands it back to `completeLogin()` with the
 * callback URL. Discovery happens on first use and is retried after a failure,
 * so an API starts even while PSC is down.
 */
export class PscClient {
  private readonly discoveryUrl: URL;
  private readonly scope: string;
  private readonly acr: string;
  private configuration?: Promise<OpenidClient.Configuration>;

  constructor(private readonly options: PscClientOptions) {
    this.discoveryUrl = new URL(options.discoveryUrl ?? `${options.issuer}${PSC_DISCOVERY_PATH}`);
    this.scope = options.scope ?? PSC_SCOPE;
    this.acr = options.acr ?? PSC_ACR;
    for (const url of [new URL(options.issuer), this.discoveryUrl]) checkTransport(url, options);
  }

  get issuer(): string {
    return this.options.issuer;
  }

  /** A fresh state, nonce and PKCE verifier, and the URL of PSC's authorization endpoint carrying them. */
  async authorizationRequest(): Promise<PscAuthorizationRequest> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      response_type: 'code',
      redirect_uri: this.options.redirectUri,
      scope: this.scope,
      acr_values: this.acr,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Finishes the login PSC redirected back from: checks the callback (state,
   * issuer), exchanges the code with the PKCE verifier, validates the ID token
   * (nonce, issuer, audience, expiry, signature, acr) and reads the userinfo.
   *
   * @param callback the URL the browser came back to (or just its query string)
   * @param pending what `authorizationRequest()` returned, from the session; use it once
   */
  async completeLogin(callback: string | URL, pending: PscPendingLogin): Promise<PscLogin> {
    const config = await this.config();
    // The token request must carry the registered redirect URI, whatever
    // host or proxy the callback was received through.
    const received = new URL(callback, this.options.redirectUri);
    const current = new URL(this.options.redirectUri);
    current.search = received.search;
    this.checkCallback(current.searchParams, pending.state);

    const response = await this.call('code', () =>
      oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      }),
    );
    const idTokenClaims = this.checkIdToken(response.claims());
    const tokens = { ...tokensOf(response), idToken: response.id_token! };
    const userinfo = await this.userinfo(tokens.accessToken, idTokenClaims.sub);
    return {
      tokens,
      idTokenClaims,
      userinfo,
      practitioner: practitionerFromUserinfo(userinfo),
    };
  }

  /**
   * New tokens for a refresh token (PSC's access tokens live 2 minutes, its
   * refresh tokens 30). A new ID token must still be for `expectedSubject`
   * and at level eidas1.
   */
  async refresh(refreshToken: string, expectedSubject?: string): Promise<PscRefresh> {
    const config = await this.config();
    const response = await this.call('refresh', () => oidc.refreshTokenGrant(config, refreshToken));
    const claims = response.claims();
    const idTokenClaims = claims ? this.checkIdToken(claims) : undefined;
    if (idTokenClaims && expectedSubject !== undefined && idTokenClaims.sub !== expectedSubject) {
      throw new PscError('TOKEN_INVALID', 'the refreshed ID token is for another subject');
    }
    return {
      tokens: tokensOf(response, refreshToken),
      ...(idTokenClaims ? { idTokenClaims } : {}),
    };
  }

  /**
   * PSC's userinfo for an access token, as JSON or as a JWT (signature checked
   * against PSC's keys). With `expectedSubject`, it must be that subject's.
   */
  async userinfo(accessToken: string, expectedSubject?: string): Promise<Record<string, unknown>> {
    const config = await this.config();
    const userinfo = await this.call('userinfo', () =>
      oidc.fetchUserInfo(config, accessToken, expectedSubject ?? oidc.skipSubjectCheck),
    );
    return { ...userinfo };
  }

  /**
   * What PSC says of a token presented to the engine (a logiciel métier's
   * bearer token): whether it is active, which client it was issued to
   * (`azp`), until when, and the professional's SubjectNameID, which PSC
   * returns for access tokens (facts §4). The engine authenticates as itself.
   */
  async introspect(token: string): Promise<PscIntrospection> {
    const config = await this.config();
    const answer = await this.call('introspection', () => oidc.tokenIntrospection(config, token));
    if (!answer.active) return { active: false };
    const text = (value: unknown) =>
      typeof value === 'string' && value !== '' ? value : undefined;
    const clientId = text(answer.azp) ?? text(answer.client_id);
    const subjectNameId = text(answer.SubjectNameID);
    return {
      active: true,
      ...(clientId ? { clientId } : {}),
      ...(typeof answer.exp === 'number' ? { expiresAt: new Date(answer.exp * 1000) } : {}),
      ...(subjectNameId ? { subjectNameId } : {}),
      ...((text(answer.token_type) ?? text(answer.typ))
        ? { tokenType: (text(answer.token_type) ?? text(answer.typ)) as string }
        : {}),
    };
  }

  /**
   * Where to send the browser to end the PSC session: the end-session
   * endpoint with `id_token_hint`, `post_logout_redirect_uri` (registered with
   * PSC) and `state`, which PSC hands back on that URI.
   */
  async logoutUrl(idToken: string, postLogoutRedirectUri: string, state: string): Promise<string> {
    const config = await this.config();
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogoutRedirectUri,
      state,
    }).href;
  }

  /**
   * Rejects a callback that is not the answer to this session's request
   * before anything is sent to PSC: the state first (a forged callback must
   * not even reveal an error), then the issuer (RFC 9207 mix-up defence).
   */
  private checkCallback(params: URLSearchParams, expectedState: string): void {
    const state = params.get('state');
    if (state === null || !sameText(state, expectedState)) {
      throw new PscError(
        'STATE_MISMATCH',
        state === null
          ? 'the PSC callback carries no state'
          : "the PSC callback's state is not this session's",
      );
    }
    const iss = params.get('iss');
    if (iss !== null && iss !== this.options.issuer) {
      throw new PscError(
        'ISSUER_MISMATCH',
        `the PSC callback comes from ${iss}, not from ${this.options.issuer}`,
      );
    }
    const error = params.get('error');
    if (error !== null) {
      const description = params.get('error_description');
      throw new PscError(
        'AUTHORIZATION_REFUSED',
        `PSC refused the authorization: ${error}${description ? ` (${description})` : ''}`,
        error,
      );
    }
  }

  private checkIdToken(claims: PscIdTokenClaims | undefined): PscIdTokenClaims {
    if (!claims) throw new PscError('TOKEN_INVALID', 'PSC answered without an ID token');
    if (claims.acr !== this.acr) {
      throw new PscError(
        'ACR_INSUFFICIENT',
        `the ID token's acr is ${claims.acr === undefined ? 'absent' : JSON.stringify(claims.acr)}, not ${this.acr}`,
      );
    }
    return claims;
  }

  private config(): Promise<OpenidClient.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<OpenidClient.Configuration> {
    const { options } = this;
    const metadata: Partial<OpenidClient.ClientMetadata> = {
      client_secret: options.clientSecret,
      token_endpoint_auth_method: options.tokenEndpointAuthMethod ?? 'client_secret_basic',
      ...(options.clockSkewSeconds !== undefined
        ? { [oidc.clockSkew]: options.clockSkewSeconds }
        : {}),
      ...(options.clockToleranceSeconds !== undefined
        ? { [oidc.clockTolerance]: options.clockToleranceSeconds }
        : {}),
    };
    const authentication =
      options.tokenEndpointAuthMethod === 'client_secret_post'
        ? oidc.ClientSecretPost(options.clientSecret)
        : oidc.ClientSecretBasic(options.clientSecret);
    const execute: Array<(config: OpenidClient.Configuration) => void> = [
      // Check the signatures of ID tokens and signed userinfo against PSC's
      // keys too, not only trust the TLS channel they came through.
      oidc.enableNonRepudiationChecks,
    ];
    if (options.allowInsecureLoopbackHttp) execute.push(oidc.allowInsecureRequests);
    const config = await this.call('discovery', () =>
      // Given the discovery document's URL (PSC's is not at the standard
      // path), openid-client does not compare its issuer: done below.
      oidc.discovery(this.discoveryUrl, options.clientId, metadata, authentication, {
        timeout: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        execute,
        ...(options.trustedCaPem
          ? { [oidc.customFetch]: fetchTrusting(options.trustedCaPem) }
          : {}),
      }),
    );
    const discovered = config.serverMetadata().issuer;
    if (discovered !== options.issuer) {
      throw new PscError(
        'ISSUER_MISMATCH',
        `the discovery document at ${this.discoveryUrl.href} is for ${discovered}, not for ${options.issuer}`,
      );
    }
    return config;
  }

  private async call<T>(step: PscStep, exchange: () => Promise<T>): Promise<T> {
    try {
      return await exchange();
    } catch (error) {
      throw toPscError(error, step);
    }
  }
}

/** The tokens of a token response; a refresh token PSC did not rotate stays the previous one. */
function tokensOf(
  response: OpenidClient.TokenEndpointResponse,
  previousRefreshToken?: string,
): PscRefresh['tokens'] {
  const now = Date.now();
  const refreshToken = response.refresh_token ?? previousRefreshToken;
  const refreshExpiresIn = response.refresh_expires_in;
  return {
    accessToken: response.access_token,
    ...(response.id_token !== undefined ? { idToken: response.id_token } : {}),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    // Without expires_in the token counts as expired already: refreshed
    // rather than trusted for an unknown time.
    expiresAt: new Date(now + (response.expires_in ?? 0) * 1000),
    ...(typeof refreshExpiresIn === 'number'
      ? { refreshExpiresAt: new Date(now + refreshExpiresIn * 1000) }
      : {}),
    ...(response.scope !== undefined ? { scope: response.scope } : {}),
  };
}

function checkTransport(url: URL, options: PscClientOptions): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && options.allowInsecureLoopbackHttp) {
    if (LOOPBACK_HOSTS.has(url.hostname)) return;
    throw new PscError(
      'CONFIGURATION_INVALID',
      `plain http is allowed for a loopback sandbox only, not for ${url.host}`,
    );
  }
  throw new PscError('CONFIGURATION_INVALID', `PSC must be reached over https, not ${url.href}`);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
