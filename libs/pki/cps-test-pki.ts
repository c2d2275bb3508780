import { randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';
import { issueCertificate, type SubjectName } from './certificates';
import type { Credential } from './credential';
import { generateRsaKeyPair } from './keys';
import { pemLf, summarizeCertificate } from './x509';

/**
 * A local imitation of the IGC-Santé "FORT" range that issues the
 * authentication certificates of CPS cards, for tests of the CPS login: a
 * root, a "PERSONNES" intermediate CA, and practitioners' certificates named
 * the way real CPS certificates are.
 *
 * A real CPS authentication certificate's subject is
 * `C=FR, title=<profession>, {CN=<idNat_PS> + SN=<nom> + GN=<prénom>}`: the
 * national id (idNat_PS, "8" + RPPS) is the CN, inside one multi-valued RDN
 * with the family and given names, and the profession label is the title.
 * Seen on ANS test cards, e.g. `CN=899700367917 + SURNAME=… + GIVENNAME=…,
 * T=Médecin, C=FR` (ansforge/DRIM-M_DRIMbox, Readme.md) and
 * `SN=PHARMACH0007512+CN=899700075122+GN=CAROLE,title=Pharmacien,C=FR` in
 * public parsers of CPS subjects. The issuing CA of real cards is
 * "AC IGC-SANTE FORT PERSONNES" under "AC RACINE IGC-SANTE FORT". The exact
 * key usages of the real template are UNCONFIRMED (the ANS "gabarits des
 * certificats X.509" document was not readable here): we give the
 * authentication certificate digitalSignature and clientAuth, and the
 * signature certificate nonRepudiation only.
 *
 * The names say TEST LOCAL so that nobody mistakes them for the real ones.
 */

export interface TestPractitioner {
  /** idNat_PS: "8" + RPPS (12 characters), or "0" + ADELI (10). */
  idNatPs: string;
  familyName: string;
  givenName: string;
  /** The profession's label, as the certificate's title carries it ("Orthophoniste"). */
  profession: string;
}

/**
 * RPPS 99700000013 (Luhn key 3), in the 997… range of ANS test cards:
 * shaped like a real one, belongs to nobody.
 */
export const DEFAULT_TEST_PRACTITIONER: TestPractitioner = {
  idNatPs: '899700000013',
  familyName: 'PHONIE-TEST',
  givenName: 'HÉLÈNE',
  profession: 'Orthophoniste',
};

/** A second practitioner, for tests that need two (revoked one, kept the other). */
export const SECOND_TEST_PRACTITIONER: TestPractitioner = {
  idNatPs: '899700000021',
  familyName: 'LOGOS-TEST',
  givenName: 'PAUL',
  profession: 'Orthophoniste',
};

/** AUTH: the card's TLS client authentication certificate; SIGN: its signature certificate. */
export type CpsCertificateUsage = 'AUTH' | 'SIGN';

export interface TestCpsPki {
  rootCa: Credential;
  /** Imitates "AC IGC-SANTE FORT PERSONNES", the CA of CPS card certificates. */
  personnesCa: Credential;
  /** The default practitioner's authentication certificate. */
  practitioner: Credential;
  /** The CA certificates a verifier of CPS logins trusts: root and intermediate. */
  caPem: string[];
}

export interface TestCpsPkiOptions {
  practitioner?: TestPractitioner;
  /** Validity of the practitioner's certificate; CPS cards are issued for 3 years. */
  validityDays?: number;
  now?: Date;
}

const DAY_MS = 86_400_000;
const CA_VALIDITY_DAYS = 3650;
const DEFAULT_VALIDITY_DAYS = 1095;
/** Back-dated a little, so that a peer whose clock lags accepts them. */
const BACKDATE_MS = 3_600_000;

export function generateTestCpsPki(options: TestCpsPkiOptions = {}): TestCpsPki {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const caNotAfter = new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS);
  const { rootCa, personnesCa } = cpsCas(notBefore, caNotAfter);
  const practitioner = issueCpsLeaf({
    issuer: personnesCa,
    practitioner: options.practitioner ?? DEFAULT_TEST_PRACTITIONER,
    usage: 'AUTH',
    notBefore,
    notAfter: new Date(now.getTime() + (options.validityDays ?? DEFAULT_VALIDITY_DAYS) * DAY_MS),
  });
  return {
    rootCa,
    personnesCa,
    practitioner,
    caPem: [rootCa.certificatePem, personnesCa.certificatePem],
  };
}

