import { sign } from 'node:crypto';
import forge from 'node-forge';
import type { Credential } from './credential';

/**
 * A certificate revocation list (RFC 5280 §5) for the test PKI, so that a
 * verifier's revocation check can be tested against a real, signed list.
 * node-forge reads and writes certificates but has no CRL writer, hence the
 * CertificateList built by hand with forge.asn1 and signed with node:crypto.
 */

export type CrlReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold';

/** CRLReason codes (RFC 5280 §5.3.1); 7 is unused and 8 only makes sense in delta CRLs. */
const REASON_CODES: Record<CrlReason, number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
};

export interface RevokedEntry {
  /** The certificate's serial number in hex, as forge and node:crypto print it. */
  serialNumber: string;
  revokedAt: Date;
  reason?: CrlReason;
}

export interface CrlRequest {
  /** The CA whose certificates the list covers; it signs the list with its own key. */
  issuer: Pick<Credential, 'privateKeyPem' | 'certificatePem'>;
  revoked?: RevokedEntry[];
  thisUpdate: Date;
  /** When the next list is due: after it, a verifier must treat this list as stale. */
  nextUpdate: Date;
  /** cRLNumber, increasing with each list of the CA. */
  crlNumber?: number;
  /**
   * For negative tests: sign with this key instead of the issuer's (a forged
   * list that names the right CA).
   */
  signingKeyPem?: string;
}

export interface IssuedCrl {
  der: Buffer;
  /** `-----BEGIN X509 CRL-----`, the form OpenSSL and node:tls take. */
  pem: string;
}

const OID = {
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  authorityKeyIdentifier: '2.5.29.35',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

const { Class, Type } = forge.asn1;
const node = forge.asn1.create;

export function issueTestCrl(request: CrlRequest): IssuedCrl {
  const caAsn1 = forge.asn1.fromDer(pemBody(request.issuer.certificatePem));
  const caTbs = caAsn1.value[0] as forge.asn1.Asn1;
  const caFields = caTbs.value as forge.asn1.Asn1[];
  // The CRL's issuer must be the CA's subject byte for byte: copy it from the
  // certificate (after an optional [0] version: serial, signature, issuer, validity, subject).
  const offset = caFields[0].tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
  const issuerName = caFields[offset + 4];

  const algorithm = node(Class.UNIVERSAL, Type.SEQUENCE, true, [
    node(
      Class.UNIVERSAL,
      Type.OID,
      false,
      forge.asn1.oidToDer(OID.sha256WithRSAEncryption).getBytes(),
    ),
    node(Class.UNIVERSAL, Type.NULL, false, ''),
  ]);

  const entries = (request.revoked ?? []).map((entry) =>
    node(Class.UNIVERSAL, Type.SEQUENCE, true, [
      node(Class.UNIVERSAL, Type.INTEGER, false, integerBytes(entry.serialNumber)),
      time(entry.revokedAt),
      ...(entry.reason
        ? [
            node(Class.UNIVERSAL, Type.SEQUENCE, true, [
              extension(
                OID.reasonCode,
                node(
                  Class.UNIVERSAL,
                  Type.ENUMERATED,
                  false,
                  String.fromCharCode(REASON_CODES[entry.reason]),
                ),
              ),
            ]),
          ]
        : []),
    ]),
  );

  const crlExtensions = [
    extension(
      OID.cRLNumber,
      node(
        Class.UNIVERSAL,
        Type.INTEGER,
        false,
        forge.asn1.integerToDer(request.crlNumber ?? 1).getBytes(),
      ),
    ),
  ];
  const keyIdentifier = subjectKeyIdentifierOf(caTbs, offset);
  if (keyIdentifier !== undefined) {
    crlExtensions.push(
      extension(
        OID.authorityKeyIdentifier,
        node(Class.UNIVERSAL, Type.SEQUENCE, true, [
          node(Class.CONTEXT_SPECIFIC, 0, false, keyIdentifier),
        ]),
      ),
    );
  }

  const tbsCertList = node(Class.UNIVERSAL, Type.SEQUENCE, true, [
    // v2: needed as soon as the list carries extensions (RFC 5280 §5.1.2.1).
    node(Class.UNIVERSAL, Type.INTEGER, false, forge.asn1.integerToDer(1).getBytes()),
    algorithm,
    issuerName,
    time(request.thisUpdate),
    time(request.nextUpdate),
    // An empty revokedCertificates must be left out, not written empty.
    ...(entries.length > 0 ? [node(Class.UNIVERSAL, Type.SEQUENCE, true, entries)] : []),
    node(Class.CONTEXT_SPECIFIC, 0, true, [
      node(Class.UNIVERSAL, Type.SEQUENCE, true, crlExtensions),
    ]),
  ]);

  const tbsDer = Buffer.from(forge.asn1.toDer(tbsCertList).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, request.signingKeyPem ?? request.issuer.privateKeyPem);
  const certificateList = node(Class.UNIVERSAL, Type.SEQUENCE, true, [
    tbsCertList,
    algorithm,
    node(Class.UNIVERSAL, Type.BITSTRING, false, `\u0000${signature.toString('binary')}`),
  ]);
  const der = Buffer.from(forge.asn1.toDer(certificateList).getBytes(), 'binary');
  const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return {
    der,
    pem: `-----BEGIN X509 CRL-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END X509 CRL-----\n`,
  };
}

function extension(oid: string, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return node(Class.UNIVERSAL, Type.SEQUENCE, true, [
    node(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(oid).getBytes()),
    node(Class.UNIVERSAL, Type.OCTETSTRING, false, forge.asn1.toDer(value).getBytes()),
  ]);
}

/** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 §5.1.2.4 requires. */
function time(date: Date): forge.asn1.Asn1 {
  return date.getUTCFullYear() < 2050
    ? node(Class.UNIVERSAL, Type.UTCTIME, false, forge.asn1.dateToUtcTime(date))
    : node(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, forge.asn1.dateToGeneralizedTime(date));
}

/** A positive DER INTEGER from hex: a leading 00 when the high bit is set. */
function integerBytes(hex: string): string {
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  const bytes = forge.util.hexToBytes(even);
  return bytes.charCodeAt(0) & 0x80 ? `\u0000${bytes}` : bytes;
}

/** The CA's subjectKeyIdentifier, copied into the list's authorityKeyIdentifier. */
function subjectKeyIdentifierOf(tbs: forge.asn1.Asn1, offset: number): string | undefined {
  const fields = tbs.value as forge.asn1.Asn1[];
  const wrapper = fields
    .slice(offset + 6)
    .find((field) => field.tagClass === Class.CONTEXT_SPECIFIC && (field.type as number) === 3);
  if (!wrapper) return undefined;
  const extensions = (wrapper.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
  for (const ext of extensions) {
    const parts = ext.value as forge.asn1.Asn1[];
    if (forge.asn1.derToOid(parts[0].value as string) !== OID.subjectKeyIdentifier) continue;
    const octets = parts[parts.length - 1].value as string;
    return forge.asn1.fromDer(octets).value as string;
  }
  return undefined;
}

function pemBody(pem: string): string {
  return forge.pem.decode(pem)[0].body;
}
