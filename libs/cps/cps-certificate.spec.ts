import { X509Certificate } from 'node:crypto';
import {
  generateTestCpsPki,
  generateTestPki,
  issueTestCpsCredential,
  type TestCpsPki,
} from '@app/pki';
import {
  practitionerFromCertificate,
  practitionerOfSubject,
  readCpsCertificate,
} from './cps-certificate';
import { CpsError } from './errors';
import type { DistinguishedName } from './names';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof CpsError) return error.code;
    throw error;
  }
  return undefined;
}

function subject(...rdns: [string, string][][]): DistinguishedName {
  const oids: Record<string, string> = {
    C: '2.5.4.6',
    CN: '2.5.4.3',
    SN: '2.5.4.4',
    GN: '2.5.4.42',
    title: '2.5.4.12',
    serialNumber: '2.5.4.5',
    OU: '2.5.4.11',
  };
  return rdns.map((rdn) =>
    rdn.map(([shortName, value]) => ({ oid: oids[shortName], shortName, value })),
  );
}

describe('readCpsCertificate', () => {
  let cps: TestCpsPki;

  beforeAll(() => {
    cps = generateTestCpsPki();
  });

  it('reads the holder from the multi-valued RDN, as on IGC-Santé CPS certificates', () => {
    const certificate = readCpsCertificate(cps.practitioner.certificatePem);
    const x509 = new X509Certificate(cps.practitioner.certificatePem);
    expect(certificate.practitioner).toMatchObject({
      idNatPs: '899700000013',
      rpps: '99700000013',
      familyName: 'PHONIE-TEST',
      givenName: 'HÉLÈNE',
      profession: 'Orthophoniste',
    });
    expect(certificate.subject).toBe(
      'C=FR, title=Orthophoniste, GN=HÉLÈNE+SN=PHONIE-TEST+CN=899700000013',
    );
    expect(certificate.subjectName[2]).toHaveLength(3);
    expect(certificate.issuer).toBe(
      'C=FR, O=ACCES-DIRECT TEST LOCAL, OU=IGC-SANTE TEST LOCAL, CN=TEST LOCAL AC IGC-SANTE FORT PERSONNES',
    );
    expect(certificate.serialNumber).toBe(x509.serialNumber.toLowerCase().replace(/^(00)+/, ''));
    expect(certificate.fingerprint256).toBe(x509.fingerprint256);
    expect(certificate.notAfter).toEqual(cps.practitioner.notAfter);
    expect(certificate.keyUsage).toMatchObject({ digitalSignature: true, nonRepudiation: false });
    expect(certificate.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(certificate.isCa).toBe(false);
  });

  it('reads an ADELI holder ("0" + ADELI): no RPPS', () => {
    const adeli = issueTestCpsCredential(cps, {
      practitioner: {
        idNatPs: '0751234567',
        familyName: 'ADELI-TEST',
        givenName: 'ANNE',
        profession: 'Orthophoniste',
      },
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    expect(practitionerFromCertificate(adeli.certificatePem)).toMatchObject({
      idNatPs: '0751234567',
      idType: 'ADELI',
      adeli: '751234567',
      rpps: undefined,
    });
  });

  it('finds no practitioner in a structure certificate, nor in an employee card (CPE)', () => {
    const org = generateTestPki({ password: 'unused' });
    expect(readCpsCertificate(org.structureAuth.certificatePem).practitioner).toBeUndefined();
    expect(codeOf(() => practitionerFromCertificate(org.structureAuth.certificatePem))).toBe(
      'NO_PRACTITIONER_ID',
    );
    // A CPE names the structure and an employee number, not a practitioner.
    expect(
      practitionerOfSubject(
        subject([['C', 'FR']], [['OU', '1760021832']], [['CN', '3760021832/000000018']]),
      ),
    ).toBeUndefined();
  });

  it('only takes a well-formed idNat_PS: 8 + 11 digits, or 0 + 9 characters', () => {
    for (const cn of [
      '89970000001',
      '8997000000133',
      '99700000013',
      '1234567890',
      '8ABCDEFGHIJK',
    ]) {
      expect(practitionerOfSubject(subject([['CN', cn]]))).toBeUndefined();
    }
    expect(practitionerOfSubject(subject([['CN', '02B1234567']]))?.adeli).toBe('2B1234567');
  });

  it('falls back on the subject serialNumber when the CN holds no idNat_PS', () => {
    const holder = practitionerOfSubject(
      subject(
        [['C', 'FR']],
        [
          ['CN', 'DUPONT PIERRE'],
          ['serialNumber', '810001234567'],
        ],
      ),
    );
    expect(holder?.rpps).toBe('10001234567');
  });

  it.each([
    ['nothing', ''],
    ['a PEM of something else', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'],
    ['a truncated certificate', Buffer.from('3082', 'hex')],
  ])('refuses %s as NOT_A_CERTIFICATE', (_name, input) => {
    expect(codeOf(() => readCpsCertificate(input))).toBe('NOT_A_CERTIFICATE');
  });

  it('refuses trailing bytes after the certificate', () => {
    const der = new X509Certificate(cps.practitioner.certificatePem).raw;
    expect(codeOf(() => readCpsCertificate(Buffer.concat([der, Buffer.from([0])])))).toBe(
      'NOT_A_CERTIFICATE',
    );
  });
});
