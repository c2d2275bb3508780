import { generateTestPki, issueCredentialFromUntrustedCa, type TestPki } from '@app/pki';
import { WebAccessTokenError, verifyWebAccessToken, webAccessUrl } from './web-access';

const PORTAL = 'https://portail-dmp.test/ps/acces-contextuel';
const INS = { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.10' };

describe('TD0.9 contextual web access', () => {
  let pki: TestPki;
  const now = new Date();

  beforeAll(() => {
    pki = generateTestPki({ password: 'unused' });
  });

  const urlFor = (signer = pki.structureSign) =>
    webAccessUrl({
      portalBaseUrl: PORTAL,
      author: { rpps: '10000000101', structure: { idNatStruct: '499700000001005' } },
      patient: { ins: INS },
      signer,
      now,
    });
  const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';
  const verifyAt = (token: string, at: Date = now) =>
    verifyWebAccessToken(token, { trustedCaPem: pki.caPem, audience: PORTAL, now: at });

  it('hands over the portal URL with a short-lived token signed by the structure', () => {
    const url = urlFor();
    expect(url.startsWith(`${PORTAL}?token=`)).toBe(true);
    expect(url).not.toContain(INS.matricule);
    expect(verifyAt(tokenOf(url))).toMatchObject({
      iss: '499700000001005',
      sub: '810000000101',
      aud: PORTAL,
      ins: '279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH',
      exp: Math.floor(now.getTime() / 1000) + 120,
    });
  });

  it('refuses a changed patient, an expired token, and a signer from another CA', () => {
    const [header, claims, signature] = tokenOf(urlFor()).split('.');
    const forged = Buffer.from(
      Buffer.from(claims, 'base64url').toString().replace('279035121518989', '179035121518901'),
    ).toString('base64url');
    expect(() => verifyAt(`${header}.${forged}.${signature}`)).toThrow('bad token signature');
    expect(() => verifyAt(tokenOf(urlFor()), new Date(now.getTime() + 121_000))).toThrow(
      'token expired',
    );
    const foreign = issueCredentialFromUntrustedCa().credential;
    expect(() => verifyAt(tokenOf(urlFor(foreign)))).toThrow(WebAccessTokenError);
  });

  it("refuses a token that speaks for another structure than its certificate's", () => {
    const other = webAccessUrl({
      portalBaseUrl: PORTAL,
      author: { rpps: '10000000101', structure: { idNatStruct: '499700000002003' } },
      patient: { ins: INS },
      signer: pki.structureSign,
      now,
    });
    expect(() => verifyAt(tokenOf(other))).toThrow(
      "token issuer is not the signing certificate's structure",
    );
    expect(
      verifyWebAccessToken(tokenOf(other), {
        trustedCaPem: pki.caPem,
        audience: PORTAL,
        now,
        requireStructureMatch: false,
      }).iss,
    ).toBe('499700000002003');
  });
});
