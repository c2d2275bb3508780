import { X509Certificate } from 'node:crypto';
import {
  type Credential,
  DEFAULT_TEST_PRACTITIONER,
  generateTestCpsPki,
  generateTestPki,
  issueCpsCredentialFromUntrustedCa,
  issueExpiredCpsCredential,
  issueTestCpsCredential,
  issueTestCrl,
  SECOND_TEST_PRACTITIONER,
  type TestCpsPki,
  type TestPki,
} from '@app/pki';
import { CpsVerifier, verifyCpsCertificate } from './cps-verifier';
import { CpsError } from './errors';

const DAY_MS = 86_400_000;
const NOW = new Date();

function caught(run: () => unknown): CpsError {
  try {
    run();
  } catch (error) {
    if (error instanceof CpsError) return error;
    throw error;
  }
  throw new Error('expected a CpsError');
}

function serialOf(credential: Credential): string {
  return new X509Certificate(credential.certificatePem).serialNumber.toLowerCase();
}

describe('verifyCpsCertificate', () => {
  let cps: TestCpsPki;
  /** The structure PKI (ORGANISATIONS CA): server and ORG certificates of IGC-Santé look-alikes. */
  let org: TestPki;
  let revokedCard: Credential;
  /** Fresh CRL of the PERSONNES CA, revoking revokedCard only. */
  let crl: Buffer;

  beforeAll(() => {
    cps = generateTestCpsPki({ now: NOW });
    org = generateTestPki({ password: 'unused', now: NOW });
    revokedCard = issueTestCpsCredential(cps, {
      practitioner: SECOND_TEST_PRACTITIONER,
      notBefore: new Date(NOW.getTime() - DAY_MS),
      notAfter: new Date(NOW.getTime() + 365 * DAY_MS),
    });
    crl = issueTestCrl({
      issuer: cps.personnesCa,
      revoked: [{ serialNumber: serialOf(revokedCard), revokedAt: NOW, reason: 'keyCompromise' }],
      thisUpdate: new Date(NOW.getTime() - 3_600_000),
      nextUpdate: new Date(NOW.getTime() + DAY_MS),
    }).der;
  });

  const trust = () => ({ trustedCas: cps.caPem, crls: [crl], now: NOW });

  it('gives the practitioner of a valid CPS: RPPS, names, profession', () => {
    const verified = verifyCpsCertificate(cps.practitioner.certificatePem, trust());
    expect(verified.practitioner).toEqual({
      idNatPs: '899700000013',
      idType: 'RPPS',
      rpps: '99700000013',
      adeli: undefined,
      familyName: DEFAULT_TEST_PRACTITIONER.familyName,
      givenName: 'HÉLÈNE',
      profession: 'Orthophoniste',
    });
    expect(verified.issuers[0]).toContain('CN=TEST LOCAL AC IGC-SANTE FORT PERSONNES');
    expect(verified.revocation).toEqual([
      expect.objectContaining({
        serialNumber: serialOf(cps.practitioner),
        crlIssuer: verified.issuers[0],
      }),
    ]);
  });

  it('takes DER, PEM and the URL-encoded PEM of a proxy header alike', () => {
    const pem = cps.practitioner.certificatePem;
    const der = new X509Certificate(pem).raw;
    for (const input of [pem, der, encodeURIComponent(pem), new Uint8Array(der)]) {
      expect(verifyCpsCertificate(input, trust()).practitioner.rpps).toBe('99700000013');
    }
  });

  it('refuses an expired card and says when it expired, in French', () => {
    const expired = issueExpiredCpsCredential(cps, DEFAULT_TEST_PRACTITIONER, NOW);
    const error = caught(() => verifyCpsCertificate(expired.certificatePem, trust()));
    expect(error.code).toBe('EXPIRED');
    expect(error.origin).toBe('certificate');
    expect(error.message).toContain(expired.notAfter.toISOString());
    const day = new Intl.DateTimeFormat('fr-FR', {
      dateStyle: 'long',
      timeZone: 'Europe/Paris',
    }).format(expired.notAfter);
    expect(error.userMessage).toContain(`Votre carte CPS a expiré le ${day}`);
  });

  it('refuses a card that is not valid yet', () => {
    const future = issueTestCpsCredential(cps, {
      notBefore: new Date(NOW.getTime() + DAY_MS),
      notAfter: new Date(NOW.getTime() + 365 * DAY_MS),
    });
    const error = caught(() => verifyCpsCertificate(future.certificatePem, trust()));
    expect(error.code).toBe('NOT_YET_VALID');
    expect(error.userMessage).toMatch(/ne sera valable qu'à partir du/);
  });

  it('refuses a look-alike card from a CA it does not trust, even with that CA in the chain', () => {
    const { credential, caPem } = issueCpsCredentialFromUntrustedCa(DEFAULT_TEST_PRACTITIONER, NOW);
    expect(credential.subject).toBe(cps.practitioner.subject);
    const error = caught(() =>
      verifyCpsCertificate(credential.certificatePem, { ...trust(), chain: caPem }),
    );
    expect(error.code).toBe('UNTRUSTED_ISSUER');
    expect(error.details.problem).toBe('UNKNOWN_ISSUER');
    expect(error.userMessage).toContain("n'a pas été délivré par l'IGC-Santé");
  });

  it('refuses a certificate whose RPPS was edited after signature', () => {
    const der = Buffer.from(new X509Certificate(cps.practitioner.certificatePem).raw);
    const at = der.indexOf(Buffer.from('899700000013', 'latin1'));
    expect(at).toBeGreaterThan(0);
    Buffer.from('899700000099', 'latin1').copy(der, at);
    const error = caught(() => verifyCpsCertificate(der, trust()));
    expect(error.code).toBe('UNTRUSTED_ISSUER');
    expect(error.details.problem).toBe('BAD_SIGNATURE');
    expect(error.userMessage).toContain('modifié ou contrefait');
  });

  it('refuses a card revoked by the CRL of its issuer, with the date and reason', () => {
    const error = caught(() => verifyCpsCertificate(revokedCard.certificatePem, trust()));
    expect(error.code).toBe('REVOKED');
    expect(error.details).toMatchObject({
      serialNumber: serialOf(revokedCard),
      reason: 'keyCompromise',
    });
    expect(error.userMessage).toMatch(/^Votre carte CPS a été révoquée le /);
  });

  it('says "suspended" for a card on hold', () => {
    const held = issueTestCrl({
      issuer: cps.personnesCa,
      revoked: [
        { serialNumber: serialOf(cps.practitioner), revokedAt: NOW, reason: 'certificateHold' },
      ],
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + DAY_MS),
    });
    const error = caught(() =>
      verifyCpsCertificate(cps.practitioner.certificatePem, { ...trust(), crls: [held.pem] }),
    );
    expect(error.code).toBe('REVOKED');
    expect(error.userMessage).toMatch(/^Votre carte CPS est suspendue depuis le /);
  });

  it('uses the newest list of the issuer when several are configured', () => {
    const older = issueTestCrl({
      issuer: cps.personnesCa,
      thisUpdate: new Date(NOW.getTime() - 3 * DAY_MS),
      nextUpdate: new Date(NOW.getTime() - 2 * DAY_MS),
    });
    // The stale older list is ignored because a current one exists…
    expect(
      verifyCpsCertificate(cps.practitioner.certificatePem, { ...trust(), crls: [older.der, crl] })
        .revocation[0].thisUpdate,
    ).toEqual(new Date(Math.floor((NOW.getTime() - 3_600_000) / 1000) * 1000));
    // …and a revocation in the newest list counts even when an older list did not have it.
    const error = caught(() =>
      verifyCpsCertificate(revokedCard.certificatePem, { ...trust(), crls: [crl, older.der] }),
    );
    expect(error.code).toBe('REVOKED');
  });

  it('refuses to decide with a stale CRL, and blames the server', () => {
    const stale = issueTestCrl({
      issuer: cps.personnesCa,
      thisUpdate: new Date(NOW.getTime() - 2 * DAY_MS),
      nextUpdate: new Date(NOW.getTime() - DAY_MS),
    });
    const error = caught(() =>
      verifyCpsCertificate(cps.practitioner.certificatePem, { ...trust(), crls: [stale.pem] }),
    );
    expect(error.code).toBe('CRL_STALE');
    expect(error.origin).toBe('server');
    expect(error.message).toContain('download the current one');
    expect(error.userMessage).toContain("n'est plus à jour depuis le");
  });

  it('refuses a CRL with the issuer name that the issuer did not sign', () => {
    const forged = issueTestCrl({
      issuer: cps.personnesCa,
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + DAY_MS),
      signingKeyPem: cps.practitioner.privateKeyPem,
    });
    const error = caught(() =>
      verifyCpsCertificate(revokedCard.certificatePem, { ...trust(), crls: [forged.der] }),
    );
    expect(error.code).toBe('CRL_INVALID');
    expect(error.origin).toBe('server');
  });

  it('requires a CRL of the issuer unless told otherwise', () => {
    const error = caught(() =>
      verifyCpsCertificate(cps.practitioner.certificatePem, { ...trust(), crls: [] }),
    );
    expect(error.code).toBe('REVOCATION_UNKNOWN');
    expect(error.origin).toBe('server');
    const lenient = verifyCpsCertificate(cps.practitioner.certificatePem, {
      ...trust(),
      crls: [],
      requireCrl: false,
    });
    expect(lenient.practitioner.rpps).toBe('99700000013');
    expect(lenient.revocation).toEqual([]);
  });

  it('completes the path with an intermediate the client sends, checking it against the root CRL', () => {
    const rootCrl = issueTestCrl({
      issuer: cps.rootCa,
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + DAY_MS),
    });
    const verified = verifyCpsCertificate(cps.practitioner.certificatePem, {
      trustedCas: [cps.rootCa.certificatePem],
      crls: [crl, rootCrl.der],
      chain: cps.practitioner.chainPem,
      now: NOW,
    });
    expect(verified.issuers).toHaveLength(2);
    expect(verified.revocation.map((check) => check.crlIssuer)).toEqual(verified.issuers);

    const revokedCa = issueTestCrl({
      issuer: cps.rootCa,
      revoked: [{ serialNumber: serialOf(cps.personnesCa), revokedAt: NOW }],
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + DAY_MS),
    });
    const error = caught(() =>
      verifyCpsCertificate(cps.practitioner.certificatePem, {
        trustedCas: [cps.rootCa.certificatePem],
        crls: [crl, revokedCa.der],
        chain: cps.practitioner.chainPem,
        now: NOW,
      }),
    );
    expect(error.code).toBe('REVOKED');
    expect(error.userMessage).toContain("L'autorité de certification qui a délivré votre carte");
  });

  it('refuses a trusted server certificate: not made for client authentication', () => {
    const error = caught(() =>
      verifyCpsCertificate(org.server.certificatePem, {
        ...trust(),
        trustedCas: [...cps.caPem, ...org.caPem],
      }),
    );
    expect(error.code).toBe('NOT_AN_AUTHENTICATION_CERTIFICATE');
    expect(error.userMessage).toContain('un certificat de serveur');
  });

  it("refuses the card's signature certificate", () => {
    const signature = issueTestCpsCredential(cps, {
      usage: 'SIGN',
      notBefore: new Date(NOW.getTime() - DAY_MS),
      notAfter: new Date(NOW.getTime() + DAY_MS),
    });
    const error = caught(() => verifyCpsCertificate(signature.certificatePem, trust()));
    expect(error.code).toBe('NOT_AN_AUTHENTICATION_CERTIFICATE');
    expect(error.userMessage).toContain('le certificat de signature de votre carte');
  });

  it("refuses a structure's client certificate: it names no practitioner", () => {
    const error = caught(() =>
      verifyCpsCertificate(org.structureAuth.certificatePem, {
        ...trust(),
        trustedCas: [...cps.caPem, ...org.caPem],
        requireCrl: false,
      }),
    );
    expect(error.code).toBe('NO_PRACTITIONER_ID');
    expect(error.userMessage).toContain('ni RPPS ni ADELI');
  });

  it.each([
    ['an empty string', ''],
    ['text', 'hello'],
    ['random bytes', Buffer.from('this is no certificate at all')],
    ['a PEM with a broken body', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'],
    ['a malformed URL encoding', '%E0%A4%A'],
  ])('refuses %s as NOT_A_CERTIFICATE', (_name, input) => {
    const error = caught(() => verifyCpsCertificate(input, trust()));
    expect(error.code).toBe('NOT_A_CERTIFICATE');
    expect(error.userMessage).toContain('Aucun certificat lisible');
  });

  it('refuses a CRL offered as the certificate', () => {
    const pem = issueTestCrl({
      issuer: cps.personnesCa,
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + DAY_MS),
    }).pem;
    expect(caught(() => verifyCpsCertificate(pem, trust())).code).toBe('NOT_A_CERTIFICATE');
  });

  it('fails at configuration time on a wrong trust store or an unreadable CRL', () => {
    expect(
      caught(() => new CpsVerifier({ trustedCas: [cps.practitioner.certificatePem] })).code,
    ).toBe('INVALID_CONFIGURATION');
    expect(caught(() => new CpsVerifier({ trustedCas: [] })).code).toBe('INVALID_CONFIGURATION');
    expect(
      caught(() => new CpsVerifier({ trustedCas: cps.caPem, crls: [Buffer.from('nope')] })).code,
    ).toBe('CRL_INVALID');
  });

  it('verifies many logins with one configured verifier', () => {
    const verifier = new CpsVerifier({ trustedCas: cps.caPem, crls: [crl] });
    expect(verifier.verify(cps.practitioner.certificatePem).practitioner.idNatPs).toBe(
      '899700000013',
    );
    expect(caught(() => verifier.verify(revokedCard.certificatePem)).code).toBe('REVOKED');
    expect(
      caught(() =>
        verifier.verify(cps.practitioner.certificatePem, {
          now: new Date(NOW.getTime() + 2 * DAY_MS),
        }),
      ).code,
    ).toBe('CRL_STALE');
  });
});
