import { DmpError } from '../errors';
import { insProblem } from '../ins';
import type { CodedValue } from '../model';
import { VALUE_SETS, type ValueSets } from '../value-sets';
import { parseCx, parseXcn } from './hl7v2';
import { ASSOCIATION_TYPE, AVAILABILITY_STATUS, DOCUMENT_ENTRY_TYPE } from './identifiers';
import type {
  DocumentEntryMetadata,
  ParsedSubmission,
  SubmissionSetMetadata,
  XdsAuthor,
} from './metadata';
import { TYPE_CODES_OF_CLASS, XDS_VALUE_SETS } from './value-set-names';
import { visibilityFromConfidentialityCodes } from './visibility';
import { MAX_COMMENT_LENGTH, characterCount, isOid, isSha1Hex, isUrnUuid } from './validation';
import { isXdsTime, parseXdsTime } from './xds-time';

/**
 * Every problem a strict registry would raise about an ITI-41 request, as
 * sentences naming the object at fault; empty when the submission is
 * acceptable. The hash and size are only checked for their form: the caller
 * compares them with the bytes it received (contentProblems).
 */
export function checkSubmission(parsed: ParsedSubmission, valueSets: ValueSets): string[] {
  const problems: string[] = [];
  const set = parsed.submissionSet;
  if (!set) problems.push('no SubmissionSet (RegistryPackage)');
  else problems.push(...submissionSetProblems(set, valueSets));
  if (parsed.documentEntries.length === 0) problems.push('no DocumentEntry (ExtrinsicObject)');
  for (const entry of parsed.documentEntries) {
    problems.push(
      ...entryProblems(entry, valueSets).map((p) => `DocumentEntry ${entry.entryUUID}: ${p}`),
    );
    if (set?.patientId && entry.patientId && entry.patientId !== set.patientId) {
      problems.push(`DocumentEntry ${entry.entryUUID}: patientId differs from the SubmissionSet's`);
    }
  }
  problems.push(...duplicateUniqueIds(parsed));
  problems.push(...associationProblems(parsed));
  problems.push(...documentProblems(parsed));
  return problems;
}

/**
 * Compares an entry's hash and size with the bytes actually received (the MTOM
 * part); a registry answers XDSNonIdenticalHash / XDSNonIdenticalSize.
 */
export function contentProblems(
  entry: Pick<DocumentEntryMetadata, 'hash' | 'size'>,
  received: { sha1: string; byteLength: number },
): string[] {
  const problems: string[] = [];
  if (entry.hash !== undefined && entry.hash.toLowerCase() !== received.sha1.toLowerCase()) {
    problems.push('XDSNonIdenticalHash: hash differs from the SHA-1 of the received document');
  }
  if (entry.size !== undefined && entry.size !== String(received.byteLength)) {
    problems.push('XDSNonIdenticalSize: size differs from the received document');
  }
  return problems;
}

function required<T>(problems: string[], what: string, value: T | undefined): value is T {
  if (value === undefined || value === '') {
    problems.push(`missing ${what}`);
    return false;
  }
  return true;
}

function codeProblems(
  what: string,
  code: CodedValue | undefined,
  valueSet: string,
  valueSets: ValueSets,
): string[] {
  if (!code) return [`missing ${what}`];
  return valueSets.has(valueSet, code.code, code.codeSystem)
    ? []
    : [`${what} "${code.code}" (${code.codeSystem}) is not in ${valueSet}`];
}

function timeProblems(what: string, value: string | undefined, isRequired: boolean): string[] {
  if (value === undefined) return isRequired ? [`missing ${what}`] : [];
  return isXdsTime(value) ? [] : [`${what} "${value}" is not a UTC time YYYYMMDD[hhmmss]`];
}

function patientIdProblems(what: string, value: string | undefined): string[] {
  if (value === undefined) return [`missing ${what}`];
  const cx = parseCx(value);
  if (!cx?.authorityOid) return [`${what} "${value}" names no assigning authority`];
  const problem = insProblem({ matricule: cx.id, oid: cx.authorityOid });
  if (problem) return [`${what}: ${problem}`];
  if (cx.idType !== 'NH') return [`${what} has identifier type "${cx.idType ?? ''}", not NH`];
  return [];
}

