import { DmpError } from '../errors';
import type { CodedValue, DocumentSubmission } from '../model';
import { VALUE_SETS, type ValueSets } from '../value-sets';
import { classCodeFor } from './class-code';
import { contentTypeCodeFor } from './content-type';
import { formatCodeFor } from './format-code';
import {
  assertQualifiedIns,
  escapeHl7,
  insCx,
  professionalXcn,
  sourcePatientInfo,
  structureXon,
} from './hl7v2';
import { ASSOCIATION_TYPE, AVAILABILITY_STATUS, DOCUMENT_ENTRY_TYPE } from './identifiers';
import { newUuid } from './ids';
import type { DocumentEntryMetadata, ParsedSubmission, XdsAuthor } from './metadata';
import { confidentialityCodesFor } from './visibility';
import { MAX_COMMENT_LENGTH, characterCount, isOid, isSha1Hex, isUrnUuid } from './validation';
import { formatXdsTime } from './xds-time';

/** What ITI-41 needs beyond the submission itself. */
export interface ProvideAndRegisterInput {
  submission: DocumentSubmission;
  /** The CDA document as it travels in the MTOM part (its bytes are hashed, not the inner file's). */
  cda: { byteLength: number; sha1: string };
  valueSets: ValueSets;
  /** OID of the sending software (XDSSubmissionSet.sourceId). */
  sourceId: string;
  /** OID of this submission set; stable across retries of the same filing. */
  submissionSetUniqueId: string;
  /** Content-ID of the MTOM part holding the CDA, without "cid:" and angle brackets. */
  documentContentId: string;
  /** urn:uuid of the new DocumentEntry; generated when absent. */
  entryUUID?: string;
  /** urn:uuid of the SubmissionSet; generated when absent. */
  submissionSetEntryUUID?: string;
  /** entryUUID of the filed entry being replaced (found with a GetDocuments query). */
  replacedEntryUUID?: string;
  /** A JDV_J59 code; DEFAULT_CONTENT_TYPE_CODE when absent. */
  contentTypeCode?: string;
  /** eventCodeList, each code taken from the named value set; none when absent. */
  eventCodes?: { valueSet: string; code: string; codeSystem?: string }[];
  /**
   * authorRole, the author's functional role toward the patient ("requis si
   * connu"). Its value set (JDV_J47, TRE_R85 / R258 / R259) is not shipped and
   * the model does not know the role, so it is written only when given.
   */
  authorRole?: string;
  submissionTime: Date;
  /**
   * Makes the registry ids not given above (SubmissionSet, Associations,
   * Classifications, ExternalIdentifiers); random urn:uuids when absent. A
   * deterministic generator makes a rebuilt message byte-identical (XDM).
   */
  newId?: () => string;
}

const invalid = (message: string): DmpError => new DmpError('INVALID_SUBMISSION', message);

function checkIdentifiers(input: ProvideAndRegisterInput): void {
  const { submission } = input;
  for (const [what, value] of [
    ['document uniqueId', submission.uniqueId],
    ['sourceId', input.sourceId],
    ['submission set uniqueId', input.submissionSetUniqueId],
  ] as const) {
    if (!isOid(value)) throw invalid(`${what} "${value}" is not an OID of 64 characters at most`);
  }
  for (const [what, value] of [
    ['entryUUID', input.entryUUID],
    ['submissionSetEntryUUID', input.submissionSetEntryUUID],
    ['replacedEntryUUID', input.replacedEntryUUID],
  ] as const) {
    if (value !== undefined && !isUrnUuid(value))
      throw invalid(`${what} "${value}" is not a urn:uuid`);
  }
  if (!/^[^\s<>]+$/.test(input.documentContentId)) {
    throw invalid(`documentContentId "${input.documentContentId}" is not a bare Content-ID`);
  }
  assertQualifiedIns(submission.patient.ins);
  if (!/^[0-9]{11}$/.test(submission.author.rpps)) {
    throw invalid(`RPPS "${submission.author.rpps}" is not 11 digits`);
  }
  if (!submission.author.structure.idNatStruct.trim()) throw invalid('idNatStruct is empty');
}

function checkContent(input: ProvideAndRegisterInput): void {
  const { submission, cda } = input;
  if (!submission.title.trim()) throw invalid('the document has no title');
  if (submission.comment !== undefined && characterCount(submission.comment) > MAX_COMMENT_LENGTH) {
    throw invalid(
      `comment has ${characterCount(submission.comment)} characters, the DMP takes ${MAX_COMMENT_LENGTH} at most`,
    );
  }
  if (!Number.isSafeInteger(cda.byteLength) || cda.byteLength <= 0) {
    throw invalid(`CDA size ${cda.byteLength} is not a positive number of bytes`);
  }
  if (!isSha1Hex(cda.sha1)) throw invalid('CDA hash is not a hexadecimal SHA-1');
  const stop = submission.serviceStopTime;
  if (stop && stop.getTime() < submission.serviceStartTime.getTime()) {
    throw invalid('serviceStopTime is before serviceStartTime');
  }
  // The two halves of a replacement must agree: the CDA says RPLC (replaces),
  // XDS needs the replaced entry's registry id.
  if (submission.replaces && !input.replacedEntryUUID) {
    throw invalid(
      `replacing ${submission.replaces.uniqueId} needs its entryUUID (query the registry first)`,
    );
  }
  if (input.replacedEntryUUID && !submission.replaces) {
    throw invalid('replacedEntryUUID is given but the submission replaces nothing');
  }
}

