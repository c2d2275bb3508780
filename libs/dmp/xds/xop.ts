import type { Element } from '@xmldom/xmldom';
import { NS } from './namespaces';
import { attribute, child } from './xml-reader';

/**
 * XOP references to MTOM parts. The href is a "cid:" URL (RFC 2392) of the
 * part's Content-ID, whose characters outside a URL's are %-escaped; the
 * transport matches parts by the bare Content-ID.
 */
export function cidHref(contentId: string): string {
  return `cid:${contentId.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/g, (c) =>
    [...Buffer.from(c, 'utf8')]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  )}`;
}

/** The bare Content-ID an xop:Include under `holder` points at, or undefined. */
export function contentIdOf(holder: Element): string | undefined {
  const include = child(holder, NS.xop, 'Include');
  const href = include && attribute(include, 'href');
  if (!href?.startsWith('cid:')) return undefined;
  try {
    return decodeURIComponent(href.slice('cid:'.length));
  } catch {
    return href.slice('cid:'.length);
  }
}
