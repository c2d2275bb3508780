import { DmpError, type DmpErrorCode } from '../errors';
import type { DocumentSubmission } from '../model';
import { birthTimeValue } from './hl7-time';
import { isOid } from './header-profile';
import { insProblem } from '../ins';
import { essentialMediaType, mediaTypeProblem } from '../media-types';

/**
 * Everything about a submission the builder can refuse before writing a byte,
 * apart from coded values (the value sets answer for those). Problems of one
 * kind are reported together, identity first: an unqualified identity is a
 * human's job whatever else is wrong.
 */
export function checkSubmission(submission: DocumentSubmission): void {
  throwIfAny('IDENTITY_NOT_QUALIFIED', identityProblems(submission.patient));
  throwIfAny('INVALID_SUBMISSION', [
    ...documentProblems(submission),
    ...authorProblems(submission.author),
  ]);
}

function throwIfAny(code: DmpErrorCode, problems: string[]): void {
  if (problems.length > 0) throw new DmpError(code, problems.join('; '));
}

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/** Code officiel géographique: a commune (2A/2B in Corsica) or 99 + a country. */
const COG = /^(?:\d{5}|2[AB]\d{3})$/;

function identityProblems(patient: DocumentSubmission['patient']): string[] {
  const problems: string[] = [];
  const ins = insProblem(patient.ins);
  if (ins) problems.push(`patient INS: ${ins}`);
  if (blank(patient.birthFamilyName)) problems.push('patient: no birth family name');
  if (patient.firstNames.length === 0 || patient.firstNames.some((n) => blank(n))) {
    problems.push('patient: the birth first names are missing or blank');
  }
  if (birthTimeValue(patient.birthDate) === undefined) {
    problems.push(`patient: birth date "${patient.birthDate}" is not YYYYMMDD`);
  }
  if (!['M', 'F', 'U'].includes(patient.sex)) problems.push(`patient: sex "${patient.sex}"`);
  if (patient.birthPlaceCode !== undefined && !COG.test(patient.birthPlaceCode)) {
    problems.push(`patient: birth place "${patient.birthPlaceCode}" is not a COG code`);
  }
  return problems;
}

function isValidDate(value: Date): boolean {
  return value instanceof Date && Number.isFinite(value.getTime());
}

function documentProblems(s: DocumentSubmission): string[] {
  const problems: string[] = [];
  const ids: Array<[string, string]> = [
    ['uniqueId', s.uniqueId],
    ['setId', s.setId],
  ];
  if (s.replaces) ids.push(['replaces.uniqueId', s.replaces.uniqueId]);
  for (const [field, value] of ids) {
    if (!isOid(value)) problems.push(`${field} "${value}" is not an OID of 64 characters at most`);
  }
  if (!Number.isInteger(s.versionNumber) || s.versionNumber < 1) {
    problems.push(`versionNumber ${s.versionNumber} is not a positive integer`);
  } else if (s.replaces && s.versionNumber < 2) {
    problems.push('a replacement has versionNumber 2 or more');
  } else if (!s.replaces && s.versionNumber > 1) {
    problems.push(`versionNumber ${s.versionNumber} without the document it replaces`);
  }
  if (s.replaces?.uniqueId === s.uniqueId) problems.push('a document cannot replace itself');
  if (blank(s.title)) problems.push('the title is blank');
  const media = mediaTypeProblem(essentialMediaType(s.content.mediaType));
  if (media) problems.push(media);
  if (s.content.bytes.length === 0) problems.push('the file is empty');
  const dates: Array<[string, Date]> = [
    ['creationTime', s.creationTime],
    ['serviceStartTime', s.serviceStartTime],
  ];
  if (s.serviceStopTime) dates.push(['serviceStopTime', s.serviceStopTime]);
  for (const [field, value] of dates) {
    if (!isValidDate(value)) problems.push(`${field} is not a valid date`);
  }
  if (
    s.serviceStopTime &&
    isValidDate(s.serviceStopTime) &&
    isValidDate(s.serviceStartTime) &&
    s.serviceStopTime.getTime() < s.serviceStartTime.getTime()
  ) {
    problems.push('serviceStopTime is before serviceStartTime');
  }
  return problems;
}

function authorProblems(author: DocumentSubmission['author']): string[] {
  const problems: string[] = [];
  if (!/^\d{11}$/.test(author.rpps)) problems.push(`author RPPS "${author.rpps}" is not 11 digits`);
  if (blank(author.familyName)) problems.push('author: no family name');
  if (blank(author.givenNames)) problems.push('author: no given name');
  if (!/^\S+$/.test(author.structure.idNatStruct)) {
    problems.push(
      `structure idNat_Struct "${author.structure.idNatStruct}" is empty or has spaces`,
    );
  }
  if (blank(author.structure.name)) problems.push('structure: no name');
  return problems;
}
