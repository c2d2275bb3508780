import { X509Certificate } from 'node:crypto';

/**
 * Reading certificates with node:crypto (OpenSSL), so that the DN a verifier
 * computes is byte for byte the DN a signer wrote: both sides call these.
 */

/**
 * The subject DN the way IGC-Santé certificates are displayed and the way
 * the VIHF Issuer carries it: RDNs in certificate order, `, `-separated,
 * special characters escaped as RFC 4514 says
 * (e.g. `C=FR, ST=Paris (75), O=CABINET X, OU=499700000001001, CN=DMP SIGN`).
 */
export function subjectDn(certificate: string | X509Certificate): string {
  return asX509(certificate).subject.split('\n').join(', ');
}

/**
 * The structure's national id (idNat_Struct) of an IGC-Santé "personne
 * morale" certificate. IGC-Santé ORG and SERV certificates carry it in the
 * subject's OU, prefixed with its type (1 FINESS, 3 SIRET, 4 RPPS-rang…),
 * e.g. `OU=499700367909006` or `OU=318751275100020`; CA certificates carry
 * other OUs, hence the shape check.
 */
export function idNatStructOf(certificate: string | X509Certificate): string | undefined {
  // Read from the subject string rather than toLegacyObject(): inside jest, calling
  // toLegacyObject() leaves node:tls without createSecureContext for later test files.
  return asX509(certificate)
    .subject.split('\n')
    .filter((line) => line.startsWith('OU='))
    .map((line) => line.slice('OU='.length))
    .find((unit) => /^[0-9][0-9A-Za-z]{8,20}$/.test(unit));
}

export interface CertificateSummary {
  subject: string;
  idNatStruct: string | undefined;
  notBefore: Date;
  notAfter: Date;
}

export function summarizeCertificate(certificate: string | X509Certificate): CertificateSummary {
  const x509 = asX509(certificate);
  return {
    subject: subjectDn(x509),
    idNatStruct: idNatStructOf(x509),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
  };
}

export type ChainProblem = 'UNTRUSTED' | 'EXPIRED' | 'NOT_YET_VALID';

export type ChainVerdict =
  { ok: true; path: X509Certificate[] } | { ok: false; problem: ChainProblem; message: string };

export interface ChainOptions {
  /** CA certificates trusted as they are (IGC-Santé publishes root and intermediate CAs alike). */
  trustedPem: readonly string[];
  /** Untrusted certificates that may fill the path (e.g. sent with the leaf). */
  intermediatesPem?: readonly string[];
  at?: Date;
}

const MAX_DEPTH = 8;

/**
 * Is the leaf issued, through CA certificates, by a trusted CA, and is every
 * certificate on the way valid at `at`? Revocation is not checked: the test
 * PKI publishes no CRL, and a real deployment trusts the DMP to check ours.
 */
export function verifyCertificateChain(leafPem: string, options: ChainOptions): ChainVerdict {
  const at = options.at ?? new Date();
  const trusted = options.trustedPem.map(asX509);
  const pool = [...trusted, ...(options.intermediatesPem ?? []).map(asX509)];
  const trustedPrints = new Set(trusted.map((cert) => cert.fingerprint256));
  const path = [asX509(leafPem)];
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const current = path[path.length - 1];
    const timing = validityProblem(current, at);
    if (timing) return timing;
    if (depth > 0 && trustedPrints.has(current.fingerprint256)) return { ok: true, path };
    const issuer = pool.find(
      (candidate) =>
        candidate.ca &&
        candidate.fingerprint256 !== current.fingerprint256 &&
        current.checkIssued(candidate) &&
        current.verify(candidate.publicKey),
    );
    if (!issuer) {
      return {
        ok: false,
        problem: 'UNTRUSTED',
        message: `certificate "${subjectDn(current)}" is not issued by a trusted CA`,
      };
    }
    path.push(issuer);
  }
  return { ok: false, problem: 'UNTRUSTED', message: 'certificate chain is too long' };
}

function validityProblem(
  cert: X509Certificate,
  at: Date,
): { ok: false; problem: ChainProblem; message: string } | undefined {
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (at.getTime() > notAfter.getTime()) {
    return {
      ok: false,
      problem: 'EXPIRED',
      message: `certificate "${subjectDn(cert)}" expired on ${notAfter.toISOString()}`,
    };
  }
  if (at.getTime() < notBefore.getTime()) {
    return {
      ok: false,
      problem: 'NOT_YET_VALID',
      message: `certificate "${subjectDn(cert)}" is not valid before ${notBefore.toISOString()}`,
    };
  }
  return undefined;
}

/** forge writes CRLF; node and files use LF, so PEMs compare equal wherever they come from. */
export function pemLf(pem: string): string {
  return pem.replace(/\r\n/g, '\n');
}

/** Splits a PEM bundle (e.g. a CA file) into its certificates. */
export function splitPemBundle(bundle: string): string[] {
  return (
    pemLf(bundle).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? []
  ).map((pem) => (pem.endsWith('\n') ? pem : `${pem}\n`));
}

function asX509(certificate: string | X509Certificate): X509Certificate {
  return typeof certificate === 'string' ? new X509Certificate(certificate) : certificate;
}
