import forge from 'node-forge';

/**
 * Two views of the same DER bytes. Signatures are checked over the exact
 * bytes received, so the signed parts (a CRL's TBSCertList, a certificate's
 * issuer name) are sliced out of the input by a minimal TLV walker rather
 * than re-encoded from a parsed tree; fields are read from node-forge's ASN.1
 * tree, which is easier to navigate.
 */

export interface Tlv {
  /** The identifier octet (tag class, constructed bit and number; low-tag form only). */
  tag: number;
  /** The whole element: identifier, length and contents. */
  raw: Buffer;
  contents: Buffer;
}

/** The element that starts at `offset`, or an Error for truncated or non-DER lengths. */
export function readTlv(buffer: Buffer, offset = 0): Tlv {
  if (offset + 2 > buffer.length) throw new Error('truncated DER element');
  const tag = buffer[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error('high-tag-number form is not used in X.509');
  let length = buffer[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // Indefinite lengths (BER) and lengths beyond 4 GB have no place in DER certificates.
    if (octets === 0 || octets > 4) throw new Error('not a DER length');
    if (offset + 2 + octets > buffer.length) throw new Error('truncated DER length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + buffer[offset + 2 + i];
    header += octets;
  }
  const end = offset + header + length;
  if (end > buffer.length) throw new Error('truncated DER contents');
  return {
    tag,
    raw: buffer.subarray(offset, end),
    contents: buffer.subarray(offset + header, end),
  };
}

/** The elements inside a constructed element (a SEQUENCE, a SET, an explicit tag). */
export function childrenOf(parent: Tlv): Tlv[] {
  const children: Tlv[] = [];
  let offset = 0;
  while (offset < parent.contents.length) {
    const child = readTlv(parent.contents, offset);
    children.push(child);
    offset += child.raw.length;
  }
  return children;
}

/** A buffer that is exactly one DER element (no trailing bytes). */
export function readSingleTlv(buffer: Buffer): Tlv {
  const tlv = readTlv(buffer);
  if (tlv.raw.length !== buffer.length) throw new Error('trailing bytes after the DER element');
  return tlv;
}

const fromDerWithOptions = forge.asn1.fromDer as unknown as (
  bytes: string,
  options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => forge.asn1.Asn1;

/**
 * node-forge's ASN.1 tree of DER bytes. BIT STRINGs stay bytes (forge would
 * otherwise try to read them as nested ASN.1), and trailing bytes are refused.
 */
export function asn1Of(der: Buffer): forge.asn1.Asn1 {
  return fromDerWithOptions(der.toString('binary'), {
    strict: true,
    parseAllBytes: true,
    decodeBitStrings: false,
  });
}

export function childNodes(node: forge.asn1.Asn1): forge.asn1.Asn1[] {
  if (!Array.isArray(node.value)) throw new Error('expected a constructed ASN.1 element');
  return node.value;
}

export function bytesOf(node: forge.asn1.Asn1): string {
  if (typeof node.value !== 'string') throw new Error('expected a primitive ASN.1 element');
  return node.value;
}

export function oidOf(node: forge.asn1.Asn1): string {
  if (node.type !== forge.asn1.Type.OID) throw new Error('expected an OBJECT IDENTIFIER');
  return forge.asn1.derToOid(bytesOf(node));
}

/** UTCTime or GeneralizedTime, the two forms of an X.509 Time. */
export function timeOf(node: forge.asn1.Asn1): Date {
  if (node.type === forge.asn1.Type.UTCTIME) return forge.asn1.utcTimeToDate(bytesOf(node));
  if (node.type === forge.asn1.Type.GENERALIZEDTIME) {
    return forge.asn1.generalizedTimeToDate(bytesOf(node));
  }
  throw new Error('expected a UTCTime or GeneralizedTime');
}

/**
 * An INTEGER's contents as lowercase hex without leading zero octets, the
 * form in which a certificate serial and a CRL entry compare equal.
 */
export function serialHexOf(node: forge.asn1.Asn1): string {
  if (node.type !== forge.asn1.Type.INTEGER) throw new Error('expected an INTEGER');
  return normalizeSerial(forge.util.bytesToHex(bytesOf(node)));
}

export function normalizeSerial(hex: string): string {
  const stripped = hex.toLowerCase().replace(/^(00)+/, '');
  return stripped === '' ? '00' : stripped;
}

export function isContextTag(node: forge.asn1.Asn1, number: number): boolean {
  return node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && (node.type as number) === number;
}
