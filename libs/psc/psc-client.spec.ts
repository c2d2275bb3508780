import { createServer } from 'node:net';
import { generateTestPki, type TestPki } from '@app/pki';
import { PscError, type PscErrorCode } from './errors';
import { fetchTrusting } from './pinned-fetch';
import { isOrthophoniste } from './practitioner-claims';
import { PscClient, type PscClientOptions } from './psc-client';
import { PscSandbox, type PscSandboxClient } from './sandbox';

const APP = {
  clientId: 'acces-direct-engine',
  clientSecret: 'sandbox-secret',
  redirectUri: 'https://api.acces-direct.test/auth/psc/callback',
  postLogoutRedirectUri: 'https://api.acces-direct.test/auth/psc/logged-out',
};
/** The same application registered to receive userinfo as a signed JWT. */
const JWT_APP = { ...APP, clientId: 'acces-direct-engine-jwt' };

const HUGO_BERNARD = '10000000102';
const CAMILLE_LEROY = '10000000101';

function sandboxClient(app: typeof APP, extra: Partial<PscSandboxClient> = {}): PscSandboxClient {
  return {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUris: [app.redirectUri],
    postLogoutRedirectUris: [app.postLogoutRedirectUri],
    ...extra,
  };
}

let pki: TestPki;
let sandbox: PscSandbox;

beforeAll(async () => {
  pki = generateTestPki({ password: 'unused' });
  sandbox = await PscSandbox.start({
    tls: { ...pki.server, caPem: pki.caPem },
    clients: [sandboxClient(APP), sandboxClient(JWT_APP, { userinfoAsJwt: true })],
  });
});

afterAll(async () => {
  await sandbox?.stop();
});

function clientOf(
  provider: PscSandbox = sandbox,
  options: Partial<PscClientOptions> = {},
): PscClient {
  return new PscClient({
    issuer: provider.issuer,
    clientId: APP.clientId,
    clientSecret: APP.clientSecret,
    redirectUri: APP.redirectUri,
    trustedCaPem: provider.caPem,
    ...options,
  });
}

async function expectPscError(
  promise: Promise<unknown>,
  code: PscErrorCode,
  extra: Partial<PscError> = {},
): Promise<PscError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PscError);
  expect(error).toMatchObject({ code, ...extra });
  return error as PscError;
}

/** Only the clock moves (for the sandbox and the client alike); timers stay real. */
function moveClockBy(ms: number): void {
  jest.useFakeTimers({
    now: Date.now() + ms,
    doNotFake: [
      'nextTick',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'hrtime',
      'performance',
    ],
  });
}

/** Logs `who` in through the sandbox's login page; returns what the server kept and the callback. */
async function loginAt(client: PscClient, who = HUGO_BERNARD, provider: PscSandbox = sandbox) {
  const request = await client.authorizationRequest();
  const callback = await provider.login(who, request.url);
  return { request, callback };
}

