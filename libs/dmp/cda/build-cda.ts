import { createHash } from 'node:crypto';
import type { DocumentSubmission } from '../model';
import { VALUE_SETS, type ValueSets } from '../value-sets';
import { base64Chunks } from './base64-chunks';
import { HL7_CONFIDENTIALITY_SYSTEM, NORMAL_CONFIDENTIALITY } from './header-profile';
import { CDA_TAIL, renderHead, type HeaderCodes } from './header-xml';
import { checkSubmission } from './submission-checks';

/**
 * A CDA document kept as the chunks it was written in: the header, the base64
 * body in slices, the closing tags. Nothing ever joins them into one string or
 * one Buffer; the transport streams the chunks.
 */
export interface CdaDocument {
  chunks: Buffer[];
  /** Sum of the chunks' lengths: the XDS size. */
  byteLength: number;
  /** SHA-1 of the whole XML, lower-case hex: the XDS hash. */
  sha1: string;
  mediaType: 'text/xml';
}

/**
 * The level-1 CDA (CI-SIS "structuration minimale" header, nonXMLBody) of a
 * submission. Refuses, with a DmpError, an identity that is not a qualified
 * INS (IDENTITY_NOT_QUALIFIED), input that cannot make a valid document
 * (INVALID_SUBMISSION) and codes outside their value sets
 * (VALUE_NOT_IN_VALUE_SET).
 *
 * The CDA's confidentialityCode is always N: the DMP's masking choices
 * (submission.visibility) are XDS metadata only, never written in the CDA.
 */
export function buildCda(submission: DocumentSubmission, valueSets: ValueSets): CdaDocument {
  checkSubmission(submission);
  const { structure } = submission.author;
  const codes: HeaderCodes = {
    typeCode: valueSets.concept(VALUE_SETS.typeCode, submission.typeCode),
    confidentiality: valueSets.concept(
      VALUE_SETS.confidentiality,
      NORMAL_CONFIDENTIALITY,
      HL7_CONFIDENTIALITY_SYSTEM,
    ),
    authorSpecialty: valueSets.concept(VALUE_SETS.authorSpecialty, submission.author.specialtyCode),
    practiceSetting: valueSets.concept(VALUE_SETS.practiceSetting, structure.practiceSettingCode),
    facilityType: valueSets.concept(VALUE_SETS.healthcareFacilityType, structure.facilityTypeCode),
  };
  const chunks = [
    Buffer.from(renderHead(submission, codes), 'utf8'),
    ...base64Chunks(submission.content.bytes),
    Buffer.from(CDA_TAIL, 'utf8'),
  ];
  const hash = createHash('sha1');
  let byteLength = 0;
  for (const chunk of chunks) {
    hash.update(chunk);
    byteLength += chunk.length;
  }
  return { chunks, byteLength, sha1: hash.digest('hex'), mediaType: 'text/xml' };
}
