import { DOMParser, type Document, type Element, type Node, XMLSerializer } from '@xmldom/xmldom';

/** XML that cannot be read, or that is not what the caller expects. */
export class MalformedXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedXmlError';
  }
}

/**
 * Parses XML received from a peer. Any error stops parsing (xmldom would
 * otherwise repair and go on), and a DOCTYPE is refused: SOAP 1.2 forbids
 * it, and refusing it closes the door to entity tricks.
 */
export function parseXml(xml: string, what: string): Document {
  if (/<!DOCTYPE/i.test(xml)) throw new MalformedXmlError(`${what}: a DOCTYPE is not allowed`);
  try {
    const document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new MalformedXmlError(message);
      },
    }).parseFromString(xml, 'text/xml');
    if (!document.documentElement) throw new MalformedXmlError('no root element');
    return document;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new MalformedXmlError(`${what} is not well-formed XML: ${message.split('\n')[0]}`);
  }
}

export function rootElement(document: Document): Element {
  const root = document.documentElement;
  if (!root) throw new MalformedXmlError('no root element');
  return root;
}

export function serializeXml(node: Node): string {
  return new XMLSerializer().serializeToString(node);
}

/** Text content for an element. */
export function escapeXmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value, for a double-quoted attribute. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Drops an XML declaration so that a fragment can be embedded in a larger document. */
export function withoutXmlDeclaration(xml: string): string {
  return xml.replace(/^\uFEFF?\s*<\?xml[^?]*\?>\s*/, '');
}

export function childElements(parent: Element): Element[] {
  const children: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (isElement(node)) children.push(node);
  }
  return children;
}

export function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

export function isNamed(element: Element, namespace: string, localName: string): boolean {
  return element.namespaceURI === namespace && element.localName === localName;
}

export function childrenNamed(parent: Element, namespace: string, localName: string): Element[] {
  return childElements(parent).filter((child) => isNamed(child, namespace, localName));
}

export function childNamed(
  parent: Element,
  namespace: string,
  localName: string,
): Element | undefined {
  return childrenNamed(parent, namespace, localName)[0];
}

/** The one child of that name, or an error naming what is missing. */
export function requiredChild(parent: Element, namespace: string, localName: string): Element {
  const child = childNamed(parent, namespace, localName);
  if (!child) {
    throw new MalformedXmlError(`${parent.localName} has no ${localName} element`);
  }
  return child;
}

/** Concatenated text of an element, trimmed. */
export function textOf(element: Element): string {
  return (element.textContent ?? '').trim();
}