function authorProblems(authors: XdsAuthor[], valueSets: ValueSets): string[] {
  if (authors.length === 0) return ['missing author'];
  return authors.flatMap((author, index) => {
    const problems: string[] = [];
    const label = `author ${index + 1}`;
    if (!author.authorPerson) problems.push(`${label}: missing authorPerson`);
    else if (!parseXcn(author.authorPerson)) {
      problems.push(`${label}: authorPerson "${author.authorPerson}" is not an XCN`);
    }
    for (const specialty of author.authorSpecialty) {
      const [code = '', , codeSystem = ''] = specialty.split('^');
      if (!valueSets.has(VALUE_SETS.authorSpecialty, code, codeSystem || undefined)) {
        problems.push(
          `${label}: authorSpecialty "${specialty}" is not in ${VALUE_SETS.authorSpecialty}`,
        );
      }
    }
    return problems;
  });
}

function submissionSetProblems(set: SubmissionSetMetadata, valueSets: ValueSets): string[] {
  const problems: string[] = [];
  if (!set.classifiedAsSubmissionSet) {
    problems.push('the RegistryPackage is not classified as a SubmissionSet');
  }
  if (required(problems, 'SubmissionSet uniqueId', set.uniqueId) && !isOid(set.uniqueId)) {
    problems.push(`SubmissionSet uniqueId "${set.uniqueId}" is not an OID`);
  }
  if (required(problems, 'SubmissionSet sourceId', set.sourceId) && !isOid(set.sourceId)) {
    problems.push(`SubmissionSet sourceId "${set.sourceId}" is not an OID`);
  }
  problems.push(...patientIdProblems('SubmissionSet patientId', set.patientId));
  problems.push(...timeProblems('submissionTime', set.submissionTime, true));
  problems.push(
    ...codeProblems(
      'contentTypeCode',
      set.contentTypeCode,
      XDS_VALUE_SETS.contentTypeCode,
      valueSets,
    ),
  );
  problems.push(...authorProblems(set.authors, valueSets).map((p) => `SubmissionSet ${p}`));
  return problems;
}

function entryProblems(entry: DocumentEntryMetadata, valueSets: ValueSets): string[] {
  const problems: string[] = [];
  if (!entry.entryUUID) problems.push('missing id');
  if (entry.mimeType !== 'text/xml') {
    problems.push(`mimeType "${entry.mimeType ?? ''}" is not text/xml (a CDA document)`);
  }
  if (entry.objectType !== DOCUMENT_ENTRY_TYPE.stable) {
    problems.push(`objectType "${entry.objectType ?? ''}" is not a stable DocumentEntry`);
  }
  if (entry.status !== undefined && entry.status !== AVAILABILITY_STATUS.approved) {
    problems.push(`status "${entry.status}" is not Approved`);
  }
  if (required(problems, 'uniqueId', entry.uniqueId) && !isOid(entry.uniqueId)) {
    problems.push(`uniqueId "${entry.uniqueId}" is not an OID of 64 characters at most`);
  }
  problems.push(...patientIdProblems('patientId', entry.patientId));
  if (
    required(problems, 'sourcePatientId', entry.sourcePatientId) &&
    !parseCx(entry.sourcePatientId)
  ) {
    problems.push(`sourcePatientId "${entry.sourcePatientId}" is not a CX`);
  }
  required(problems, 'title', entry.title);
  if (entry.comments !== undefined && characterCount(entry.comments) > MAX_COMMENT_LENGTH) {
    problems.push(
      `comments have ${characterCount(entry.comments)} characters (${MAX_COMMENT_LENGTH} at most)`,
    );
  }
  problems.push(...timeProblems('creationTime', entry.creationTime, true));
  problems.push(...timeProblems('serviceStartTime', entry.serviceStartTime, true));
  problems.push(...timeProblems('serviceStopTime', entry.serviceStopTime, false));
  const start = entry.serviceStartTime && parseXdsTime(entry.serviceStartTime);
  const stop = entry.serviceStopTime && parseXdsTime(entry.serviceStopTime);
  if (start && stop && stop < start) problems.push('serviceStopTime is before serviceStartTime');
  if (required(problems, 'hash', entry.hash) && !isSha1Hex(entry.hash)) {
    problems.push(`hash "${entry.hash}" is not a hexadecimal SHA-1`);
  }
  if (required(problems, 'size', entry.size) && !/^[1-9][0-9]*$/.test(entry.size)) {
    problems.push(`size "${entry.size}" is not a positive integer`);
  }
  if (required(problems, 'languageCode', entry.languageCode) && entry.languageCode !== 'fr-FR') {
    problems.push(`languageCode "${entry.languageCode}" is not fr-FR`);
  }
  if (
    required(problems, 'legalAuthenticator', entry.legalAuthenticator) &&
    !parseXcn(entry.legalAuthenticator)
  ) {
    problems.push(`legalAuthenticator "${entry.legalAuthenticator}" is not an XCN`);
  }
  problems.push(...authorProblems(entry.authors, valueSets));
  problems.push(...codedEntryProblems(entry, valueSets));
  return problems;
}