describe('PscClient: login', () => {
  it('asks PSC for openid scope_all at eidas1, with PKCE S256, a state and a nonce', async () => {
    const request = await clientOf().authorizationRequest();
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe(`${sandbox.issuer}/protocol/openid-connect/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: APP.clientId,
      redirect_uri: APP.redirectUri,
      scope: 'openid scope_all',
      acr_values: 'eidas1',
      code_challenge_method: 'S256',
      state: request.state,
      nonce: request.nonce,
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('code_challenge')).not.toBe(request.codeVerifier);
    const another = await clientOf().authorizationRequest();
    expect(another.state).not.toBe(request.state);
    expect(another.nonce).not.toBe(request.nonce);
    expect(another.codeVerifier).not.toBe(request.codeVerifier);
  });

  it('logs an orthophoniste in: ID token validated at eidas1, userinfo mapped to the practitioner', async () => {
    const client = clientOf();
    const { request, callback } = await loginAt(client, HUGO_BERNARD);
    expect(callback.origin + callback.pathname).toBe(APP.redirectUri);
    expect(callback.searchParams.get('iss')).toBe(sandbox.issuer);

    const before = Date.now();
    const login = await client.completeLogin(callback, request);

    expect(login.idTokenClaims).toMatchObject({
      iss: sandbox.issuer,
      aud: APP.clientId,
      acr: 'eidas1',
      nonce: request.nonce,
    });
    expect(login.userinfo.sub).toBe(login.idTokenClaims.sub);
    expect(login.practitioner).toMatchObject({
      idNatPs: '810000000102',
      rpps: '10000000102',
      civilite: 'M',
      familyName: 'BERNARD',
      givenName: 'Hugo',
      exercices: [
        {
          codeProfession: '91',
          activities: [
            {
              modeExercice: 'L',
              secteur: 'SA07',
              structure: {
                raisonSociale: "CABINET D'ORTHOPHONIE BERNARD",
                siret: '98765432100025',
                siren: '987654321',
                idNatStruct: '398765432100025',
              },
            },
          ],
        },
      ],
    });
    expect(isOrthophoniste(login.practitioner)).toBe(true);
    // PSC's access token lives 2 minutes; a refresh token comes with it.
    const lifetime = login.tokens.expiresAt.getTime() - before;
    expect(lifetime).toBeGreaterThan(115_000);
    expect(lifetime).toBeLessThanOrEqual(121_000);
    expect(login.tokens.refreshToken).toEqual(expect.any(String));
    expect(login.tokens.idToken.split('.')).toHaveLength(3);
  });

  it('reads a userinfo answered as a signed JWT like a JSON one', async () => {
    const client = clientOf(sandbox, { clientId: JWT_APP.clientId });
    const { request, callback } = await loginAt(client, CAMILLE_LEROY);
    const login = await client.completeLogin(callback, request);

    const answer = await fetchTrusting(sandbox.caPem)(
      `${sandbox.issuer}/protocol/openid-connect/userinfo`,
      {
        headers: { authorization: `Bearer ${login.tokens.accessToken}` },
      },
    );
    expect(answer.headers.get('content-type')).toMatch(/^application\/jwt/);
    expect(login.practitioner).toMatchObject({
      rpps: '10000000101',
      familyName: 'LEROY',
      exercices: [{ activities: [{ secteur: 'SA52', structure: { siret: '12345678900017' } }] }],
    });
  });

  it('takes the callback as the query string alone, whatever host it was received on', async () => {
    const client = clientOf();
    const { request, callback } = await loginAt(client);
    const login = await client.completeLogin(callback.search, request);
    expect(login.practitioner.rpps).toBe(HUGO_BERNARD);
  });

  it('reuses the PSC session of a browser that already logged in', async () => {
    const client = clientOf();
    const browser = sandbox.browser();
    const first = await client.authorizationRequest();
    await client.completeLogin(await browser.login(HUGO_BERNARD, first.url), first);
    // A second login in the same browser goes straight back to the client,
    // as PSC's SSO session does: the practitioner chosen is not asked again.
    const second = await client.authorizationRequest();
    const login = await client.completeLogin(
      await browser.login(CAMILLE_LEROY, second.url),
      second,
    );
    expect(login.practitioner.rpps).toBe(HUGO_BERNARD);
  });
});

describe('PscClient: what the OIDC flow rejects', () => {
  it('a wrong or missing state: STATE_MISMATCH, before anything is sent to PSC', async () => {
    const client = clientOf();
    const { request, callback } = await loginAt(client);
    await expectPscError(
      client.completeLogin(callback, { ...request, state: 'another-session-state' }),
      'STATE_MISMATCH',
    );
    const withoutState = new URL(callback);
    withoutState.searchParams.delete('state');
    await expectPscError(client.completeLogin(withoutState, request), 'STATE_MISMATCH');
    // The code was not spent: the genuine callback still logs in.
    await expect(client.completeLogin(callback, request)).resolves.toBeDefined();
  });

  it('a replayed code: CODE_REJECTED (invalid_grant)', async () => {
    const client = clientOf();
    const { request, callback } = await loginAt(client);
    await client.completeLogin(callback, request);
    const error = await expectPscError(client.completeLogin(callback, request), 'CODE_REJECTED', {
      oauthError: 'invalid_grant',
      retryable: false,
    });
    expect(error.message).toMatch(/authorization code/);
  });

  it('a wrong PKCE verifier: CODE_REJECTED', async () => {
    const client = clientOf();
    const { request, callback } = await loginAt(client);
    await expectPscError(
      client.completeLogin(callback, { ...request, codeVerifier: 'x'.repeat(43) }),
      'CODE_REJECTED',
    );
  });

  it('a wrong nonce: NONCE_MISMATCH', async () => {
    const client = clientOf();
    const { request, callback } = await loginAt(client);
    await expectPscError(
      client.completeLogin(callback, { ...request, nonce: 'nonce-of-another-login' }),
      'NONCE_MISMATCH',
    );
  });

  it('an expired ID token: TOKEN_EXPIRED', async () => {
    // The client's clock an hour ahead of PSC's: the fresh ID token is long expired.
    const client = clientOf(sandbox, { clockSkewSeconds: 3600 });
    const { request, callback } = await loginAt(client);
    await expectPscError(client.completeLogin(callback, request), 'TOKEN_EXPIRED');
  });

  it('an access token past its 2 minutes: TOKEN_EXPIRED, and a refresh gets a new one', async () => {
    const client = clientOf();
    const { request, callback } = await loginAt(client);
    const login = await client.completeLogin(callback, request);
    const sub = login.idTokenClaims.sub;
    await expect(client.userinfo(login.tokens.accessToken, sub)).resolves.toMatchObject({ sub });

    moveClockBy(121_000);
    try {
      await expectPscError(client.userinfo(login.tokens.accessToken, sub), 'TOKEN_EXPIRED');
      const refreshed = await client.refresh(login.tokens.refreshToken!, sub);
      await expect(client.userinfo(refreshed.tokens.accessToken, sub)).resolves.toMatchObject({
        SubjectNameID: '810000000102',
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('a discovery document of another issuer: ISSUER_MISMATCH', async () => {
    const other = await PscSandbox.start({
      tls: { ...pki.server, caPem: pki.caPem },
      clients: [sandboxClient(APP)],
    });
    try {
      const client = clientOf(sandbox, { discoveryUrl: other.discoveryUrl });
      await expectPscError(client.authorizationRequest(), 'ISSUER_MISMATCH');
    } finally {
      await other.stop();
    }
  });

  it('a callback from another issuer (mix-up): ISSUER_MISMATCH, the code is not sent', async () => {
    const other = await PscSandbox.start({
      tls: { ...pki.server, caPem: pki.caPem },
      clients: [sandboxClient(APP)],
    });
    try {
      const client = clientOf(sandbox);
      const request = await client.authorizationRequest();
      // The browser was sent to the other provider with this session's state.
      const otherRequest = new URL(request.url.replace(sandbox.issuer, other.issuer));
      const callback = await other.login(HUGO_BERNARD, otherRequest);
      expect(callback.searchParams.get('iss')).toBe(other.issuer);
      await expectPscError(client.completeLogin(callback, request), 'ISSUER_MISMATCH');
    } finally {
      await other.stop();
    }
  });

  it('an authentication below eidas1: ACR_INSUFFICIENT', async () => {
    const client = clientOf();
    const request = await client.authorizationRequest();
    const callback = await sandbox.login(HUGO_BERNARD, request.url, { acr: 'eidas0' });
    await expectPscError(client.completeLogin(callback, request), 'ACR_INSUFFICIENT');
  });

  it('a login the practitioner cancelled: AUTHORIZATION_REFUSED (access_denied)', async () => {
    const client = clientOf();
    const request = await client.authorizationRequest();
    const callback = await sandbox.login(HUGO_BERNARD, request.url, { cancel: true });
    await expectPscError(client.completeLogin(callback, request), 'AUTHORIZATION_REFUSED', {
      oauthError: 'access_denied',
    });
  });

  it('a wrong client secret: CLIENT_REJECTED', async () => {
    const client = clientOf(sandbox, { clientSecret: 'not-the-secret' });
    const { request, callback } = await loginAt(client);
    await expectPscError(client.completeLogin(callback, request), 'CLIENT_REJECTED', {
      oauthError: 'invalid_client',
    });
  });
});

describe('PscClient: refresh', () => {
  it('gets new tokens for the same practitioner at eidas1; a used refresh token is refused', async () => {
    const client = clientOf();
    const { request, callback } = await loginAt(client);
    const login = await client.completeLogin(callback, request);
    const refreshed = await client.refresh(login.tokens.refreshToken!, login.idTokenClaims.sub);

    expect(refreshed.tokens.accessToken).not.toBe(login.tokens.accessToken);
    expect(refreshed.idTokenClaims).toMatchObject({ sub: login.idTokenClaims.sub, acr: 'eidas1' });
    await expect(
      client.userinfo(refreshed.tokens.accessToken, login.idTokenClaims.sub),
    ).resolves.toMatchObject({ SubjectNameID: '810000000102' });
    // The sandbox rotates refresh tokens: the spent one is refused.
    expect(refreshed.tokens.refreshToken).not.toBe(login.tokens.refreshToken);
    await expectPscError(client.refresh(login.tokens.refreshToken!), 'REFRESH_REJECTED', {
      oauthError: 'invalid_grant',
    });
  });

  it('refuses a new ID token for another subject', async () => {
    const client = clientOf();
    const { request, callback } = await loginAt(client);
    const login = await client.completeLogin(callback, request);
    await expectPscError(
      client.refresh(login.tokens.refreshToken!, 'f:someone-else'),
      'TOKEN_INVALID',
    );
  });
});

describe('PscClient: introspection (bearer tokens of logiciels métier)', () => {
  it("names the professional and the client of an active access token, to another of PSC's clients", async () => {
    const logiciel = clientOf(sandbox, { clientId: JWT_APP.clientId });
    const { request, callback } = await loginAt(logiciel, CAMILLE_LEROY);
    const login = await logiciel.completeLogin(callback, request);
    const answer = await clientOf().introspect(login.tokens.accessToken);
    expect(answer).toMatchObject({
      active: true,
      clientId: JWT_APP.clientId,
      subjectNameId: `8${CAMILLE_LEROY}`,
    });
    expect(answer.active && answer.expiresAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('says an unknown, revoked-by-logout or expired token is not active, and nothing more', async () => {
    const client = clientOf();
    await expect(client.introspect('not-a-token')).resolves.toEqual({ active: false });
    const { request, callback } = await loginAt(client);
    const login = await client.completeLogin(callback, request);
    moveClockBy(121_000);
    try {
      await expect(client.introspect(login.tokens.accessToken)).resolves.toEqual({
        active: false,
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('a wrong client secret: CLIENT_REJECTED', async () => {
    await expectPscError(
      clientOf(sandbox, { clientSecret: 'wrong' }).introspect('anything'),
      'CLIENT_REJECTED',
    );
  });
});

describe('PscClient: logout', () => {
  it('sends the browser to the end-session endpoint with id_token_hint, post_logout_redirect_uri and state', async () => {
    const client = clientOf();
    const browser = sandbox.browser();
    const request = await client.authorizationRequest();
    const login = await client.completeLogin(
      await browser.login(HUGO_BERNARD, request.url),
      request,
    );

    const logoutUrl = new URL(
      await client.logoutUrl(login.tokens.idToken, APP.postLogoutRedirectUri, 'logout-state-1'),
    );
    expect(logoutUrl.origin + logoutUrl.pathname).toBe(
      `${sandbox.issuer}/protocol/openid-connect/logout`,
    );
    expect(Object.fromEntries(logoutUrl.searchParams)).toEqual({
      id_token_hint: login.tokens.idToken,
      post_logout_redirect_uri: APP.postLogoutRedirectUri,
      state: 'logout-state-1',
      client_id: APP.clientId,
    });

    const back = await browser.logout(logoutUrl);
    expect(back.origin + back.pathname).toBe(APP.postLogoutRedirectUri);
    expect(back.searchParams.get('state')).toBe('logout-state-1');
    // The PSC session is over: its refresh token no longer works.
    await expectPscError(client.refresh(login.tokens.refreshToken!), 'REFRESH_REJECTED');
  });
});

describe('PscClient: transport', () => {
  it('PSC unreachable: PROVIDER_UNAVAILABLE, retryable; discovery is tried again on the next call', async () => {
    const port = await closedPort();
    const issuer = `https://127.0.0.1:${port}/auth/realms/esante-wallet`;
    const client = new PscClient({ ...APP, issuer, trustedCaPem: pki.caPem, timeoutSeconds: 2 });
    await expectPscError(client.authorizationRequest(), 'PROVIDER_UNAVAILABLE', {
      retryable: true,
    });
    await expectPscError(client.authorizationRequest(), 'PROVIDER_UNAVAILABLE');
  });

  it('a server certificate the client does not trust: TLS_FAILED', async () => {
    const client = clientOf(sandbox, { trustedCaPem: undefined });
    await expectPscError(client.authorizationRequest(), 'TLS_FAILED', { retryable: false });
  });

  it('plain http only for a loopback sandbox, when allowed', async () => {
    const plain = await PscSandbox.start({ clients: [sandboxClient(APP)] });
    try {
      expect(plain.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/realms\/esante-wallet$/);
      expect(() => clientOf(plain, { trustedCaPem: undefined })).toThrow(
        expect.objectContaining({ code: 'CONFIGURATION_INVALID' }),
      );
      const client = clientOf(plain, { trustedCaPem: undefined, allowInsecureLoopbackHttp: true });
      const { request, callback } = await loginAt(client, CAMILLE_LEROY, plain);
      const login = await client.completeLogin(callback, request);
      expect(login.practitioner.rpps).toBe(CAMILLE_LEROY);
    } finally {
      await plain.stop();
    }
    expect(
      () =>
        new PscClient({
          ...APP,
          issuer: 'http://psc.example.org/auth/realms/esante-wallet',
          allowInsecureLoopbackHttp: true,
        }),
    ).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