function authorOf(input: ProvideAndRegisterInput): XdsAuthor {
  const { author } = input.submission;
  const specialty = input.valueSets.concept(VALUE_SETS.authorSpecialty, author.specialtyCode);
  return {
    authorPerson: professionalXcn(author),
    authorInstitution: [structureXon(author.structure)],
    authorRole: input.authorRole ? [input.authorRole] : [],
    authorSpecialty: [
      `${specialty.code}^${escapeHl7(specialty.displayName)}^${specialty.codeSystem}`,
    ],
  };
}

function eventCodesOf(input: ProvideAndRegisterInput): CodedValue[] {
  return (input.eventCodes ?? []).map((e) =>
    input.valueSets.concept(e.valueSet, e.code, e.codeSystem),
  );
}

function documentEntryOf(input: ProvideAndRegisterInput, author: XdsAuthor): DocumentEntryMetadata {
  const { submission, valueSets } = input;
  const structure = submission.author.structure;
  const typeCode = valueSets.concept(VALUE_SETS.typeCode, submission.typeCode);
  const patientId = insCx(submission.patient.ins);
  return {
    entryUUID: input.entryUUID ?? (input.newId ?? newUuid)(),
    mimeType: 'text/xml',
    objectType: DOCUMENT_ENTRY_TYPE.stable,
    status: AVAILABILITY_STATUS.approved,
    uniqueId: submission.uniqueId,
    patientId,
    title: submission.title,
    comments: submission.comment,
    creationTime: formatXdsTime(submission.creationTime, 'creationTime'),
    serviceStartTime: formatXdsTime(submission.serviceStartTime, 'serviceStartTime'),
    serviceStopTime:
      submission.serviceStopTime && formatXdsTime(submission.serviceStopTime, 'serviceStopTime'),
    hash: input.cda.sha1.toLowerCase(),
    size: String(input.cda.byteLength),
    languageCode: 'fr-FR',
    // No local IPP travels with the submission: the INS stands for it (facts.md §1.5).
    sourcePatientId: patientId,
    sourcePatientInfo: sourcePatientInfo(submission.patient),
    // The author signs what they write: they are the legal authenticator too.
    legalAuthenticator: author.authorPerson,
    authors: [author],
    classCode: classCodeFor(typeCode, valueSets),
    typeCode,
    formatCode: formatCodeFor(submission.content.mediaType, valueSets),
    healthcareFacilityTypeCode: valueSets.concept(
      VALUE_SETS.healthcareFacilityType,
      structure.facilityTypeCode,
    ),
    practiceSettingCode: valueSets.concept(
      VALUE_SETS.practiceSetting,
      structure.practiceSettingCode,
    ),
    confidentialityCodes: confidentialityCodesFor(submission.visibility, valueSets),
    eventCodes: eventCodesOf(input),
  };
}

/**
 * The metadata of an ITI-41 filing of one document, every coded value taken
 * from its value set. Refuses, with a typed DmpError, what the DMP would refuse.
 */
export function provideAndRegisterMetadata(input: ProvideAndRegisterInput): ParsedSubmission {
  checkIdentifiers(input);
  checkContent(input);
  const author = authorOf(input);
  const entry = documentEntryOf(input, author);
  const newId = input.newId ?? newUuid;
  const setId = input.submissionSetEntryUUID ?? newId();
  const associations: ParsedSubmission['associations'] = [
    {
      id: newId(),
      associationType: ASSOCIATION_TYPE.hasMember,
      sourceObject: setId,
      targetObject: entry.entryUUID,
      submissionSetStatus: 'Original',
    },
  ];
  if (input.replacedEntryUUID) {
    associations.push({
      id: newId(),
      associationType: ASSOCIATION_TYPE.replace,
      sourceObject: entry.entryUUID,
      targetObject: input.replacedEntryUUID,
    });
  }
  return {
    submissionSet: {
      entryUUID: setId,
      uniqueId: input.submissionSetUniqueId,
      sourceId: input.sourceId,
      patientId: entry.patientId,
      submissionTime: formatXdsTime(input.submissionTime, 'submissionTime'),
      contentTypeCode: contentTypeCodeFor(input.contentTypeCode, input.valueSets),
      authors: [author],
      classifiedAsSubmissionSet: true,
    },
    documentEntries: [entry],
    associations,
    documents: [{ id: entry.entryUUID, contentId: input.documentContentId }],
  };
}
