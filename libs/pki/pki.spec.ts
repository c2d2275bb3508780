import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { PkiError } from './errors';
import { loadPkcs12, toPkcs12 } from './pkcs12';
import {
  DEFAULT_TEST_STRUCTURE,
  ensureTestPki,
  issueCredentialFromUntrustedCa,
  issueExpiredCredential,
  type TestPki,
} from './test-pki';
import { verifyCertificateChain } from './x509';

const PASSWORD = 'test-pki-password';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

function pkiErrorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof PkiError) return error.code;
    throw error;
  }
  return undefined;
}

describe('test PKI', () => {
  let folder: string;
  let pki: TestPki;

  beforeAll(() => {
    folder = join(mkdtempSync(join(tmpdir(), 'pki-spec-')), 'pki');
    pki = ensureTestPki(folder, { password: PASSWORD });
  });

  afterAll(() => rmSync(join(folder, '..'), { recursive: true, force: true }));

  it('names the structure certificates as IGC-Santé does, idNat_Struct in the OU', () => {
    const id = DEFAULT_TEST_STRUCTURE.idNatStruct;
    expect(pki.structureSign.subject).toBe(
      `C=FR, ST=Paris (75), O=CABINET ORTHOPHONIE TEST LOCAL, OU=${id}, CN=DMP SIGN`,
    );
    expect(pki.structureSign.idNatStruct).toBe(id);
    expect(pki.structureAuth.idNatStruct).toBe(id);
    expect(pki.rootCa.idNatStruct).toBeUndefined();
  });

  it('gives each certificate the usages of its IGC-Santé template', () => {
    const usages = (pem: string) => {
      const cert = forge.pki.certificateFromPem(pem);
      return {
        keyUsage: cert.getExtension('keyUsage') as Record<string, unknown>,
        eku: new X509Certificate(pem).keyUsage ?? [],
        ca: new X509Certificate(pem).ca,
      };
    };
    const auth = usages(pki.structureAuth.certificatePem);
    expect(auth.eku).toEqual([CLIENT_AUTH]);
    expect(auth.keyUsage.digitalSignature).toBe(true);
    const sign = usages(pki.structureSign.certificatePem);
    expect(sign.keyUsage).toMatchObject({ digitalSignature: true, nonRepudiation: true });
    expect(sign.ca).toBe(false);
    const server = new X509Certificate(pki.server.certificatePem);
    expect(server.keyUsage).toEqual([SERVER_AUTH]);
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(usages(pki.rootCa.certificatePem).ca).toBe(true);
  });

  it('chains every certificate to the root through the ORGANISATIONS CA', () => {
    for (const credential of [pki.structureAuth, pki.structureSign, pki.server]) {
      expect(credential.chainPem).toEqual([
        pki.organisationsCa.certificatePem,
        pki.rootCa.certificatePem,
      ]);
      const verdict = verifyCertificateChain(credential.certificatePem, {
        trustedPem: [pki.rootCa.certificatePem],
        intermediatesPem: credential.chainPem,
      });
      expect(verdict.ok).toBe(true);
    }
  });

  it('writes PKCS#12 and PEM files readable by their owner only, and reloads them', () => {
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const name of ['structure-sign.p12', 'structure-auth.key.pem', 'server.pem', 'ca.pem']) {
      expect(statSync(join(folder, name)).mode & 0o777).toBe(0o600);
    }
    const again = ensureTestPki(folder, { password: PASSWORD });
    expect(again.structureSign.certificatePem).toBe(pki.structureSign.certificatePem);
    expect(again.structureSign.privateKeyPem).toBe(pki.structureSign.privateKeyPem);
    expect(again.caPem).toEqual(pki.caPem);
    expect(readFileSync(join(folder, 'structure-auth.key.pem'), 'utf8')).toContain(
      'ENCRYPTED PRIVATE KEY',
    );
  });

  it('round-trips a credential through PKCS#12, chain included, readable by node:tls', () => {
    const der = readFileSync(join(folder, 'structure-auth.p12'));
    const loaded = loadPkcs12(der, PASSWORD);
    expect(loaded).toEqual(pki.structureAuth);
    expect(() => createSecureContext({ pfx: der, passphrase: PASSWORD })).not.toThrow();
  });

  it('refuses a wrong password, in loadPkcs12 and when reopening the folder', () => {
    const der = readFileSync(join(folder, 'structure-sign.p12'));
    expect(pkiErrorCode(() => loadPkcs12(der, 'not the password'))).toBe('WRONG_PASSWORD');
    expect(pkiErrorCode(() => ensureTestPki(folder, { password: 'other' }))).toBe('WRONG_PASSWORD');
  });

  it('reports an expired certificate with its end date', () => {
    const expired = issueExpiredCredential(pki);
    const der = toPkcs12(expired, PASSWORD);
    let error: unknown;
    try {
      loadPkcs12(der, PASSWORD);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PkiError);
    expect((error as PkiError).code).toBe('CERTIFICATE_EXPIRED');
    expect((error as PkiError).message).toContain(expired.notAfter.toISOString());
    expect(loadPkcs12(der, PASSWORD, { at: expired.notBefore }).subject).toBe(expired.subject);
    expect(verifyCertificateChain(expired.certificatePem, { trustedPem: pki.caPem })).toMatchObject(
      { ok: false, problem: 'EXPIRED' },
    );
  });

  it('issues look-alike certificates from a CA nobody trusts', () => {
    const { credential, caPem } = issueCredentialFromUntrustedCa();
    expect(credential.subject).toBe(pki.structureSign.subject);
    expect(
      verifyCertificateChain(credential.certificatePem, {
        trustedPem: pki.caPem,
        intermediatesPem: caPem,
      }),
    ).toMatchObject({ ok: false, problem: 'UNTRUSTED' });
  });

  it('generates the folder again for another structure', () => {
    const structure = { idNatStruct: '10B0156832', name: 'AUTRE STRUCTURE', state: 'Rhône (69)' };
    const other = ensureTestPki(folder, { password: PASSWORD, structure });
    expect(other.structureSign.idNatStruct).toBe('10B0156832');
    expect(other.structureSign.subject).toContain('ST=Rhône (69), O=AUTRE STRUCTURE');
    expect(ensureTestPki(folder, { password: PASSWORD, structure }).rootCa.certificatePem).toBe(
      other.rootCa.certificatePem,
    );
  });

  it('refuses a file that is not a PKCS#12', () => {
    expect(pkiErrorCode(() => loadPkcs12(Buffer.from('not a pkcs12'), PASSWORD))).toBe(
      'INVALID_PKCS12',
    );
  });
});
