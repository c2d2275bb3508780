import { DmpError } from '../errors';
import { parseXml, rootElement } from '../transport/xml';
import { path } from './cda-dom';

/** The document a level-1 CDA wraps: its media type and bytes, as the author filed them. */
export interface UnstructuredBody {
  mediaType: string;
  bytes: Buffer;
}

/**
 * Reads the body of a level-1 ("non structuré") CDA retrieved from the DMP:
 * `component/nonXMLBody/text`, base64 (the only representation the CI-SIS
 * allows). A structured CDA (level 3) has no such body: it is refused here,
 * for the caller to offer the CDA itself instead.
 */
export function readUnstructuredBody(cda: Buffer): UnstructuredBody {
  let root;
  try {
    root = rootElement(parseXml(cda.toString('utf8'), 'CDA'));
  } catch (error) {
    throw new DmpError(
      'DOCUMENT_REJECTED',
      `the retrieved CDA is not XML (${(error as Error).message})`,
    );
  }
  const [text] = path(root, 'component', 'nonXMLBody', 'text');
  if (!text) {
    throw new DmpError(
      'DOCUMENT_REJECTED',
      'the retrieved CDA has no nonXMLBody (a structured document)',
    );
  }
  const mediaType = text.getAttribute('mediaType') ?? 'text/plain';
  const representation = text.getAttribute('representation') ?? 'TXT';
  const content = text.textContent ?? '';
  return {
    mediaType,
    bytes:
      representation === 'B64'
        ? Buffer.from(content.replace(/\s+/g, ''), 'base64')
        : Buffer.from(content, 'utf8'),
  };
}
