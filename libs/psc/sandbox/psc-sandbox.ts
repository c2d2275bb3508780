import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer as createHttpServer,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fetchTrusting } from '../pinned-fetch';
import { PSC_ACR, PSC_DISCOVERY_PATH, PSC_REALM_PATH } from '../psc-protocol';
import {
  type ClientMetadata,
  type Grant,
  type InteractionResult,
  type OidcProvider,
  type ProviderConfiguration,
  type ProviderContext,
  loadOidcProvider,
} from './oidc-provider';
import { memoryStore } from './memory-store';
import { errorPage, homePage, loggedOutPage, loginPage, logoutPage } from './pages';
import { DEFAULT_PSC_SANDBOX_PRACTITIONERS, type PscSandboxPractitioner } from './practitioners';
import { PSC_SCOPE_ALL_CLAIMS, pscSubjectOf, pscUserinfoOf } from './psc-userinfo';
import { INTERACTION_PATH, SandboxBrowser, type SandboxLoginOptions } from './sandbox-browser';

export interface PscSandboxClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** client_secret_basic by default. */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /** Answer userinfo as a signed JWT (`application/jwt`, RS256) instead of JSON, as PSC may. */
  userinfoAsJwt?: boolean;
}

/** Lifetimes in seconds; PSC's by default (facts.md §4). */
export interface PscSandboxLifetimes {
  /** 120: PSC's access token lives 2 minutes. */
  accessToken?: number;
  /** 120, as the access token (Keycloak's default). */
  idToken?: number;
  /** 1800: PSC's refresh token lives 30 minutes. */
  refreshToken?: number;
  /** 14400: PSC's SSO session lasts 4 hours at most. */
  session?: number;
  /** 60: how long an authorization code can be exchanged (Keycloak's default). */
  authorizationCode?: number;
}

export interface PscSandboxOptions {
  clients: readonly PscSandboxClient[];
  /** DEFAULT_PSC_SANDBOX_PRACTITIONERS by default. */
  practitioners?: readonly PscSandboxPractitioner[];
  /** 127.0.0.1 by default. */
  host?: string;
  /** 0 (any free port) by default. */
  port?: number;
  /**
   * Serve HTTPS with this key and certificate (the test PKI's `server`
   * credential) instead of plain HTTP; `caPem` is what a client must trust
   * (the test PKI's `caPem`).
   */
  tls?: {
    privateKeyPem: string;
    certificatePem: string;
    chainPem?: readonly string[];
    caPem: readonly string[];
  };
  lifetimes?: PscSandboxLifetimes;
}

/** Keycloak's endpoint paths under the realm, as PSC's discovery document lists them. */
const KEYCLOAK_ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  userinfo: '/protocol/openid-connect/userinfo',
  end_session: '/protocol/openid-connect/logout',
  jwks: '/protocol/openid-connect/certs',
  introspection: '/protocol/openid-connect/token/introspect',
  revocation: '/protocol/openid-connect/revoke',
};
const STANDARD_DISCOVERY_PATH = '/.well-known/openid-configuration';
const HOME_PATH = '/sandbox';
const MAX_FORM_BYTES = 4096;

/**
 * A local stand-in for Pro Santé Connect, for tests and `npm start`: a real
 * OpenID Connect provider (oidc-provider 8) on loopback, HTTPS when given a
 * certificate, shaped like PSC's Keycloak realm:
 *
 *   <origin>/auth/realms/esante-wallet                 issuer
 *   …/.well-known/wallet-openid-configuration          PSC's discovery path
 *   …/.well-known/openid-configuration                 the standard one, same document
 *   …/protocol/openid-connect/{auth,token,userinfo,logout,certs,token/introspect,revoke}
 *   <origin>/sandbox/interaction/<uid>                 login page: pick a test practitioner
 *   <origin>/sandbox                                   what the sandbox is, who can log in
 *
 * Scopes `openid scope_all`; `acr_values` eidas1 and the `acr` claim; PKCE
 * S256 required; PSC's lifetimes (access token 2 min, refresh token 30 min,
 * session 4 h) unless told otherwise; refresh tokens for every client,
 * rotated; userinfo with PSC's claims (JSON, or a signed JWT per client);
 * RP-initiated logout, which revokes the session's grants. No consent page
 * (none is documented for PSC).
 *
 * Tests log in without a browser through `login()` or a `browser()`, which
 * drive the same pages over HTTP.
 */
