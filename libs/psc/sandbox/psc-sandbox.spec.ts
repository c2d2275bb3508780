import { generateTestPki } from '@app/pki';
import { fetchTrusting, type FetchFunction } from '../pinned-fetch';
import { isOrthophoniste, practitionerFromUserinfo } from '../practitioner-claims';
import { PscClient } from '../psc-client';
import { PscSandbox } from './psc-sandbox';
import { DEFAULT_PSC_SANDBOX_PRACTITIONERS } from './practitioners';
import { pscUserinfoOf } from './psc-userinfo';

const CLIENT = {
  clientId: 'sandbox-spec',
  clientSecret: 'sandbox-spec-secret',
  redirectUris: ['http://127.0.0.1:9/callback'],
  postLogoutRedirectUris: ['http://127.0.0.1:9/logged-out'],
};

let sandbox: PscSandbox;
let fetch: FetchFunction;

beforeAll(async () => {
  const pki = generateTestPki({ password: 'unused' });
  sandbox = await PscSandbox.start({ tls: { ...pki.server, caPem: pki.caPem }, clients: [CLIENT] });
  fetch = fetchTrusting(sandbox.caPem);
});

afterAll(async () => {
  await sandbox?.stop();
});

async function json(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('PscSandbox', () => {
  it("serves PSC's discovery document at PSC's path and at the standard one", async () => {
    expect(sandbox.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/auth\/realms\/esante-wallet$/);
    expect(sandbox.discoveryUrl).toBe(`${sandbox.issuer}/.well-known/wallet-openid-configuration`);
    const psc = await json(sandbox.discoveryUrl);
    const standard = await json(`${sandbox.issuer}/.well-known/openid-configuration`);
    expect(standard).toEqual(psc);
    const realm = `${sandbox.issuer}/protocol/openid-connect`;
    expect(psc).toMatchObject({
      issuer: sandbox.issuer,
      authorization_endpoint: `${realm}/auth`,
      token_endpoint: `${realm}/token`,
      userinfo_endpoint: `${realm}/userinfo`,
      end_session_endpoint: `${realm}/logout`,
      jwks_uri: `${realm}/certs`,
      introspection_endpoint: `${realm}/token/introspect`,
      acr_values_supported: ['eidas1'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(psc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'scope_all']));
    expect(psc.claims_supported).toEqual(
      expect.arrayContaining(['acr', 'SubjectNameID', 'SubjectRefPro']),
    );
    expect(psc.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token']),
    );
  });

  it('requires PKCE: an authorization request without a code challenge is refused', async () => {
    const url = new URL(`${sandbox.issuer}/protocol/openid-connect/auth`);
    url.search = new URLSearchParams({
      client_id: CLIENT.clientId,
      redirect_uri: CLIENT.redirectUris[0],
      response_type: 'code',
      scope: 'openid scope_all',
      state: 'some-state',
      nonce: 'some-nonce',
    }).toString();
    const answer = await fetch(url.href, { redirect: 'manual' });
    const back = new URL(answer.headers.get('location') ?? '');
    expect(back.origin + back.pathname).toBe(CLIENT.redirectUris[0]);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('shows a login page listing the test practitioners, and a home page', async () => {
    const client = new PscClient({
      issuer: sandbox.issuer,
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      redirectUri: CLIENT.redirectUris[0],
      trustedCaPem: sandbox.caPem,
    });
    const request = await client.authorizationRequest();
    const toLogin = await fetch(request.url, { redirect: 'manual' });
    const loginUrl = new URL(toLogin.headers.get('location') ?? '', request.url);
    expect(loginUrl.pathname).toMatch(/^\/sandbox\/interaction\/[\w-]+$/);
    const cookie = toLogin.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const page = await (await fetch(loginUrl.href, { headers: { cookie } })).text();
    for (const practitioner of DEFAULT_PSC_SANDBOX_PRACTITIONERS) {
      expect(page).toContain(`value="${practitioner.idNatPs}"`);
      expect(page).toContain(practitioner.familyName);
    }
    expect(page).toContain('name="cancel"');

    const home = await (await fetch(sandbox.homeUrl)).text();
    expect(home).toContain(sandbox.discoveryUrl);
    expect(home).toContain('810000000102');
  });

  it('refuses a practitioner it does not know', async () => {
    const client = new PscClient({
      issuer: sandbox.issuer,
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      redirectUri: CLIENT.redirectUris[0],
      trustedCaPem: sandbox.caPem,
    });
    const request = await client.authorizationRequest();
    await expect(sandbox.login('10000009999', request.url)).rejects.toThrow(/HTTP 400/);
  });

  it('refuses test practitioners whose SubjectNameID is not "8" + RPPS, or twice the same', async () => {
    const [first] = DEFAULT_PSC_SANDBOX_PRACTITIONERS;
    const wrong = { ...first, idNatPs: '899999999999' };
    await expect(PscSandbox.start({ clients: [CLIENT], practitioners: [wrong] })).rejects.toThrow(
      /not "8" \+ RPPS/,
    );
    await expect(
      PscSandbox.start({ clients: [CLIENT], practitioners: [first, first] }),
    ).rejects.toThrow(/two test practitioners/);
  });
});

describe('DEFAULT_PSC_SANDBOX_PRACTITIONERS', () => {
  const practitioners = DEFAULT_PSC_SANDBOX_PRACTITIONERS;

  it("are the demo's two orthophonistes, one outside coordinated practice and a CPTS coordinator", () => {
    expect(practitioners.map((p) => [p.rpps, p.givenName, p.familyName])).toEqual([
      ['10000000101', 'Camille', 'LEROY'],
      ['10000000102', 'Hugo', 'BERNARD'],
      ['10000000103', 'Léa', 'MOREL'],
      ['10000000901', 'Sophie', 'GARNIER'],
    ]);
    expect(practitioners.map(isOrthophoniste)).toEqual([true, true, true, false]);
    const structures = practitioners.map((p) => p.exercices[0].activities[0].structure.siret);
    expect(new Set(structures).size).toBe(4);
    for (const p of practitioners) expect(p.idNatPs).toBe(`8${p.rpps}`);
  });

  it('answer userinfo claims shaped like PSC, which read back into the same practitioner', () => {
    for (const practitioner of practitioners) {
      const userinfo = pscUserinfoOf(practitioner);
      expect(userinfo).toMatchObject({
        SubjectNameID: practitioner.idNatPs,
        preferred_username: practitioner.idNatPs,
        sub: expect.stringMatching(new RegExp(`^f:[0-9a-f-]{36}:${practitioner.idNatPs}$`)),
        SubjectRole: [`${practitioner.exercices[0].codeProfession}^1.2.250.1.213.1.1.5.5`],
      });
      const activity = (
        userinfo.SubjectRefPro as { exercices: Array<{ activities: Record<string, unknown>[] }> }
      ).exercices[0].activities[0];
      // PSC sends every field, "" when empty.
      expect(activity).toMatchObject({ numeroFinessSite: '', codeSectionPharmacien: '' });
      const { label: _label, ...claimed } = practitioner;
      expect(practitionerFromUserinfo(userinfo)).toEqual(claimed);
    }
  });
});
