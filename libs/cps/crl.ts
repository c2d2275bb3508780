import { type KeyObject, verify } from 'node:crypto';
import forge from 'node-forge';
import { asn1Of, childrenOf, normalizeSerial, readSingleTlv, type Tlv } from './der';
import { derElementsOf, type DerOrText } from './encoding';
import { CpsError } from './errors';
import { formatName, readName } from './names';

/**
 * Certificate revocation lists (RFC 5280 §5), as IGC-Santé publishes them
 * for each CA. Read once when the verifier is configured (a CA's list can
 * hold many thousand entries), with a DER walker over the bytes: the
 * signature is checked over the exact TBSCertList received.
 *
 * Supported: full CRLs, v1 or v2, signed with RSA PKCS#1 v1.5 or ECDSA.
 * Refused (CRL_INVALID), because reading them as full lists would miss
 * revocations: delta CRLs, indirect CRLs, lists partitioned by reason, and
 * any unknown critical extension (RFC 5280 §5.2 says so).
 */

export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'privilegeWithdrawn'
  | 'aACompromise';

const REASONS: Record<number, RevocationReason> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};
/** removeFromCRL: only meaningful in a delta CRL; in a full list the entry revokes nothing. */
const REMOVE_FROM_CRL = 8;

export interface RevokedCertificate {
  serialNumber: string;
  revokedAt: Date;
  reason: RevocationReason | undefined;
}

export interface RevocationList {
  der: Buffer;
  /** The issuing CA's DN, e.g. `C=FR, O=…, CN=AC IGC-SANTE FORT PERSONNES`. */
  issuer: string;
  /** Exactly as encoded: compared with the certificate's issuer field. */
  issuerNameDer: Buffer;
  thisUpdate: Date;
  /** After it the list is stale. Required: a list that never goes stale cannot be trusted to be current. */
  nextUpdate: Date;
  /** Serial (lowercase hex, no leading zeros) → entry. */
  revoked: ReadonlyMap<string, RevokedCertificate>;
  /** issuingDistributionPoint scope: the list covers only end-entity or only CA certificates. */
  scope: 'all' | 'end-entity' | 'ca';
  tbsDer: Buffer;
  signatureAlgorithm: string;
  signature: Buffer;
}

const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  EXPLICIT_0: 0xa0,
} as const;

