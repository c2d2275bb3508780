import type { Element } from '@xmldom/xmldom';
import type { CodedValue } from '../model';
import { CLASSIFICATION_SCHEME, IDENTIFICATION_SCHEME, SUBMISSION_SET_NODE } from './identifiers';
import type {
  AssociationMetadata,
  DocumentEntryMetadata,
  SubmissionSetMetadata,
  XdsAuthor,
} from './metadata';
import { NS } from './namespaces';
import { attribute, child, children } from './xml-reader';

/**
 * Reads ebRIM 3.0 objects back into XDS metadata. It reads what is there and
 * judges nothing: missing parts come back undefined (or empty), for
 * checkSubmission to report.
 */

export function slotValues(parent: Element, name: string): string[] {
  const found = children(parent, NS.rim, 'Slot').find((s) => attribute(s, 'name') === name);
  const valueList = found && child(found, NS.rim, 'ValueList');
  return valueList
    ? children(valueList, NS.rim, 'Value').map((value) => (value.textContent ?? '').trim())
    : [];
}

const slotValue = (parent: Element, name: string): string | undefined =>
  slotValues(parent, name)[0];

function localized(parent: Element, tag: 'Name' | 'Description'): string | undefined {
  const holder = child(parent, NS.rim, tag);
  const localizedString = holder && child(holder, NS.rim, 'LocalizedString');
  return localizedString && attribute(localizedString, 'value');
}

function classifications(parent: Element, scheme: string): Element[] {
  return children(parent, NS.rim, 'Classification').filter(
    (c) => attribute(c, 'classificationScheme') === scheme,
  );
}

function codedValue(classification: Element): CodedValue {
  return {
    code: attribute(classification, 'nodeRepresentation') ?? '',
    codeSystem: slotValue(classification, 'codingScheme') ?? '',
    displayName: localized(classification, 'Name') ?? '',
  };
}

const codedValues = (parent: Element, scheme: string): CodedValue[] =>
  classifications(parent, scheme).map(codedValue);

const firstCoded = (parent: Element, scheme: string): CodedValue | undefined =>
  codedValues(parent, scheme)[0];

function authors(parent: Element, scheme: string): XdsAuthor[] {
  return classifications(parent, scheme).map((classification) => ({
    authorPerson: slotValue(classification, 'authorPerson'),
    authorInstitution: slotValues(classification, 'authorInstitution'),
    authorRole: slotValues(classification, 'authorRole'),
    authorSpecialty: slotValues(classification, 'authorSpecialty'),
  }));
}

function externalIdentifier(parent: Element, scheme: string): string | undefined {
  const found = children(parent, NS.rim, 'ExternalIdentifier').find(
    (e) => attribute(e, 'identificationScheme') === scheme,
  );
  return found && attribute(found, 'value');
}

/** `{ key: value }`, or `{}` when the value is absent: spread into a result that has no undefined keys. */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

const nonEmpty = (values: string[]): string[] | undefined => (values.length ? values : undefined);

export function readDocumentEntry(extrinsicObject: Element): DocumentEntryMetadata {
  const e = extrinsicObject;
  const S = CLASSIFICATION_SCHEME;
  return {
    entryUUID: attribute(e, 'id') ?? '',
    mimeType: attribute(e, 'mimeType'),
    objectType: attribute(e, 'objectType'),
    status: attribute(e, 'status'),
    uniqueId: externalIdentifier(e, IDENTIFICATION_SCHEME.documentEntryUniqueId.scheme),
    patientId: externalIdentifier(e, IDENTIFICATION_SCHEME.documentEntryPatientId.scheme),
    repositoryUniqueId: slotValue(e, 'repositoryUniqueId'),
    title: localized(e, 'Name'),
    comments: localized(e, 'Description'),
    creationTime: slotValue(e, 'creationTime'),
    serviceStartTime: slotValue(e, 'serviceStartTime'),
    serviceStopTime: slotValue(e, 'serviceStopTime'),
    hash: slotValue(e, 'hash'),
    size: slotValue(e, 'size'),
    languageCode: slotValue(e, 'languageCode'),
    sourcePatientId: slotValue(e, 'sourcePatientId'),
    sourcePatientInfo: slotValues(e, 'sourcePatientInfo'),
    legalAuthenticator: slotValue(e, 'legalAuthenticator'),
    authors: authors(e, S.documentEntryAuthor),
    classCode: firstCoded(e, S.classCode),
    typeCode: firstCoded(e, S.typeCode),
    formatCode: firstCoded(e, S.formatCode),
    healthcareFacilityTypeCode: firstCoded(e, S.healthcareFacilityTypeCode),
    practiceSettingCode: firstCoded(e, S.practiceSettingCode),
    confidentialityCodes: codedValues(e, S.confidentialityCode),
    eventCodes: codedValues(e, S.eventCodeList),
    // XDM only; left out rather than undefined so that ITI-41 results keep their shape.
    ...optional('uri', slotValue(e, 'URI')),
  };
}

/**
 * Reads a RegistryPackage; `registryObjectList` is searched for the
 * Classification that marks it as a SubmissionSet (it sits beside the package).
 */
export function readSubmissionSet(
  registryPackage: Element,
  registryObjectList: Element,
): SubmissionSetMetadata {
  const p = registryPackage;
  const id = attribute(p, 'id') ?? '';
  const marker = [
    ...children(registryObjectList, NS.rim, 'Classification'),
    ...children(p, NS.rim, 'Classification'),
  ].some(
    (c) =>
      attribute(c, 'classificationNode') === SUBMISSION_SET_NODE &&
      attribute(c, 'classifiedObject') === id,
  );
  return {
    entryUUID: id,
    uniqueId: externalIdentifier(p, IDENTIFICATION_SCHEME.submissionSetUniqueId.scheme),
    sourceId: externalIdentifier(p, IDENTIFICATION_SCHEME.submissionSetSourceId.scheme),
    patientId: externalIdentifier(p, IDENTIFICATION_SCHEME.submissionSetPatientId.scheme),
    submissionTime: slotValue(p, 'submissionTime'),
    title: localized(p, 'Name'),
    contentTypeCode: firstCoded(p, CLASSIFICATION_SCHEME.contentTypeCode),
    authors: authors(p, CLASSIFICATION_SCHEME.submissionSetAuthor),
    classifiedAsSubmissionSet: marker,
    ...optional('intendedRecipients', nonEmpty(slotValues(p, 'intendedRecipient'))),
  };
}

export function readAssociation(association: Element): AssociationMetadata {
  return {
    id: attribute(association, 'id') ?? '',
    associationType: attribute(association, 'associationType') ?? '',
    sourceObject: attribute(association, 'sourceObject') ?? '',
    targetObject: attribute(association, 'targetObject') ?? '',
    submissionSetStatus: slotValue(association, 'SubmissionSetStatus'),
  };
}
