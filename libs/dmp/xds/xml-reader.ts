import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';
import { DmpError, type DmpErrorCode } from '../errors';

/**
 * Reading helpers over @xmldom/xmldom. Messages are matched by namespace and
 * local name only, never by prefix: senders choose their prefixes.
 */

/**
 * Parses a message and checks its root element. `failure` says what a bad
 * message means to the caller: a malformed request is the sender's fault
 * (INVALID_SUBMISSION, sandbox side), a malformed answer is the server's
 * (UNAVAILABLE, client side).
 */
export function parseRoot(
  xml: string,
  namespace: string,
  localName: string,
  failure: DmpErrorCode,
): Element {
  let root: Element | null;
  try {
    const document = new DOMParser({ onError: onErrorStopParsing }).parseFromString(
      xml,
      'text/xml',
    );
    // No DTD has any business in an XDS message; refusing it closes the door to
    // entity tricks.
    if (document.doctype) throw new Error('a DOCTYPE is not allowed');
    root = document.documentElement;
  } catch (error) {
    throw new DmpError(
      failure,
      `unreadable XML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!root || root.namespaceURI !== namespace || root.localName !== localName) {
    throw new DmpError(
      failure,
      `expected {${namespace}}${localName}, found {${root?.namespaceURI ?? ''}}${root?.localName ?? 'nothing'}`,
    );
  }
  return root;
}

/** Direct child elements with this namespace and local name. */
export function children(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== node.ELEMENT_NODE) continue;
    const child = node as Element;
    if (child.namespaceURI === namespace && child.localName === localName) found.push(child);
  }
  return found;
}

export function child(parent: Element, namespace: string, localName: string): Element | undefined {
  return children(parent, namespace, localName)[0];
}

/** An attribute's value, or undefined when absent (getAttribute would say ''). */
export function attribute(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? (element.getAttribute(name) ?? undefined) : undefined;
}

/** Text content of a direct child, trimmed; undefined when the child is absent. */
export function childText(
  parent: Element,
  namespace: string,
  localName: string,
): string | undefined {
  const found = child(parent, namespace, localName);
  return found ? (found.textContent ?? '').trim() : undefined;
}
