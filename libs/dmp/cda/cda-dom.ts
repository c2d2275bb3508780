import type { Element, Node } from '@xmldom/xmldom';
import { HL7_NAMESPACE } from './header-profile';

/** Small readers over a parsed CDA (xmldom), HL7-namespace elements only. */

function isHl7Element(node: Node): node is Element {
  return node.nodeType === 1 && node.namespaceURI === HL7_NAMESPACE;
}

/** Child elements named `localName` (all HL7 children when omitted). */
export function children(parent: Element, localName?: string): Element[] {
  const found: Element[] = [];
  for (const node of parent.childNodes) {
    if (isHl7Element(node) && (localName === undefined || node.localName === localName)) {
      found.push(node);
    }
  }
  return found;
}

/** Elements reached by following child names from each of `roots`. */
export function path(roots: Element | Element[], ...names: string[]): Element[] {
  let current = Array.isArray(roots) ? roots : [roots];
  for (const name of names) current = current.flatMap((el) => children(el, name));
  return current;
}

/** Every HL7 element under `root` (document order), root excluded. */
export function descendants(root: Element): Element[] {
  const found: Element[] = [];
  const walk = (el: Element): void => {
    for (const child of children(el)) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

export function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? '') : undefined;
}

/** "recordTarget/patientRole/id", from under ClinicalDocument. */
export function pathOf(el: Element): string {
  const names: string[] = [];
  let node: Node | null = el;
  while (node && isHl7Element(node) && node.localName !== 'ClinicalDocument') {
    names.unshift(node.localName ?? '');
    node = node.parentNode;
  }
  return names.join('/');
}
