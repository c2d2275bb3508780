import { DmpError } from '../errors';
import type { CodedValue } from '../model';
import type { ValueSets } from '../value-sets';
import { XDS_VALUE_SETS } from './value-set-names';

/**
 * ASS_A12-CorresMediaTypeCDANonStructure-XdsFormatCode-CISIS (v5.0.0): the
 * formatCode of a level-1 CDA follows from its nonXMLBody's media type.
 * image/gif has none (TRE_R222 lists no GIF body), so a GIF must be converted
 * (PDF/A, or TIFF without loss) before it is wrapped; the adapter refuses it
 * rather than file it under a format it is not.
 */
const FORMAT_CODE_BY_MEDIA_TYPE: Readonly<Record<string, string>> = {
  'application/pdf': 'urn:ihe:iti:xds-sd:pdf:2008',
  'text/plain': 'urn:ihe:iti:xds-sd:text:2008',
  'text/rtf': 'urn:ihe:iti-fr:xds-sd:rtf:2010',
  'image/jpeg': 'urn:ihe:iti-fr:xds-sd:jpeg:2010',
  'image/tiff': 'urn:ihe:iti-fr:xds-sd:tiff:2010',
};

/** "Text/Plain; charset=utf-8" → "text/plain". */
export function essentialMediaType(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}

export function formatCodeFor(mediaType: string, valueSets: ValueSets): CodedValue {
  const code = FORMAT_CODE_BY_MEDIA_TYPE[essentialMediaType(mediaType)];
  if (!code) {
    throw new DmpError(
      'INVALID_SUBMISSION',
      `no XDS formatCode for a CDA body of type "${mediaType}" (ASS_A12 knows ${Object.keys(FORMAT_CODE_BY_MEDIA_TYPE).join(', ')}); convert it first`,
    );
  }
  return valueSets.concept(XDS_VALUE_SETS.formatCode, code);
}
