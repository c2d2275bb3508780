import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@app/config';
import { PscClient, PscSandbox } from '@app/psc';
import { PscRuntime, sandboxPscRuntime } from '../../apps/shared/psc-runtime';
import { TEST_API_ORIGIN, testPki } from './harness';

/** Where the tests' browsers reach the API (the callback and logout URLs name it). */
export const TEST_API_URL = TEST_API_ORIGIN;

/**
 * Two logiciels métier registered with the PSC sandbox: one whose tokens the
 * API accepts as bearer tokens (PSC_BEARER_CLIENTS), one it was not told of.
 */
export const TEST_LOGICIELS = {
  accepted: { clientId: 'logiciel-metier-test', redirectUri: 'https://logiciel.test/callback' },
  unknown: { clientId: 'logiciel-inconnu', redirectUri: 'https://inconnu.test/callback' },
};
const LOGICIEL_SECRET = randomUUID();

/** The PSC sandbox over HTTPS (the test PKI), with the API and two logiciels métier as its clients. */
export async function startTestPsc(): Promise<{ psc: PscSandbox; runtime: PscRuntime }> {
  const pki = testPki();
  const client = { clientId: 'acces-direct', clientSecret: randomUUID() };
  const psc = await PscSandbox.start({
    clients: [
      {
        ...client,
        redirectUris: [`${TEST_API_URL}/auth/callback`],
        postLogoutRedirectUris: [`${TEST_API_URL}/`],
      },
      ...Object.values(TEST_LOGICIELS).map((logiciel) => ({
        clientId: logiciel.clientId,
        clientSecret: LOGICIEL_SECRET,
        redirectUris: [logiciel.redirectUri],
        postLogoutRedirectUris: [logiciel.redirectUri],
      })),
    ],
    tls: { ...pki.server, caPem: pki.caPem },
  });
  const runtime = sandboxPscRuntime(
    {
      ...loadConfig({}).psc,
      clientId: client.clientId,
      bearerClients: [TEST_LOGICIELS.accepted.clientId],
    },
    { issuer: psc.issuer, clientSecret: client.clientSecret, caPem: pki.caPem },
    TEST_API_URL,
  );
  return { psc, runtime };
}

/** A PSC access token for `rpps`, as a logiciel métier gets it through its own login. */
export async function logicielAccessToken(
  psc: PscSandbox,
  logiciel: (typeof TEST_LOGICIELS)[keyof typeof TEST_LOGICIELS],
  rpps: string,
): Promise<string> {
  const client = new PscClient({
    issuer: psc.issuer,
    clientId: logiciel.clientId,
    clientSecret: LOGICIEL_SECRET,
    redirectUri: logiciel.redirectUri,
    trustedCaPem: testPki().caPem,
  });
  const pending = await client.authorizationRequest();
  const callback = await psc.login(rpps, pending.url);
  return (await client.completeLogin(callback, pending)).tokens.accessToken;
}

/**
 * The login as a browser lives it: /auth/login → PSC's login page (the
 * practitioner picked by RPPS) → back to /auth/callback.
 */
export async function logInThroughPsc(
  api: INestApplication,
  psc: PscSandbox,
  rpps: string,
  browser: { cookies?: string[] } = {},
) {
  const start = await request(api.getHttpServer()).get('/auth/login').expect(302);
  const authorizationUrl = start.headers.location;
  if (!authorizationUrl.startsWith(psc.issuer)) {
    throw new Error(`/auth/login sent the browser to ${authorizationUrl}, not to PSC`);
  }
  const loginCookie = loginCookieOf(start);
  const callback = await psc.login(rpps, authorizationUrl);
  // The browser sends back the cookie /auth/login set, beside any it already held.
  const cookies = [...(browser.cookies ?? []), ...(loginCookie ? [loginCookie] : [])];
  let answer = request(api.getHttpServer()).get(`/auth/callback${callback.search}`);
  if (cookies.length > 0) answer = answer.set('Cookie', cookies.join('; '));
  return { callback, loginCookie, answer: await answer };
}

/** The cookie /auth/login binds the login to its browser with, as a `Cookie` header value. */
export function loginCookieOf(answer: request.Response): string | undefined {
  const cookies = (answer.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.find((c) => /^(__Host-)?acces_direct_login=/.test(c))?.split(';')[0];
}

/** The session cookie the callback set, as a `Cookie` header value. */
export function sessionCookieOf(answer: request.Response): string | undefined {
  const cookies = (answer.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith('acces_direct_session='))?.split(';')[0];
}
