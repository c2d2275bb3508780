import forge from 'node-forge';
import { bytesOf, childNodes, oidOf } from './der';

/**
 * Distinguished names read from the ASN.1 tree, keeping multi-valued RDNs
 * together: a CPS subject puts CN, SN and GN in one RDN, which forge's own
 * reader flattens and node:crypto prints in a form that is awkward to parse.
 */

export interface NameAttribute {
  oid: string;
  /** CN, SN, GN, title…; the dotted OID when the attribute has no usual short name. */
  shortName: string;
  value: string;
}

/** One RDN per entry, in certificate order; each RDN holds one or more attributes. */
export type DistinguishedName = NameAttribute[][];

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.65': 'pseudonym',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

export const NAME_OIDS = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  title: '2.5.4.12',
  givenName: '2.5.4.42',
} as const;

export function readName(name: forge.asn1.Asn1): DistinguishedName {
  return childNodes(name).map((rdn) =>
    childNodes(rdn).map((pair) => {
      const [type, value] = childNodes(pair);
      const oid = oidOf(type);
      return { oid, shortName: SHORT_NAMES[oid] ?? oid, value: decodeString(value) };
    }),
  );
}

/** The first value of an attribute wherever it sits in the name. */
export function attributeOf(name: DistinguishedName, oid: string): string | undefined {
  return name.flat().find((attribute) => attribute.oid === oid)?.value;
}

/**
 * `C=FR, title=Orthophoniste, CN=899700000013+SN=…+GN=…`: RDNs in
 * certificate order as the rest of the engine prints DNs (see @app/pki
 * subjectDn), members of a multi-valued RDN joined by "+", special
 * characters escaped as RFC 4514 says.
 */
export function formatName(name: DistinguishedName): string {
  return name
    .map((rdn) => rdn.map((a) => `${a.shortName}=${escapeValue(a.value)}`).join('+'))
    .join(', ');
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\"+,;<>=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/** Universal tag numbers of the string types a DirectoryString may use. */
const STRING_TAG = {
  UTF8: 12,
  PRINTABLE: 19,
  TELETEX: 20,
  IA5: 22,
  UNIVERSAL: 28,
  BMP: 30,
} as const;

/** A DirectoryString (or a plain string type) as text, whatever its ASN.1 string type. */
function decodeString(node: forge.asn1.Asn1): string {
  const bytes = bytesOf(node);
  switch (node.type as number) {
    case STRING_TAG.UTF8:
      return Buffer.from(bytes, 'binary').toString('utf8');
    case STRING_TAG.BMP:
      return Buffer.from(bytes, 'binary').swap16().toString('utf16le');
    case STRING_TAG.UNIVERSAL: {
      const units = Buffer.from(bytes, 'binary');
      let text = '';
      for (let i = 0; i + 3 < units.length; i += 4) {
        text += String.fromCodePoint(units.readUInt32BE(i));
      }
      return text;
    }
    case STRING_TAG.PRINTABLE:
    case STRING_TAG.IA5:
    case STRING_TAG.TELETEX:
    default:
      // PrintableString and IA5String are ASCII; TeletexString is read as Latin-1,
      // which is what the CAs that still write it meant.
      return Buffer.from(bytes, 'binary').toString('latin1');
  }
}
