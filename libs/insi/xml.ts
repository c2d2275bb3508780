import type { Element } from '@xmldom/xmldom';
import { childNamed, textOf } from '@app/dmp';

/**
 * The DOM helpers the INSi messages need beyond @app/dmp's (childElements,
 * childNamed, childrenNamed, textOf). Parsing goes through @app/dmp's
 * parseSoapEnvelope (strict, no DOCTYPE).
 */
export { childElements, childNamed, childrenNamed, textOf } from '@app/dmp';

/** Text and attribute values alike (INSi's builders use it for both). */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The trimmed text of the first child of that name, or undefined when absent. */
export function childText(
  parent: Element,
  namespace: string,
  localName: string,
): string | undefined {
  const child = childNamed(parent, namespace, localName);
  return child ? textOf(child) : undefined;
}
