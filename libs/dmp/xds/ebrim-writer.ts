import type { CodedValue } from '../model';
import {
  CLASSIFICATION_SCHEME,
  IDENTIFICATION_SCHEME,
  OBJECT_TYPE,
  SUBMISSION_SET_NODE,
} from './identifiers';
import { newUuid } from './ids';
import type {
  AssociationMetadata,
  DocumentEntryMetadata,
  SubmissionSetMetadata,
  XdsAuthor,
} from './metadata';
import { element, text, type Xml } from './xml-writer';

/**
 * Serialises XDS metadata into ebRIM 3.0 objects (ITI TF-3 §4.2.3), children in
 * the order the rim schema requires: Slot*, Name, Description, Classification*,
 * ExternalIdentifier*. The `rim` prefix must be declared by an ancestor.
 */

function slot(name: string, values: readonly (string | undefined)[]): Xml | undefined {
  const present = values.filter((value): value is string => value !== undefined);
  if (present.length === 0) return undefined;
  return element(
    'rim:Slot',
    { name },
    element(
      'rim:ValueList',
      {},
      present.map((value) => element('rim:Value', {}, text(value))),
    ),
  );
}

function localized(
  tag: 'rim:Name' | 'rim:Description',
  value: string | undefined,
): Xml | undefined {
  return value === undefined
    ? undefined
    : element(tag, {}, element('rim:LocalizedString', { value }));
}

function codedClassification(scheme: string, classifiedObject: string, code: CodedValue): Xml {
  return element(
    'rim:Classification',
    {
      classificationScheme: scheme,
      classifiedObject,
      id: newUuid(),
      nodeRepresentation: code.code,
      objectType: OBJECT_TYPE.classification,
    },
    slot('codingScheme', [code.codeSystem]),
    localized('rim:Name', code.displayName),
  );
}

function authorClassification(scheme: string, classifiedObject: string, author: XdsAuthor): Xml {
  return element(
    'rim:Classification',
    {
      classificationScheme: scheme,
      classifiedObject,
      id: newUuid(),
      // An author is a classification without a node: the slots carry it.
      nodeRepresentation: '',
      objectType: OBJECT_TYPE.classification,
    },
    slot('authorPerson', [author.authorPerson]),
    slot('authorInstitution', author.authorInstitution),
    slot('authorRole', author.authorRole),
    slot('authorSpecialty', author.authorSpecialty),
  );
}

function externalIdentifier(
  identification: { scheme: string; name: string },
  registryObject: string,
  value: string | undefined,
): Xml | undefined {
  if (value === undefined) return undefined;
  return element(
    'rim:ExternalIdentifier',
    {
      id: newUuid(),
      identificationScheme: identification.scheme,
      objectType: OBJECT_TYPE.externalIdentifier,
      registryObject,
      value,
    },
    localized('rim:Name', identification.name),
  );
}

function coded(scheme: string, id: string, code: CodedValue | undefined): Xml | undefined {
  return code && codedClassification(scheme, id, code);
}

export function documentEntryXml(entry: DocumentEntryMetadata): Xml {
  const id = entry.entryUUID;
  const S = CLASSIFICATION_SCHEME;
  return element(
    'rim:ExtrinsicObject',
    { id, mimeType: entry.mimeType, objectType: entry.objectType, status: entry.status },
    slot('creationTime', [entry.creationTime]),
    slot('hash', [entry.hash]),
    slot('languageCode', [entry.languageCode]),
    slot('legalAuthenticator', [entry.legalAuthenticator]),
    slot('repositoryUniqueId', [entry.repositoryUniqueId]),
    slot('serviceStartTime', [entry.serviceStartTime]),
    slot('serviceStopTime', [entry.serviceStopTime]),
    slot('size', [entry.size]),
    slot('sourcePatientId', [entry.sourcePatientId]),
    slot('sourcePatientInfo', entry.sourcePatientInfo),
    localized('rim:Name', entry.title),
    localized('rim:Description', entry.comments),
    entry.authors.map((author) => authorClassification(S.documentEntryAuthor, id, author)),
    coded(S.classCode, id, entry.classCode),
    entry.confidentialityCodes.map((code) => codedClassification(S.confidentialityCode, id, code)),
    entry.eventCodes.map((code) => codedClassification(S.eventCodeList, id, code)),
    coded(S.formatCode, id, entry.formatCode),
    coded(S.healthcareFacilityTypeCode, id, entry.healthcareFacilityTypeCode),
    coded(S.practiceSettingCode, id, entry.practiceSettingCode),
    coded(S.typeCode, id, entry.typeCode),
    externalIdentifier(IDENTIFICATION_SCHEME.documentEntryPatientId, id, entry.patientId),
    externalIdentifier(IDENTIFICATION_SCHEME.documentEntryUniqueId, id, entry.uniqueId),
  );
}

/** The RegistryPackage and, when flagged, the Classification that makes it a SubmissionSet. */
export function submissionSetXml(set: SubmissionSetMetadata): Xml[] {
  const id = set.entryUUID;
  const S = CLASSIFICATION_SCHEME;
  const registryPackage = element(
    'rim:RegistryPackage',
    { id, objectType: OBJECT_TYPE.registryPackage },
    slot('submissionTime', [set.submissionTime]),
    localized('rim:Name', set.title),
    set.authors.map((author) => authorClassification(S.submissionSetAuthor, id, author)),
    coded(S.contentTypeCode, id, set.contentTypeCode),
    externalIdentifier(IDENTIFICATION_SCHEME.submissionSetUniqueId, id, set.uniqueId),
    externalIdentifier(IDENTIFICATION_SCHEME.submissionSetSourceId, id, set.sourceId),
    externalIdentifier(IDENTIFICATION_SCHEME.submissionSetPatientId, id, set.patientId),
  );
  if (!set.classifiedAsSubmissionSet) return [registryPackage];
  return [
    registryPackage,
    element('rim:Classification', {
      classificationNode: SUBMISSION_SET_NODE,
      classifiedObject: id,
      id: newUuid(),
      objectType: OBJECT_TYPE.classification,
    }),
  ];
}

export function associationXml(association: AssociationMetadata): Xml {
  return element(
    'rim:Association',
    {
      associationType: association.associationType,
      id: association.id,
      objectType: OBJECT_TYPE.association,
      sourceObject: association.sourceObject,
      targetObject: association.targetObject,
    },
    slot('SubmissionSetStatus', [association.submissionSetStatus]),
  );
}