function codedEntryProblems(entry: DocumentEntryMetadata, valueSets: ValueSets): string[] {
  const problems = [
    ...codeProblems('classCode', entry.classCode, XDS_VALUE_SETS.classCode, valueSets),
    ...codeProblems('typeCode', entry.typeCode, VALUE_SETS.typeCode, valueSets),
    ...codeProblems('formatCode', entry.formatCode, XDS_VALUE_SETS.formatCode, valueSets),
    ...codeProblems(
      'healthcareFacilityTypeCode',
      entry.healthcareFacilityTypeCode,
      VALUE_SETS.healthcareFacilityType,
      valueSets,
    ),
    ...codeProblems(
      'practiceSettingCode',
      entry.practiceSettingCode,
      VALUE_SETS.practiceSetting,
      valueSets,
    ),
  ];
  const { classCode, typeCode } = entry;
  if (classCode && typeCode) {
    const setOfClass = TYPE_CODES_OF_CLASS[classCode.code];
    if (!setOfClass || !valueSets.has(setOfClass, typeCode.code, typeCode.codeSystem)) {
      problems.push(
        `classCode "${classCode.code}" does not match typeCode "${typeCode.code}" (ASS_X16)`,
      );
    }
  }
  if (entry.confidentialityCodes.length === 0) problems.push('missing confidentialityCode');
  for (const code of entry.confidentialityCodes) {
    problems.push(
      ...codeProblems('confidentialityCode', code, VALUE_SETS.confidentiality, valueSets),
    );
  }
  try {
    visibilityFromConfidentialityCodes(entry.confidentialityCodes);
  } catch (error) {
    if (!(error instanceof DmpError)) throw error;
    problems.push(`forbidden visibility: ${error.message}`);
  }
  return problems;
}

function duplicateUniqueIds(parsed: ParsedSubmission): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const { uniqueId } of parsed.documentEntries) {
    if (uniqueId === undefined) continue;
    if (seen.has(uniqueId)) problems.push(`uniqueId ${uniqueId} appears twice in the submission`);
    seen.add(uniqueId);
  }
  return problems;
}

function associationProblems(parsed: ParsedSubmission): string[] {
  const problems: string[] = [];
  const setId = parsed.submissionSet?.entryUUID;
  const entryIds = new Set(parsed.documentEntries.map((e) => e.entryUUID));
  for (const entry of parsed.documentEntries) {
    const member = parsed.associations.find(
      (a) =>
        a.associationType === ASSOCIATION_TYPE.hasMember &&
        a.sourceObject === setId &&
        a.targetObject === entry.entryUUID,
    );
    if (!member)
      problems.push(`DocumentEntry ${entry.entryUUID} is not a member of the SubmissionSet`);
    else if (member.submissionSetStatus !== 'Original') {
      problems.push(`HasMember ${member.id}: SubmissionSetStatus is not Original`);
    }
  }
  for (const association of parsed.associations) {
    if (association.associationType === ASSOCIATION_TYPE.hasMember) {
      if (association.sourceObject !== setId || !entryIds.has(association.targetObject)) {
        problems.push(
          `HasMember ${association.id} does not link the SubmissionSet to a DocumentEntry`,
        );
      }
    } else if (association.associationType === ASSOCIATION_TYPE.replace) {
      if (!entryIds.has(association.sourceObject)) {
        problems.push(
          `RPLC ${association.id} does not start from a DocumentEntry of the submission`,
        );
      }
      if (!isUrnUuid(association.targetObject)) {
        problems.push(
          `RPLC ${association.id} targets "${association.targetObject}", not an entryUUID`,
        );
      }
    } else {
      problems.push(
        `association ${association.id} has an unsupported type "${association.associationType}"`,
      );
    }
  }
  return problems;
}

function documentProblems(parsed: ParsedSubmission): string[] {
  const problems: string[] = [];
  const documentIds = new Set(parsed.documents.map((d) => d.id));
  for (const entry of parsed.documentEntries) {
    if (!documentIds.has(entry.entryUUID)) {
      problems.push(`XDSMissingDocument: no document for DocumentEntry ${entry.entryUUID}`);
    }
  }
  const entryIds = new Set(parsed.documentEntries.map((e) => e.entryUUID));
  for (const document of parsed.documents) {
    if (!entryIds.has(document.id)) {
      problems.push(`XDSMissingDocumentMetadata: no DocumentEntry for document ${document.id}`);
    }
    if (!document.contentId) problems.push(`document ${document.id} has no xop:Include`);
  }
  return problems;
}
