import { DmpError } from '../errors';
import { essentialMediaType, mediaTypeProblem, unstructuredBodyFormat } from '../media-types';
import type { CodedValue } from '../model';
import type { ValueSets } from '../value-sets';
import { XDS_VALUE_SETS } from './value-set-names';

/**
 * The formatCode of a level-1 CDA follows from its nonXMLBody's media type
 * (ASS_A12, held in ../media-types.ts). A type without one, image/gif first,
 * is refused rather than filed under a format it is not.
 */
export function formatCodeFor(mediaType: string, valueSets: ValueSets): CodedValue {
  const format = unstructuredBodyFormat(essentialMediaType(mediaType));
  if (!format) {
    throw new DmpError(
      'INVALID_SUBMISSION',
      mediaTypeProblem(essentialMediaType(mediaType)) ?? `no XDS formatCode for "${mediaType}"`,
    );
  }
  return valueSets.concept(XDS_VALUE_SETS.formatCode, format.formatCode);
}