export interface TestCpsCredentialRequest {
  practitioner?: TestPractitioner;
  usage?: CpsCertificateUsage;
  notBefore: Date;
  notAfter: Date;
}

/** One more card certificate from the PKI's PERSONNES CA (another practitioner, odd dates…). */
export function issueTestCpsCredential(
  pki: Pick<TestCpsPki, 'personnesCa'>,
  request: TestCpsCredentialRequest,
): Credential {
  return issueCpsLeaf({
    issuer: pki.personnesCa,
    practitioner: request.practitioner ?? DEFAULT_TEST_PRACTITIONER,
    usage: request.usage ?? 'AUTH',
    notBefore: request.notBefore,
    notAfter: request.notAfter,
  });
}

/** For negative tests: a card certificate of the trusted CA that expired yesterday. */
export function issueExpiredCpsCredential(
  pki: Pick<TestCpsPki, 'personnesCa'>,
  practitioner: TestPractitioner = DEFAULT_TEST_PRACTITIONER,
  now: Date = new Date(),
): Credential {
  return issueTestCpsCredential(pki, {
    practitioner,
    notBefore: new Date(now.getTime() - 3 * 365 * DAY_MS),
    notAfter: new Date(now.getTime() - DAY_MS),
  });
}

/**
 * For negative tests: a card certificate with the same names as a real one,
 * issued by look-alike CAs (same names too) that no verifier of the test PKI
 * trusts.
 */
export function issueCpsCredentialFromUntrustedCa(
  practitioner: TestPractitioner = DEFAULT_TEST_PRACTITIONER,
  now: Date = new Date(),
): { credential: Credential; caPem: string[] } {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + 365 * DAY_MS);
  const { rootCa, personnesCa } = cpsCas(notBefore, notAfter);
  const credential = issueCpsLeaf({
    issuer: personnesCa,
    practitioner,
    usage: 'AUTH',
    notBefore,
    notAfter,
  });
  return { credential, caPem: [rootCa.certificatePem, personnesCa.certificatePem] };
}

function cpsCas(notBefore: Date, notAfter: Date): { rootCa: Credential; personnesCa: Credential } {
  const rootCa = issueCertificate({
    profile: 'ROOT_CA',
    subject: caSubject('TEST LOCAL AC RACINE IGC-SANTE FORT'),
    notBefore,
    notAfter,
  });
  const personnesCa = issueCertificate({
    profile: 'INTERMEDIATE_CA',
    subject: caSubject('TEST LOCAL AC IGC-SANTE FORT PERSONNES'),
    issuer: rootCa,
    notBefore,
    notAfter,
  });
  return { rootCa, personnesCa };
}

function caSubject(commonName: string): SubjectName {
  return {
    country: 'FR',
    organization: 'ACCES-DIRECT TEST LOCAL',
    organizationalUnits: ['IGC-SANTE TEST LOCAL'],
    commonName,
  };
}

// ---------------------------------------------------------------------------
// The card certificate itself

const { Class, Type } = forge.asn1;
const node = forge.asn1.create;

const OID = {
  country: '2.5.4.6',
  title: '2.5.4.12',
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  givenName: '2.5.4.42',
} as const;

interface LeafRequest {
  issuer: Credential;
  practitioner: TestPractitioner;
  usage: CpsCertificateUsage;
  notBefore: Date;
  notAfter: Date;
}

/**
 * forge writes one attribute per RDN and cannot write the multi-valued RDN of
 * a CPS subject. So forge builds and signs the certificate, then its
 * TBSCertificate gets the CPS subject (and the CA's subject, byte for byte,
 * as issuer) and is signed again with node:crypto.
 */
