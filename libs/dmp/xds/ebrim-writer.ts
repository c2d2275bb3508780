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
 *
 * Classifications and ExternalIdentifiers get fresh random ids unless `newId`
 * is given: an XDM package, which must come out byte-identical when a send is
 * retried, passes a deterministic generator.
 */

/** Makes the id of each Classification / ExternalIdentifier written. */
export type RegistryIdGenerator = () => string;

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

function codedClassification(
  scheme: string,
  classifiedObject: string,
  code: CodedValue,
  newId: RegistryIdGenerator,
): Xml {
  return element(
    'rim:Classification',
    {
      classificationScheme: scheme,
      classifiedObject,
      id: newId(),
      nodeRepresentation: code.code,
      objectType: OBJECT_TYPE.classification,
    },
    slot('codingScheme', [code.codeSystem]),
    localized('rim:Name', code.displayName),
  );
}

function authorClassification(
  scheme: string,
  classifiedObject: string,
  author: XdsAuthor,
  newId: RegistryIdGenerator,
): Xml {
  return element(
    'rim:Classification',
    {
      classificationScheme: scheme,
      classifiedObject,
      id: newId(),
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
  newId: RegistryIdGenerator,
): Xml | undefined {
  if (value === undefined) return undefined;
  return element(
    'rim:ExternalIdentifier',
    {
      id: newId(),
      identificationScheme: identification.scheme,
      objectType: OBJECT_TYPE.externalIdentifier,
      registryObject,
      value,
    },
    localized('rim:Name', identification.name),
  );
}

function coded(
  scheme: string,
  id: string,
  code: CodedValue | undefined,
  newId: RegistryIdGenerator,
): Xml | undefined {
  return code && codedClassification(scheme, id, code, newId);
}

export function documentEntryXml(
  entry: DocumentEntryMetadata,
  newId: RegistryIdGenerator = newUuid,
): Xml {
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
    slot('URI', [entry.uri]),
    localized('rim:Name', entry.title),
    localized('rim:Description', entry.comments),
    entry.authors.map((author) => authorClassification(S.documentEntryAuthor, id, author, newId)),
    coded(S.classCode, id, entry.classCode, newId),
    entry.confidentialityCodes.map((code) =>
      codedClassification(S.confidentialityCode, id, code, newId),
    ),
    entry.eventCodes.map((code) => codedClassification(S.eventCodeList, id, code, newId)),
    coded(S.formatCode, id, entry.formatCode, newId),
    coded(S.healthcareFacilityTypeCode, id, entry.healthcareFacilityTypeCode, newId),
    coded(S.practiceSettingCode, id, entry.practiceSettingCode, newId),
    coded(S.typeCode, id, entry.typeCode, newId),
    externalIdentifier(IDENTIFICATION_SCHEME.documentEntryPatientId, id, entry.patientId, newId),
    externalIdentifier(IDENTIFICATION_SCHEME.documentEntryUniqueId, id, entry.uniqueId, newId),
  );
}

/** The RegistryPackage and, when flagged, the Classification that makes it a SubmissionSet. */
export function submissionSetXml(
  set: SubmissionSetMetadata,
  newId: RegistryIdGenerator = newUuid,
): Xml[] {
  const id = set.entryUUID;
  const S = CLASSIFICATION_SCHEME;
  const registryPackage = element(
    'rim:RegistryPackage',
    { id, objectType: OBJECT_TYPE.registryPackage },
    slot('intendedRecipient', set.intendedRecipients ?? []),
    slot('submissionTime', [set.submissionTime]),
    localized('rim:Name', set.title),
    set.authors.map((author) => authorClassification(S.submissionSetAuthor, id, author, newId)),
    coded(S.contentTypeCode, id, set.contentTypeCode, newId),
    externalIdentifier(IDENTIFICATION_SCHEME.submissionSetUniqueId, id, set.uniqueId, newId),
    externalIdentifier(IDENTIFICATION_SCHEME.submissionSetSourceId, id, set.sourceId, newId),
    externalIdentifier(IDENTIFICATION_SCHEME.submissionSetPatientId, id, set.patientId, newId),
  );
  if (!set.classifiedAsSubmissionSet) return [registryPackage];
  return [
    registryPackage,
    element('rim:Classification', {
      classificationNode: SUBMISSION_SET_NODE,
      classifiedObject: id,
      id: newId(),
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
