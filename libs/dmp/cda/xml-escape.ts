import { DmpError } from '../errors';

/**
 * XML 1.0 cannot carry every string: C0 controls other than tab, line feed and
 * carriage return, lone surrogates and U+FFFE/U+FFFF make a document that no
 * parser (the DMP's included) will read. Such input is refused, not silently
 * altered, because it is patient or practitioner data.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- these controls are what the pattern is for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  // Attribute-value normalisation would turn these into spaces: keep them as written.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function checkChars(value: string, field: string): void {
  const match = NOT_XML_CHAR.exec(value);
  if (match) {
    const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new DmpError(
      'INVALID_SUBMISSION',
      `${field} contains the character U+${code}, which an XML document cannot carry`,
    );
  }
}

/** Element content. */
export function xmlText(value: string, field: string): string {
  checkChars(value, field);
  return value.replace(/[&<>]/g, (c) => TEXT_ESCAPES[c]);
}

/** A double-quoted attribute value. */
export function xmlAttr(value: string, field: string): string {
  checkChars(value, field);
  return value.replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]);
}