function issueCpsLeaf(request: LeafRequest): Credential {
  const keys = generateRsaKeyPair();
  const issuerKey = forge.pki.privateKeyFromPem(request.issuer.privateKeyPem);
  const issuerCert = forge.pki.certificateFromPem(request.issuer.certificatePem);

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = request.notBefore;
  cert.validity.notAfter = request.notAfter;
  // Placeholders: both names are replaced in the TBSCertificate below.
  cert.setSubject([{ shortName: 'C', value: 'FR' }]);
  cert.setIssuer([{ shortName: 'C', value: 'FR' }]);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    request.usage === 'AUTH'
      ? { name: 'keyUsage', digitalSignature: true, critical: true }
      : { name: 'keyUsage', nonRepudiation: true, critical: true },
    ...(request.usage === 'AUTH' ? [{ name: 'extKeyUsage', clientAuth: true }] : []),
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: issuerCert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(issuerKey, forge.md.sha256.create());

  const certificate = forge.pki.certificateToAsn1(cert);
  const parts = certificate.value as forge.asn1.Asn1[];
  const fields = parts[0].value as forge.asn1.Asn1[];
  // version, serial, signature, issuer (3), validity, subject (5)
  fields[3] = subjectOf(forge.pki.certificateToAsn1(issuerCert));
  fields[5] = practitionerName(request.practitioner);
  const tbsDer = Buffer.from(forge.asn1.toDer(parts[0]).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, request.issuer.privateKeyPem);
  parts[2] = node(Class.UNIVERSAL, Type.BITSTRING, false, `\u0000${signature.toString('binary')}`);

  const certificatePem = pemLf(
    forge.pem.encode({ type: 'CERTIFICATE', body: forge.asn1.toDer(certificate).getBytes() }),
  );
  return {
    privateKeyPem: keys.privateKeyPem,
    certificatePem,
    chainPem: [request.issuer.certificatePem, ...request.issuer.chainPem],
    ...summarizeCertificate(certificatePem),
  };
}

function subjectOf(certificate: forge.asn1.Asn1): forge.asn1.Asn1 {
  const fields = (certificate.value[0] as forge.asn1.Asn1).value as forge.asn1.Asn1[];
  const offset = fields[0].tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
  return fields[offset + 4];
}

/** `C=FR, title=<profession>, {CN=<idNat_PS> + SN=<nom> + GN=<prénom>}`, in certificate order. */
function practitionerName(practitioner: TestPractitioner): forge.asn1.Asn1 {
  const identity = [
    attribute(OID.commonName, practitioner.idNatPs, Type.PRINTABLESTRING),
    attribute(OID.surname, practitioner.familyName, Type.UTF8),
    attribute(OID.givenName, practitioner.givenName, Type.UTF8),
  ]
    // DER sorts the members of a SET OF by their encodings (X.690 §11.6).
    .map((member) => ({ member, der: forge.asn1.toDer(member).getBytes() }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.der, 'binary'), Buffer.from(b.der, 'binary')))
    .map(({ member }) => member);
  return node(Class.UNIVERSAL, Type.SEQUENCE, true, [
    node(Class.UNIVERSAL, Type.SET, true, [attribute(OID.country, 'FR', Type.PRINTABLESTRING)]),
    node(Class.UNIVERSAL, Type.SET, true, [
      attribute(OID.title, practitioner.profession, Type.UTF8),
    ]),
    node(Class.UNIVERSAL, Type.SET, true, identity),
  ]);
}

function attribute(oid: string, value: string, type: forge.asn1.Type): forge.asn1.Asn1 {
  return node(Class.UNIVERSAL, Type.SEQUENCE, true, [
    node(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(oid).getBytes()),
    node(Class.UNIVERSAL, type, false, type === Type.UTF8 ? forge.util.encodeUtf8(value) : value),
  ]);
}

/** Positive (high bit clear) and random, as RFC 5280 expects. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}
