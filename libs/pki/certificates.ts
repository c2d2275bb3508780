import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { Credential } from './credential';
import { generateRsaKeyPair } from './keys';
import { pemLf, summarizeCertificate } from './x509';

/**
 * The kinds of certificate the DMP adapter meets, shaped after IGC-Santé's
 * templates ("gabarits"): a root and an "ORGANISATIONS" intermediate CA, the
 * structure's ORG AUTH_CLI (TLS client) and ORG SIGN (VIHF signature, "cachet")
 * certificates, and a SERV SSL server certificate for a local sandbox.
 */
export type CertificateProfile =
  'ROOT_CA' | 'INTERMEDIATE_CA' | 'ORG_AUTH_CLI' | 'ORG_SIGN' | 'SERVER_TLS';

export interface SubjectName {
  country: string;
  /** IGC-Santé writes the département as "Name (number)", e.g. "Paris (75)". */
  state?: string;
  organization: string;
  /** ORG/SERV certificates: the structure's idNat_Struct. CAs: "IGC-SANTE TEST"… */
  organizationalUnits?: string[];
  commonName: string;
}

export interface CertificateRequest {
  profile: CertificateProfile;
  subject: SubjectName;
  /** The signing CA; absent only for a self-signed ROOT_CA. */
  issuer?: Pick<Credential, 'privateKeyPem' | 'certificatePem' | 'chainPem'>;
  notBefore: Date;
  notAfter: Date;
  /** SERVER_TLS only: subjectAltName entries. */
  serverNames?: { dns: string[]; ips: string[] };
}

export function issueCertificate(request: CertificateRequest): Credential {
  if (!request.issuer && request.profile !== 'ROOT_CA') {
    throw new Error(`a ${request.profile} certificate needs an issuing CA`);
  }
  const keys = generateRsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = request.notBefore;
  cert.validity.notAfter = request.notAfter;
  const subject = subjectAttributes(request.subject);
  cert.setSubject(subject);

  const issuerCert = request.issuer
    ? forge.pki.certificateFromPem(request.issuer.certificatePem)
    : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subject);
  cert.setExtensions(extensions(request, issuerCert));

  const signingKey = forge.pki.privateKeyFromPem(
    request.issuer ? request.issuer.privateKeyPem : keys.privateKeyPem,
  );
  cert.sign(signingKey, forge.md.sha256.create());

  const certificatePem = pemLf(forge.pki.certificateToPem(cert));
  const chainPem = request.issuer
    ? [request.issuer.certificatePem, ...request.issuer.chainPem]
    : [];
  return {
    privateKeyPem: keys.privateKeyPem,
    certificatePem,
    chainPem,
    ...summarizeCertificate(certificatePem),
  };
}

/** Positive (high bit clear) and random, as RFC 5280 and CA/B rules expect. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

function subjectAttributes(name: SubjectName): forge.pki.CertificateField[] {
  // UTF8String, because structure names carry accents ("Cabinet d'orthophonie Hélène");
  // the typings call the tag a Class where forge reads an asn1 Type.
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  return [
    { shortName: 'C', value: name.country },
    ...(name.state ? [{ shortName: 'ST', value: name.state, valueTagClass: utf8 }] : []),
    { shortName: 'O', value: name.organization, valueTagClass: utf8 },
    ...(name.organizationalUnits ?? []).map((unit) => ({
      shortName: 'OU',
      value: unit,
      valueTagClass: utf8,
    })),
    { shortName: 'CN', value: name.commonName, valueTagClass: utf8 },
  ];
}

function extensions(
  request: CertificateRequest,
  issuerCert: forge.pki.Certificate | undefined,
): object[] {
  const identifiers: object[] = [{ name: 'subjectKeyIdentifier' }];
  if (issuerCert) {
    identifiers.push({
      name: 'authorityKeyIdentifier',
      keyIdentifier: issuerCert.generateSubjectKeyIdentifier().getBytes(),
    });
  }
  switch (request.profile) {
    case 'ROOT_CA':
      return [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ...identifiers,
      ];
    case 'INTERMEDIATE_CA':
      return [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ...identifiers,
      ];
    case 'ORG_AUTH_CLI':
      return [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', clientAuth: true },
        ...identifiers,
      ];
    case 'ORG_SIGN':
      return [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
        ...identifiers,
      ];
    case 'SERVER_TLS': {
      const names = request.serverNames ?? { dns: ['localhost'], ips: ['127.0.0.1'] };
      return [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            ...names.dns.map((value) => ({ type: 2, value })),
            ...names.ips.map((ip) => ({ type: 7, ip })),
          ],
        },
        ...identifiers,
      ];
    }
  }
}
