import { X509Certificate } from 'node:crypto';
import { generateTestCpsPki, issueTestCrl, type TestCpsPki } from '@app/pki';
import { isSignedBy, readRevocationList } from './crl';
import { CpsError } from './errors';

describe('readRevocationList', () => {
  let cps: TestCpsPki;

  beforeAll(() => {
    cps = generateTestCpsPki();
  });

  it('reads issuer, dates and entries of a CRL, in PEM or DER', () => {
    const serial = new X509Certificate(cps.practitioner.certificatePem).serialNumber;
    const thisUpdate = new Date('2026-01-02T03:04:05Z');
    const nextUpdate = new Date('2051-01-01T00:00:00Z'); // GeneralizedTime from 2050 on
    const issued = issueTestCrl({
      issuer: cps.personnesCa,
      revoked: [
        { serialNumber: serial, revokedAt: thisUpdate, reason: 'superseded' },
        { serialNumber: '80ff', revokedAt: thisUpdate },
      ],
      thisUpdate,
      nextUpdate,
    });
    for (const input of [issued.pem, issued.der]) {
      const list = readRevocationList(input);
      expect(list.issuer).toContain('CN=TEST LOCAL AC IGC-SANTE FORT PERSONNES');
      expect(list.thisUpdate).toEqual(thisUpdate);
      expect(list.nextUpdate).toEqual(nextUpdate);
      expect(list.scope).toBe('all');
      expect([...list.revoked.values()]).toEqual([
        {
          serialNumber: serial.toLowerCase().replace(/^(00)+/, ''),
          revokedAt: thisUpdate,
          reason: 'superseded',
        },
        // A serial with its high bit set is written with a leading 00 and read back without.
        { serialNumber: '80ff', revokedAt: thisUpdate, reason: undefined },
      ]);
    }
  });

  it('knows which CA signed it', () => {
    const list = readRevocationList(
      issueTestCrl({
        issuer: cps.personnesCa,
        thisUpdate: new Date(),
        nextUpdate: new Date(Date.now() + 86_400_000),
      }).der,
    );
    expect(isSignedBy(list, new X509Certificate(cps.personnesCa.certificatePem).publicKey)).toBe(
      true,
    );
    expect(isSignedBy(list, new X509Certificate(cps.rootCa.certificatePem).publicKey)).toBe(false);
  });

  it.each([
    ['text', 'not a crl'],
    ['a certificate', '__CERT__'],
    ['truncated DER', Buffer.from('3082ffff', 'hex')],
  ])('refuses %s as CRL_INVALID', (_name, input) => {
    const value = input === '__CERT__' ? cps.practitioner.certificatePem : input;
    let error: unknown;
    try {
      readRevocationList(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CpsError);
    expect((error as CpsError).code).toBe('CRL_INVALID');
    expect((error as CpsError).origin).toBe('server');
  });
});
