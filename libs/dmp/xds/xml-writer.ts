import { DmpError } from '../errors';

/**
 * A fragment of well-formed XML. The brand keeps user text from reaching the
 * output unescaped: the only ways to get one are `element` and `text`.
 */
export type Xml = string & { readonly __brand: 'Xml' };

// XML 1.0 has no way to carry most control characters, even escaped; a comment
// pasted from a word processor may hold one, so it is refused with a clear error
// rather than producing a message the registry cannot parse.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Attribute-value normalisation would turn these into spaces; escaped, a
  // multi-line comment comes back as written.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export function escapeXml(value: string): string {
  if (NOT_XML_CHAR.test(value)) {
    throw new DmpError(
      'INVALID_SUBMISSION',
      `text contains a character XML cannot carry: ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return value.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

export function text(value: string): Xml {
  return escapeXml(value) as Xml;
}

export type Attributes = Record<string, string | undefined>;

/** `<name attr="…">children</name>`; undefined attributes and children are left out. */
export function element(
  name: string,
  attributes: Attributes = {},
  ...children: (Xml | undefined | readonly Xml[])[]
): Xml {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  const content = children.flat().filter((child) => child !== undefined);
  return (
    content.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${content.join('')}</${name}>`
  ) as Xml;
}
