import type { CodedValue, DmpAuthor, DocumentSubmission, HealthcareStructure } from '../model';
import { ADMINISTRATIVE_GENDER } from './administrative-gender';
import {
  CDA_TEMPLATE_IDS,
  CDA_TYPE_ID,
  HL7_NAMESPACE,
  ID_NAT_PS_ROOT,
  ID_NAT_STRUCT_ROOT,
  LANGUAGE_CODE,
  NOT_ASKED,
  REALM_CODE,
  codeSystemName,
} from './header-profile';
import { birthTimeValue, parisTimestamp } from './hl7-time';
import { essentialMediaType } from '../media-types';
import { xmlAttr, xmlText } from './xml-escape';

/** The coded values of the header, already taken from their value sets. */
export interface HeaderCodes {
  typeCode: CodedValue;
  confidentiality: CodedValue;
  authorSpecialty: CodedValue;
  practiceSetting: CodedValue;
  facilityType: CodedValue;
}

/**
 * Everything of the document before the base64 body: the CI-SIS header in the
 * order of the official level-1 example, ending with the opening tag of
 * nonXMLBody/text. The submission has been checked (checkSubmission), so ids
 * and dates are well-formed here; every free text still goes through the
 * escapers.
 */
export function renderHead(s: DocumentSubmission, codes: HeaderCodes): string {
  const created = parisTimestamp(s.creationTime);
  return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="${HL7_NAMESPACE}">
  <realmCode code="${REALM_CODE}"/>
  <typeId root="${CDA_TYPE_ID.root}" extension="${CDA_TYPE_ID.extension}"/>
  <templateId root="${CDA_TEMPLATE_IDS.hl7France}"/>
  <templateId root="${CDA_TEMPLATE_IDS.ciSis}"/>
  <templateId root="${CDA_TEMPLATE_IDS.iheXdsSd}"/>
  <id root="${xmlAttr(s.uniqueId, 'uniqueId')}"/>
  ${coded('code', codes.typeCode)}
  <title>${xmlText(s.title, 'title')}</title>
  <effectiveTime value="${created}"/>
  ${coded('confidentialityCode', codes.confidentiality)}
  <languageCode code="${LANGUAGE_CODE}"/>
  <setId root="${xmlAttr(s.setId, 'setId')}"/>
  <versionNumber value="${s.versionNumber}"/>
${recordTarget(s.patient)}
  <author>
    <time value="${created}"/>
    <assignedAuthor>
      ${psId(s.author)}
      ${coded('code', codes.authorSpecialty)}
      <addr nullFlavor="${NOT_ASKED}"/>
      <telecom nullFlavor="${NOT_ASKED}"/>
      <assignedPerson>
        ${personName(s.author)}
      </assignedPerson>
      <representedOrganization>
        ${structureIdAndName(s.author.structure, '        ')}
        <telecom nullFlavor="${NOT_ASKED}"/>
        <addr nullFlavor="${NOT_ASKED}"/>
      </representedOrganization>
    </assignedAuthor>
  </author>
  <custodian>
    <assignedCustodian>
      <representedCustodianOrganization>
        ${structureIdAndName(s.author.structure, '        ')}
        <telecom nullFlavor="${NOT_ASKED}"/>
        <addr nullFlavor="${NOT_ASKED}"/>
      </representedCustodianOrganization>
    </assignedCustodian>
  </custodian>
  <legalAuthenticator>
    <time value="${created}"/>
    <signatureCode code="S"/>
    <assignedEntity>
      ${psId(s.author)}
      ${coded('code', codes.authorSpecialty)}
      <assignedPerson>
        ${personName(s.author)}
      </assignedPerson>
      <representedOrganization>
        ${structureIdAndName(s.author.structure, '        ')}
      </representedOrganization>
    </assignedEntity>
  </legalAuthenticator>
  <documentationOf>
    <serviceEvent>
      ${serviceTime(s)}
      <performer typeCode="PRF">
        <assignedEntity>
          ${psId(s.author)}
          ${coded('code', codes.authorSpecialty)}
          <assignedPerson>
            ${personName(s.author)}
          </assignedPerson>
          <representedOrganization>
            ${structureIdAndName(s.author.structure, '            ')}
            ${coded('standardIndustryClassCode', codes.practiceSetting)}
          </representedOrganization>
        </assignedEntity>
      </performer>
    </serviceEvent>
  </documentationOf>
${relatedDocument(s)}  <componentOf>
    <encompassingEncounter>
      <effectiveTime>
        <low value="${parisTimestamp(s.serviceStartTime)}"/>
      </effectiveTime>
      <location>
        <healthCareFacility>
          ${coded('code', codes.facilityType)}
        </healthCareFacility>
      </location>
    </encompassingEncounter>
  </componentOf>
  <component>
    <nonXMLBody>
      <text mediaType="${xmlAttr(essentialMediaType(s.content.mediaType), 'media type')}" representation="B64">`;
}

export const CDA_TAIL = `</text>
    </nonXMLBody>
  </component>
</ClinicalDocument>
`;

function coded(tag: string, c: CodedValue): string {
  const name = codeSystemName(c.codeSystem);
  return (
    `<${tag} code="${xmlAttr(c.code, `${tag}/@code`)}"` +
    ` displayName="${xmlAttr(c.displayName, `${tag}/@displayName`)}"` +
    ` codeSystem="${xmlAttr(c.codeSystem, `${tag}/@codeSystem`)}"` +
    (name ? ` codeSystemName="${name}"` : '') +
    '/>'
  );
}

/** idNat_PS of a professional with an RPPS: "8" + RPPS. */
function psId(author: DmpAuthor): string {
  return `<id root="${ID_NAT_PS_ROOT}" extension="8${xmlAttr(author.rpps, 'author RPPS')}"/>`;
}

function personName(author: DmpAuthor): string {
  return (
    `<name><given>${xmlText(author.givenNames, 'author given names')}</given>` +
    `<family>${xmlText(author.familyName, 'author family name')}</family></name>`
  );
}

function structureIdAndName(structure: HealthcareStructure, indent: string): string {
  return (
    `<id root="${ID_NAT_STRUCT_ROOT}" extension="${xmlAttr(structure.idNatStruct, 'idNat_Struct')}"/>` +
    `\n${indent}<name>${xmlText(structure.name, 'structure name')}</name>`
  );
}

/**
 * The INS traits as the CI-SIS wants them: birth name (BR), every birth first
 * name, the first one (BR), the used name (CL) when there is one, sex, birth
 * date and birth place. The structuration-minimale schematron requires the
 * birth place with an INS; when the model does not know it, it is written as
 * unknown rather than left out.
 */
function recordTarget(patient: DocumentSubmission['patient']): string {
  const gender = ADMINISTRATIVE_GENDER[patient.sex];
  const usedName = patient.usedFamilyName?.trim()
    ? `\n          <family qualifier="CL">${xmlText(patient.usedFamilyName, 'patient used name')}</family>`
    : '';
  const county = patient.birthPlaceCode
    ? `<county>${xmlText(patient.birthPlaceCode, 'patient birth place')}</county>`
    : '<county nullFlavor="UNK"/>';
  return `  <recordTarget>
    <patientRole>
      <id root="${xmlAttr(patient.ins.oid, 'INS OID')}" extension="${xmlAttr(patient.ins.matricule, 'matricule INS')}"/>
      <addr nullFlavor="${NOT_ASKED}"/>
      <telecom nullFlavor="${NOT_ASKED}"/>
      <patient>
        <name>
          <family qualifier="BR">${xmlText(patient.birthFamilyName, 'patient birth name')}</family>
          <given>${xmlText(patient.firstNames.join(' '), 'patient first names')}</given>
          <given qualifier="BR">${xmlText(patient.firstNames[0], 'patient first name')}</given>${usedName}
        </name>
        <administrativeGenderCode code="${gender.code}" displayName="${gender.displayName}" codeSystem="${gender.codeSystem}"/>
        <birthTime value="${birthTimeValue(patient.birthDate) ?? ''}"/>
        <birthplace>
          <place>
            <addr>${county}</addr>
          </place>
        </birthplace>
      </patient>
    </patientRole>
  </recordTarget>`;
}

/** low, and high when care ended at a later second (the schematron forbids low = high). */
function serviceTime(s: DocumentSubmission): string {
  const low = parisTimestamp(s.serviceStartTime);
  const high = s.serviceStopTime ? parisTimestamp(s.serviceStopTime) : undefined;
  return high && high !== low
    ? `<effectiveTime><low value="${low}"/><high value="${high}"/></effectiveTime>`
    : `<effectiveTime><low value="${low}"/></effectiveTime>`;
}

function relatedDocument(s: DocumentSubmission): string {
  if (!s.replaces) return '';
  return `  <relatedDocument typeCode="RPLC">
    <parentDocument>
      <id root="${xmlAttr(s.replaces.uniqueId, 'replaces.uniqueId')}"/>
    </parentDocument>
  </relatedDocument>
`;
}
