/** XML namespaces of the XDS.b messages (ebXML RegRep 3.0 and IHE ITI). */
export const NS = {
  rim: 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0',
  lcm: 'urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0',
  query: 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0',
  rs: 'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0',
  xdsb: 'urn:ihe:iti:xds-b:2007',
  xop: 'http://www.w3.org/2004/08/xop/include',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

/** Declarations for a message's root element, so that each SOAP Body payload stands alone. */
export function namespaceDeclarations(...prefixes: (keyof typeof NS)[]): Record<string, string> {
  return Object.fromEntries(prefixes.map((prefix) => [`xmlns:${prefix}`, NS[prefix]]));
}