const EXT = {
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  deltaCRLIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  authorityKeyIdentifier: '2.5.29.35',
  freshestCRL: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

const KNOWN_LIST_EXTENSIONS = new Set<string>([
  EXT.cRLNumber,
  EXT.issuingDistributionPoint,
  EXT.authorityKeyIdentifier,
  EXT.freshestCRL,
  EXT.authorityInfoAccess,
]);
const KNOWN_ENTRY_EXTENSIONS = new Set<string>([EXT.reasonCode, EXT.invalidityDate]);

/** Signature algorithm OID → digest for node:crypto verify (RSA PKCS#1 v1.5 and ECDSA). */
const DIGESTS: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/** Reads a CRL (DER or PEM "X509 CRL"); CpsError CRL_INVALID when it cannot be used. */
export function readRevocationList(input: DerOrText): RevocationList {
  let der: Buffer | undefined;
  try {
    der = derElementsOf(input, ['X509 CRL'])[0];
    return parse(der);
  } catch (error) {
    if (error instanceof CpsError) throw error;
    throw crlInvalid(
      `a configured CRL cannot be read (${error instanceof Error ? error.message : String(error)})`,
      {},
      error,
    );
  }
}

/** Whether the list's signature verifies with the CA's public key. */
export function isSignedBy(list: RevocationList, publicKey: KeyObject): boolean {
  const digest = DIGESTS[list.signatureAlgorithm];
  if (!digest) return false;
  try {
    return verify(digest, list.tbsDer, publicKey, list.signature);
  } catch {
    // A key of another type than the algorithm (an RSA list, an EC CA): not its signer.
    return false;
  }
}

function parse(der: Buffer): RevocationList {
  // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }
  const [tbsTlv, algorithmTlv, signatureTlv, ...extra] = childrenOf(readSingleTlv(der));
  check(extra.length === 0 && tbsTlv?.tag === TAG.SEQUENCE, 'not a CertificateList');
  check(signatureTlv?.tag === TAG.BIT_STRING, 'no signature');
  const signatureAlgorithm = algorithmOid(algorithmTlv);

  const fields = childrenOf(tbsTlv);
  let at = 0;
  if (fields[at]?.tag === TAG.INTEGER) at++; // version, v2 when present
  check(algorithmOid(fields[at++]) === signatureAlgorithm, 'inner and outer algorithms differ');
  const issuerTlv = fields[at++];
  check(issuerTlv?.tag === TAG.SEQUENCE, 'no issuer name');
  const thisUpdate = time(fields[at++]);
  const nextTlv = fields[at];
  check(
    nextTlv?.tag === TAG.UTC_TIME || nextTlv?.tag === TAG.GENERALIZED_TIME,
    'no nextUpdate: the list never says when it goes stale',
  );
  const nextUpdate = time(nextTlv);
  at++;
  const revoked = new Map<string, RevokedCertificate>();
  if (fields[at]?.tag === TAG.SEQUENCE) {
    for (const entry of childrenOf(fields[at++])) readEntry(entry, revoked);
  }
  let scope: RevocationList['scope'] = 'all';
  if (fields[at]?.tag === TAG.EXPLICIT_0) {
    for (const extension of extensionsOf(childrenOf(fields[at++])[0])) {
      if (extension.id === EXT.deltaCRLIndicator) throw unsupported('a delta CRL');
      if (extension.id === EXT.issuingDistributionPoint) scope = distributionPointScope(extension);
      else if (extension.critical && !KNOWN_LIST_EXTENSIONS.has(extension.id)) {
        throw unsupported(`a critical extension ${extension.id}`);
      }
    }
  }
  check(at === fields.length, 'unexpected fields in TBSCertList');

  const signatureBits = signatureTlv.contents;
  check(signatureBits[0] === 0, 'signature with unused bits');
  return {
    der,
    issuer: formatName(readName(asn1Of(Buffer.from(issuerTlv.raw)))),
    issuerNameDer: Buffer.from(issuerTlv.raw),
    thisUpdate,
    nextUpdate,
    revoked,
    scope,
    tbsDer: Buffer.from(tbsTlv.raw),
    signatureAlgorithm,
    signature: Buffer.from(signatureBits.subarray(1)),
  };
}

/** SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions OPTIONAL } */
function readEntry(entry: Tlv, revoked: Map<string, RevokedCertificate>): void {
  const [serialTlv, dateTlv, extensionsTlv] = childrenOf(entry);
  check(serialTlv?.tag === TAG.INTEGER, 'entry without a serial number');
  const serialNumber = normalizeSerial(serialTlv.contents.toString('hex'));
  let reason: RevocationReason | undefined;
  if (extensionsTlv) {
    for (const extension of extensionsOf(extensionsTlv)) {
      if (extension.id === EXT.certificateIssuer) throw unsupported('an indirect CRL');
      if (extension.id === EXT.reasonCode) {
        const code = readSingleTlv(extension.value);
        check(code.tag === TAG.ENUMERATED && code.contents.length === 1, 'bad reasonCode');
        if (code.contents[0] === REMOVE_FROM_CRL) return;
        reason = REASONS[code.contents[0]];
      } else if (extension.critical && !KNOWN_ENTRY_EXTENSIONS.has(extension.id)) {
        throw unsupported(`a critical entry extension ${extension.id}`);
      }
    }
  }
  revoked.set(serialNumber, { serialNumber, revokedAt: time(dateTlv), reason });
}

interface Extension {
  id: string;
  critical: boolean;
  /** extnValue's contents: the DER of the extension's own value. */
  value: Buffer;
}

function extensionsOf(sequence: Tlv): Extension[] {
  check(sequence?.tag === TAG.SEQUENCE, 'malformed extensions');
  return childrenOf(sequence).map((extension) => {
    const parts = childrenOf(extension);
    const critical =
      parts.length === 3 && parts[1].tag === TAG.BOOLEAN && parts[1].contents[0] !== 0;
    const value = parts[parts.length - 1];
    check(value.tag === TAG.OCTET_STRING, 'malformed extension');
    return { id: oid(parts[0]), critical, value: value.contents };
  });
}

/**
 * IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0], onlyContainsUserCerts [1],
 * onlyContainsCACerts [2], onlySomeReasons [3], indirectCRL [4], onlyContainsAttributeCerts [5] }
 */
function distributionPointScope(extension: Extension): RevocationList['scope'] {
  const tags = childrenOf(readSingleTlv(extension.value)).map((field) => field.tag & 0x1f);
  if (tags.includes(3)) throw unsupported('a CRL partitioned by reason');
  if (tags.includes(4)) throw unsupported('an indirect CRL');
  if (tags.includes(5)) throw unsupported('an attribute-certificate CRL');
  if (tags.includes(1)) return 'end-entity';
  if (tags.includes(2)) return 'ca';
  return 'all';
}

function algorithmOid(tlv: Tlv | undefined): string {
  check(tlv?.tag === TAG.SEQUENCE, 'malformed AlgorithmIdentifier');
  return oid(childrenOf(tlv)[0]);
}

function oid(tlv: Tlv | undefined): string {
  check(tlv?.tag === TAG.OID, 'expected an OBJECT IDENTIFIER');
  return forge.asn1.derToOid(tlv.contents.toString('binary'));
}

function time(tlv: Tlv | undefined): Date {
  const text = tlv?.contents.toString('latin1') ?? '';
  const date =
    tlv?.tag === TAG.UTC_TIME
      ? forge.asn1.utcTimeToDate(text)
      : tlv?.tag === TAG.GENERALIZED_TIME
        ? forge.asn1.generalizedTimeToDate(text)
        : undefined;
  check(date !== undefined && !Number.isNaN(date.getTime()), 'malformed time');
  return date;
}

function check(condition: boolean, problem: string): asserts condition {
  if (!condition) throw new Error(problem);
}

function unsupported(what: string): CpsError {
  return crlInvalid(`a configured CRL is ${what}, which this verifier does not support`, { what });
}

export function crlInvalid(
  message: string,
  details: Record<string, string>,
  cause?: unknown,
): CpsError {
  return new CpsError(
    'CRL_INVALID',
    message,
    'La connexion par carte CPS est momentanément impossible : le serveur ne peut pas vérifier ' +
      'si les cartes sont révoquées. Connectez-vous avec Pro Santé Connect (e-CPS), ou réessayez ' +
      "plus tard et prévenez l'administrateur du service si cela dure.",
    details,
    cause === undefined ? undefined : { cause },
  );
}
