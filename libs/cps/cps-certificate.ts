import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import {
  asn1Of,
  bytesOf,
  childNodes,
  childrenOf,
  isContextTag,
  oidOf,
  readSingleTlv,
  serialHexOf,
  timeOf,
} from './der';
import { derElementsOf, type DerOrText } from './encoding';
import { CpsError } from './errors';
import { attributeOf, type DistinguishedName, formatName, NAME_OIDS, readName } from './names';

/**
 * What a CPS card's authentication certificate says about its holder.
 *
 * IGC-Santé names a card holder (gamme "FORT", CA "AC IGC-SANTE FORT
 * PERSONNES") as `C=FR, title=<profession>, {CN=<idNat_PS> + SN=<nom> +
 * GN=<prénom>}`: the national id is the CN, in one multi-valued RDN with the
 * names, and the profession's label is the title. Sources: ANS's DRIMbox
 * PoC (github.com/ansforge/DRIM-M_DRIMbox, Readme.md) shows a "PS" test
 * certificate `CN=899700367917 + SURNAME=… + GIVENNAME=…, T=Médecin, C=FR`;
 * public parsers of CPS subjects show `SN=PHARMACH0007512+CN=899700075122+
 * GN=CAROLE,title=Pharmacien,C=FR` and `C=FR/title=Médecin/GN=KIT/
 * SN=DOC0073574/CN=899700735741`. The ANS template itself ("IGC-Santé –
 * gabarits des certificats X.509 et des CRL", which has a "schéma de nommage
 * des personnes physiques") was found but not readable: UNCONFIRMED beyond
 * these examples.
 *
 * idNat_PS = "8" + RPPS (11 digits) or "0" + ADELI (9 characters); other
 * prefixes (1, 3, 4, 5, 6) are structure-based ids of staff without a
 * personal number (facts.md §5.4; interop.esante.gouv.fr "ps-id-nat").
 * Employee cards (CPE) carry forms such as `<idNat_Struct>/<number>` in the
 * CN: they are not a practitioner and are refused as such.
 */

export type PractitionerIdType = 'RPPS' | 'ADELI';

export interface CpsPractitioner {
  /** idNat_PS as the national services expect it: "8" + RPPS or "0" + ADELI. */
  idNatPs: string;
  idType: PractitionerIdType;
  /** 11 digits, for RPPS holders (every orthophoniste since the EPARS migration). */
  rpps: string | undefined;
  adeli: string | undefined;
  familyName: string | undefined;
  givenName: string | undefined;
  /** The profession's label ("Orthophoniste", "Médecin"…), when the certificate carries one. */
  profession: string | undefined;
}

export interface KeyUsageFlags {
  digitalSignature: boolean;
  nonRepudiation: boolean;
  keyEncipherment: boolean;
  keyCertSign: boolean;
}

export interface CpsCertificate {
  der: Buffer;
  /** The holder, when the subject carries an idNat_PS of a practitioner. */
  practitioner: CpsPractitioner | undefined;
  /** Lowercase hex without leading zeros, the form a CRL entry is compared in. */
  serialNumber: string;
  /** e.g. `C=FR, title=Orthophoniste, GN=HÉLÈNE+SN=…+CN=899700000013`. */
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER, colon-separated hex as node:crypto prints it. */
  fingerprint256: string;
  /** undefined when the extension is absent. */
  keyUsage: KeyUsageFlags | undefined;
  /** extKeyUsage OIDs; undefined when the extension is absent. */
  extendedKeyUsage: string[] | undefined;
  isCa: boolean;
  subjectName: DistinguishedName;
  /** The issuer Name exactly as encoded, to find the issuer's CRL. */
  issuerNameDer: Buffer;
}

/**
 * Reads a certificate: DER bytes (node:tls `getPeerCertificate().raw`), PEM,
 * or the URL-encoded PEM a TLS-terminating proxy forwards; when the text
 * holds several certificates, the first one. Throws CpsError
 * NOT_A_CERTIFICATE for anything else. Reading checks nothing about trust:
 * see verifyCpsCertificate.
 */
export function readCpsCertificate(input: DerOrText): CpsCertificate {
  let der: Buffer;
  try {
    der = derElementsOf(input, ['CERTIFICATE'])[0];
  } catch (error) {
    throw notACertificate(error);
  }
  return readCertificateDer(der);
}

/**
 * The holder of a CPS certificate, or CpsError NO_PRACTITIONER_ID (with
 * NOT_A_CERTIFICATE for unreadable input). Does not verify the certificate.
 */
export function practitionerFromCertificate(input: DerOrText | CpsCertificate): CpsPractitioner {
  const certificate = isCpsCertificate(input) ? input : readCpsCertificate(input);
  if (!certificate.practitioner) throw noPractitionerId(certificate);
  return certificate.practitioner;
}

/** idNat_PS "8" + RPPS, or "0" + ADELI (9 characters, letters allowed: Corsica's 2A/2B…). */
const RPPS_ID = /^8(\d{11})$/;
const ADELI_ID = /^0([0-9A-Z]{9})$/;

/**
 * The practitioner of a subject. The idNat_PS is read from the CN; the
 * subject's serialNumber attribute is a fallback for older templates that
 * may have put it there (seen in one third-party parser only: UNCONFIRMED).
 */