export class PscSandbox {
  readonly issuer: string;
  /** PSC's discovery path: what PscClient reads by default. */
  readonly discoveryUrl: string;
  /** The home page listing the test practitioners. */
  readonly homeUrl: string;
  /** The CAs a client must trust to reach the sandbox over HTTPS (empty over HTTP). */
  readonly caPem: readonly string[];
  readonly practitioners: readonly PscSandboxPractitioner[];

  private readonly origin: string;
  private readonly accounts = new Map<string, PscSandboxPractitioner>();

  private constructor(
    private readonly server: Server,
    origin: string,
    practitioners: readonly PscSandboxPractitioner[],
    caPem: readonly string[],
  ) {
    this.origin = origin;
    this.issuer = `${origin}${PSC_REALM_PATH}`;
    this.discoveryUrl = `${this.issuer}${PSC_DISCOVERY_PATH}`;
    this.homeUrl = `${origin}${HOME_PATH}`;
    this.caPem = caPem;
    this.practitioners = practitioners;
    for (const p of practitioners) this.accounts.set(pscSubjectOf(p), p);
  }

  static async start(options: PscSandboxOptions): Promise<PscSandbox> {
    const practitioners = options.practitioners ?? DEFAULT_PSC_SANDBOX_PRACTITIONERS;
    checkPractitioners(practitioners);
    const host = options.host ?? '127.0.0.1';
    // The server answers once the provider behind it exists, a moment after it listens.
    const started: { sandbox?: PscSandbox; provider?: OidcProvider; handle?: Handler } = {};
    const handler = (request: IncomingMessage, response: ServerResponse): void => {
      if (!started.sandbox || !started.provider || !started.handle) {
        request.resume();
        response.writeHead(503, { 'content-type': 'text/plain' }).end('starting');
        return;
      }
      started.sandbox
        .route(request, response, started.provider, started.handle)
        .catch((error: unknown) => {
          if (!response.headersSent) {
            response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          }
          response.end(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
        });
    };
    const server: Server = options.tls
      ? createHttpsServer(
          {
            key: options.tls.privateKeyPem,
            cert: [options.tls.certificatePem, ...(options.tls.chainPem ?? [])].join('\n'),
            minVersion: 'TLSv1.2',
          },
          handler,
        )
      : createHttpServer(handler);
    server.listen(options.port ?? 0, host);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const hostInUrl = host.includes(':') ? `[${host}]` : host;
    const origin = `${options.tls ? 'https' : 'http'}://${hostInUrl}:${port}`;
    const sandbox = new PscSandbox(server, origin, practitioners, options.tls?.caPem ?? []);
    const provider = sandbox.provider(options);
    started.provider = provider;
    started.handle = provider.callback();
    started.sandbox = sandbox;
    return sandbox;
  }

  /** A scripted browser with its own cookies (its own PSC session). */
  browser(): SandboxBrowser {
    return new SandboxBrowser(fetchTrusting(this.caPem), this.origin);
  }

  /**
   * Logs a test practitioner (RPPS or SubjectNameID) in, in a fresh browser,
   * for the client's authorization URL; returns the URL the browser is sent
   * back to (the client's redirect URI with code, state and iss).
   */
  login(
    practitioner: string,
    authorizationUrl: string | URL,
    options?: SandboxLoginOptions,
  ): Promise<URL> {
    return this.browser().login(practitioner, authorizationUrl, options);
  }

  /** The test practitioner with this RPPS or SubjectNameID. */
  practitioner(id: string): PscSandboxPractitioner | undefined {
    return this.practitioners.find((p) => p.idNatPs === id || p.rpps === id);
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = once(this.server, 'close');
    this.server.close();
    this.server.closeAllConnections();
    await closed;
  }

  private async route(
    request: IncomingMessage,
    response: ServerResponse,
    provider: OidcProvider,
    handle: Handler,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const path = url.pathname;
    if (path === PSC_REALM_PATH || path.startsWith(`${PSC_REALM_PATH}/`)) {
      // oidc-provider serves under the issuer's path when told where it is
      // mounted: the prefix moves to originalUrl, as express would do.
      // PSC's discovery path is served as the standard one.
      const inner = path.slice(PSC_REALM_PATH.length) || '/';
      const rewritten = inner === PSC_DISCOVERY_PATH ? STANDARD_DISCOVERY_PATH : inner;
      const mounted = request as IncomingMessage & { originalUrl?: string };
      mounted.url = `${rewritten}${url.search}`;
      mounted.originalUrl = `${PSC_REALM_PATH}${mounted.url}`;
      handle(request, response);
      return;
    }
    if (path.startsWith(INTERACTION_PATH)) {
      await this.interaction(request, response, provider);
      return;
    }
    request.resume();
    if (request.method === 'GET' && (path === '/' || path === HOME_PATH)) {
      html(response, 200, homePage(this.issuer, this.discoveryUrl, this.practitioners));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  /** The login page (GET) and its answer (POST): a test practitioner chosen, or the login cancelled. */
  private async interaction(
    request: IncomingMessage,
    response: ServerResponse,
    provider: OidcProvider,
  ): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    if (request.method === 'GET') {
      request.resume();
      const clientId = typeof details.params.client_id === 'string' ? details.params.client_id : '';
      html(
        response,
        200,
        loginPage(`${INTERACTION_PATH}${details.uid}`, clientId, this.practitioners),
      );
      return;
    }
    if (request.method !== 'POST') {
      request.resume();
      response.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    const form = new URLSearchParams(await readBody(request));
    let result: InteractionResult;
    if (form.has('cancel')) {
      result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
    } else {
      const practitioner = this.practitioner(form.get('practitioner') ?? '');
      if (!practitioner) {
        html(response, 400, errorPage('unknown_practitioner', 'no such test practitioner'));
        return;
      }
      result = {
        login: { accountId: pscSubjectOf(practitioner), acr: form.get('acr') ?? PSC_ACR },
      };
    }
    await provider.interactionFinished(request, response, result, {
      mergeWithLastSubmission: false,
    });
  }

  private provider(options: PscSandboxOptions): OidcProvider {
    const { Provider } = loadOidcProvider();
    const lifetimes = options.lifetimes ?? {};
    const session = lifetimes.session ?? 14_400;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signingKey = {
      ...privateKey.export({ format: 'jwk' }),
      kid: randomUUID(),
      use: 'sig',
      alg: 'RS256',
    };
    const cookieOptions = { signed: true, httpOnly: true, sameSite: 'lax' as const };
    const configuration: ProviderConfiguration = {
      adapter: memoryStore(),
      clients: options.clients.map(clientMetadata),
      jwks: { keys: [signingKey] },
      // Lax rather than oidc-provider's None for the session cookie: the
      // sandbox needs no cross-site POST, and a browser drops a SameSite=None
      // cookie that is not Secure (the plain-http sandbox).
      cookies: {
        keys: [randomBytes(32).toString('hex')],
        long: cookieOptions,
        short: cookieOptions,
      },
      acrValues: [PSC_ACR],
      scopes: ['openid', 'scope_all'],
      claims: {
        openid: ['sub'],
        scope_all: [...PSC_SCOPE_ALL_CLAIMS],
        acr: null,
        auth_time: null,
        sid: null,
        iss: null,
      },
      features: {
        devInteractions: { enabled: false },
        introspection: {
          enabled: true,
          // As PSC: an authenticated client (a resource server such as the
          // engine) may ask about any token; a public client only about its own.
          allowedPolicy: (
            _ctx: ProviderContext,
            client: { clientAuthMethod: string; clientId: string },
            token: { clientId?: string },
          ) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
        },
        revocation: { enabled: true },
        jwtUserinfo: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: (ctx: ProviderContext, form: string) => {
            ctx.type = 'html';
            ctx.body = logoutPage(form);
          },
          postLogoutSuccessSource: (ctx: ProviderContext) => {
            ctx.type = 'html';
            ctx.body = loggedOutPage();
          },
        },
      },
      pkce: { methods: ['S256'], required: () => true },
      routes: KEYCLOAK_ROUTES,
      ttl: {
        AccessToken: lifetimes.accessToken ?? 120,
        IdToken: lifetimes.idToken ?? lifetimes.accessToken ?? 120,
        RefreshToken: lifetimes.refreshToken ?? 1800,
        AuthorizationCode: lifetimes.authorizationCode ?? 60,
        Session: session,
        Grant: session,
        Interaction: 600,
      },
      interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}${interaction.uid}` },
      findAccount: async (_ctx, sub) => {
        const practitioner = this.accounts.get(sub);
        if (!practitioner) return undefined;
        return { accountId: sub, claims: () => pscUserinfoOf(practitioner) };
      },
      loadExistingGrant: (ctx) => grantWithoutConsent(ctx),
      // PSC issues a refresh token at every login, without offline_access.
      issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      rotateRefreshToken: true,
      // PSC's introspection names the professional of an access token (facts §4).
      extraTokenClaims: (_ctx, token) => {
        const practitioner = token.accountId ? this.accounts.get(token.accountId) : undefined;
        return token.kind === 'AccessToken' && practitioner
          ? { SubjectNameID: practitioner.idNatPs }
          : undefined;
      },
      renderError: (ctx, out) => {
        ctx.type = 'html';
        ctx.body = errorPage(out.error, out.error_description);
      },
    };
    const provider = new Provider(this.issuer, configuration);
    provider.on('server_error', (_ctx, error) => {
      console.error('PSC sandbox: server error', error);
    });
    return provider;
  }
}

type Handler = ReturnType<OidcProvider['callback']>;

/**
 * No consent page (none is documented for PSC): the session's grant for the
 * client, or a new one with PSC's scopes made just in time (oidc-provider's
 * recipe for first-party clients).
 */
async function grantWithoutConsent(ctx: ProviderContext): Promise<Grant | undefined> {
  const { client, session, result, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  if (grantId) {
    const existing = await provider.Grant.find(grantId);
    if (existing) return existing;
  }
  const grant = new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
  grant.addOIDCScope('openid scope_all');
  await grant.save();
  return grant;
}

function clientMetadata(client: PscSandboxClient): ClientMetadata {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: [...client.redirectUris],
    post_logout_redirect_uris: [...client.postLogoutRedirectUris],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod ?? 'client_secret_basic',
    ...(client.userinfoAsJwt ? { userinfo_signed_response_alg: 'RS256' } : {}),
  };
}

function checkPractitioners(practitioners: readonly PscSandboxPractitioner[]): void {
  const seen = new Set<string>();
  for (const practitioner of practitioners) {
    if (practitioner.rpps && practitioner.idNatPs !== `8${practitioner.rpps}`) {
      throw new Error(`PscSandbox: ${practitioner.idNatPs} is not "8" + RPPS ${practitioner.rpps}`);
    }
    if (seen.has(practitioner.idNatPs)) {
      throw new Error(`PscSandbox: two test practitioners are ${practitioner.idNatPs}`);
    }
    seen.add(practitioner.idNatPs);
  }
}

function html(response: ServerResponse, status: number, body: string): void {
  response
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
