import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@app/config';
import { PscSandbox } from '@app/psc';
import { PscRuntime, sandboxPscRuntime } from '../../apps/shared/psc-runtime';
import { testPki } from './harness';

/** Where the tests' browsers reach the API (the callback and logout URLs name it). */
export const TEST_API_URL = 'https://acces-direct.test';

/** The PSC sandbox over HTTPS (the test PKI), with the API registered as its client. */
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
    ],
    tls: { ...pki.server, caPem: pki.caPem },
  });
  const runtime = sandboxPscRuntime(
    { ...loadConfig({}).psc, clientId: client.clientId },
    { issuer: psc.issuer, clientSecret: client.clientSecret, caPem: pki.caPem },
    TEST_API_URL,
  );
  return { psc, runtime };
}

/**
 * The login as a browser lives it: /auth/login → PSC's login page (the
 * practitioner picked by RPPS) → back to /auth/callback.
 */
export async function logInThroughPsc(api: INestApplication, psc: PscSandbox, rpps: string) {
  const start = await request(api.getHttpServer()).get('/auth/login').expect(302);
  const authorizationUrl = start.headers.location;
  if (!authorizationUrl.startsWith(psc.issuer)) {
    throw new Error(`/auth/login sent the browser to ${authorizationUrl}, not to PSC`);
  }
  const callback = await psc.login(rpps, authorizationUrl);
  return {
    callback,
    answer: await request(api.getHttpServer()).get(`/auth/callback${callback.search}`),
  };
}

/** The session cookie the callback set, as a `Cookie` header value. */
export function sessionCookieOf(answer: request.Response): string | undefined {
  const cookies = (answer.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith('acces_direct_session='))?.split(';')[0];
}
