import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import {
  DEFAULT_TEST_PRACTITIONER,
  generateTestCpsPki,
  issueCpsCredentialFromUntrustedCa,
  issueExpiredCpsCredential,
  issueTestCpsCredential,
  type TestCpsPki,
} from './cps-test-pki';
import { issueTestCrl } from './crl';
import { verifyCertificateChain } from './x509';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

describe('test CPS PKI', () => {
  let cps: TestCpsPki;

  beforeAll(() => {
    cps = generateTestCpsPki();
  });

  it('names the card holder as IGC-Santé does: idNat_PS in the CN of a multi-valued RDN', () => {
    const x509 = new X509Certificate(cps.practitioner.certificatePem);
    // OpenSSL prints the three attributes of one RDN on one line, joined by " + ".
    expect(x509.subject.split('\n')).toEqual([
      'C=FR',
      'title=Orthophoniste',
      'GN=HÉLÈNE + SN=PHONIE-TEST + CN=899700000013',
    ]);
    expect(x509.issuer).toContain('CN=TEST LOCAL AC IGC-SANTE FORT PERSONNES');
    expect(cps.practitioner.idNatStruct).toBeUndefined();
    expect(DEFAULT_TEST_PRACTITIONER.idNatPs).toBe('8' + '99700000013');
  });

  it('makes the authentication certificate a TLS client certificate, the signature one not', () => {
    expect(new X509Certificate(cps.practitioner.certificatePem).keyUsage).toEqual([CLIENT_AUTH]);
    const signature = issueTestCpsCredential(cps, {
      usage: 'SIGN',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 60_000),
    });
    expect(new X509Certificate(signature.certificatePem).keyUsage).toBeUndefined();
  });

  it('chains the card to the root through the PERSONNES CA; look-alikes and expired cards do not pass', () => {
    expect(
      verifyCertificateChain(cps.practitioner.certificatePem, {
        trustedPem: [cps.rootCa.certificatePem],
        intermediatesPem: cps.practitioner.chainPem,
      }).ok,
    ).toBe(true);
    const { credential, caPem } = issueCpsCredentialFromUntrustedCa();
    expect(
      verifyCertificateChain(credential.certificatePem, {
        trustedPem: cps.caPem,
        intermediatesPem: caPem,
      }),
    ).toMatchObject({ ok: false, problem: 'UNTRUSTED' });
    expect(
      verifyCertificateChain(issueExpiredCpsCredential(cps).certificatePem, {
        trustedPem: cps.caPem,
      }),
    ).toMatchObject({ ok: false, problem: 'EXPIRED' });
  });

  it('writes a signed v2 CRL that OpenSSL (node:tls) loads', () => {
    const crl = issueTestCrl({
      issuer: cps.personnesCa,
      revoked: [
        {
          serialNumber: new X509Certificate(cps.practitioner.certificatePem).serialNumber,
          revokedAt: new Date(),
          reason: 'keyCompromise',
        },
      ],
      thisUpdate: new Date(),
      nextUpdate: new Date(Date.now() + 86_400_000),
      crlNumber: 7,
    });
    expect(crl.pem).toMatch(/^-----BEGIN X509 CRL-----\n[\s\S]+\n-----END X509 CRL-----\n$/);
    expect(crl.der[0]).toBe(0x30);
    expect(() => createSecureContext({ ca: cps.caPem, crl: crl.pem })).not.toThrow();
  });
});