export function practitionerOfSubject(subject: DistinguishedName): CpsPractitioner | undefined {
  const candidates = [
    attributeOf(subject, NAME_OIDS.commonName),
    attributeOf(subject, NAME_OIDS.serialNumber),
  ];
  for (const candidate of candidates) {
    const id = candidate?.trim().toUpperCase();
    if (!id) continue;
    const rpps = RPPS_ID.exec(id)?.[1];
    const adeli = rpps ? undefined : ADELI_ID.exec(id)?.[1];
    if (!rpps && !adeli) continue;
    return {
      idNatPs: id,
      idType: rpps ? 'RPPS' : 'ADELI',
      rpps,
      adeli,
      familyName: attributeOf(subject, NAME_OIDS.surname),
      givenName: attributeOf(subject, NAME_OIDS.givenName),
      profession: attributeOf(subject, NAME_OIDS.title),
    };
  }
  return undefined;
}

const OID = {
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
} as const;

export function readCertificateDer(der: Buffer): CpsCertificate {
  try {
    // node:crypto (OpenSSL) must accept it too: it is what checks the signatures later.
    const x509 = new X509Certificate(der);
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
    const outer = readSingleTlv(der);
    const [tbsTlv] = childrenOf(outer);
    const tbsRaw = childrenOf(tbsTlv);
    const certificate = asn1Of(der);
    const tbs = childNodes(childNodes(certificate)[0]);
    // An optional [0] version comes first; then serial, signature, issuer, validity, subject.
    const at = isContextTag(tbs[0], 0) ? 1 : 0;
    const [notBefore, notAfter] = childNodes(tbs[at + 3]).map(timeOf);
    const subjectName = readName(tbs[at + 4]);
    const extensions = readExtensions(tbs.slice(at + 6).find((node) => isContextTag(node, 3)));
    const basicConstraints = extensions.get(OID.basicConstraints);
    return {
      der,
      practitioner: practitionerOfSubject(subjectName),
      serialNumber: serialHexOf(tbs[at]),
      subject: formatName(subjectName),
      issuer: formatName(readName(tbs[at + 2])),
      notBefore,
      notAfter,
      fingerprint256: x509.fingerprint256,
      keyUsage: readKeyUsage(extensions.get(OID.keyUsage)),
      extendedKeyUsage: readExtendedKeyUsage(extensions.get(OID.extKeyUsage)),
      isCa: basicConstraints ? readIsCa(basicConstraints) : false,
      subjectName,
      issuerNameDer: Buffer.from(tbsRaw[at + 2].raw),
    };
  } catch (error) {
    if (error instanceof CpsError) throw error;
    throw notACertificate(error);
  }
}

/** extnID → extnValue's inner element (the OCTET STRING unwrapped). */
function readExtensions(wrapper: forge.asn1.Asn1 | undefined): Map<string, forge.asn1.Asn1> {
  const extensions = new Map<string, forge.asn1.Asn1>();
  if (!wrapper) return extensions;
  for (const extension of childNodes(childNodes(wrapper)[0])) {
    const parts = childNodes(extension);
    const id = oidOf(parts[0]);
    const value = bytesOf(parts[parts.length - 1]);
    extensions.set(id, asn1Of(Buffer.from(value, 'binary')));
  }
  return extensions;
}

/** KeyUsage BIT STRING: bit 0 digitalSignature, 1 nonRepudiation, 2 keyEncipherment, 5 keyCertSign. */
function readKeyUsage(node: forge.asn1.Asn1 | undefined): KeyUsageFlags | undefined {
  if (!node) return undefined;
  // First content octet: unused bits; then the bits, most significant first.
  const bits = Buffer.from(bytesOf(node), 'binary');
  const first = bits.length > 1 ? bits[1] : 0;
  return {
    digitalSignature: (first & 0x80) !== 0,
    nonRepudiation: (first & 0x40) !== 0,
    keyEncipherment: (first & 0x20) !== 0,
    keyCertSign: (first & 0x04) !== 0,
  };
}

function readExtendedKeyUsage(node: forge.asn1.Asn1 | undefined): string[] | undefined {
  return node ? childNodes(node).map(oidOf) : undefined;
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL } */
function readIsCa(node: forge.asn1.Asn1): boolean {
  const first = childNodes(node)[0];
  return first?.type === forge.asn1.Type.BOOLEAN && bytesOf(first) !== '\u0000';
}

export function isCpsCertificate(input: DerOrText | CpsCertificate): input is CpsCertificate {
  return typeof input === 'object' && 'fingerprint256' in input && 'der' in input;
}

export function notACertificate(cause: unknown): CpsError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CpsError(
    'NOT_A_CERTIFICATE',
    `no readable X.509 certificate was received (${reason})`,
    "Aucun certificat lisible n'a été reçu de votre carte CPS. Vérifiez que la carte est " +
      'bien insérée dans le lecteur et que le logiciel de la carte (Cryptolib CPS) est ' +
      'installé, puis réessayez ; sinon connectez-vous avec Pro Santé Connect (e-CPS).',
    { reason },
    { cause },
  );
}

export function noPractitionerId(certificate: CpsCertificate): CpsError {
  return new CpsError(
    'NO_PRACTITIONER_ID',
    `certificate "${certificate.subject}" carries no practitioner national id (idNat_PS "8"+RPPS or "0"+ADELI in the CN)`,
    "Ce certificat n'identifie pas un professionnel de santé (ni RPPS ni ADELI) : c'est " +
      "peut-être une carte d'établissement (CPE) ou un certificat de structure. Utilisez votre " +
      'carte CPS nominative ou Pro Santé Connect (e-CPS).',
    { subject: certificate.subject, serialNumber: certificate.serialNumber },
  );
}
