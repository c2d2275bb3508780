/**
 * The fixed identifiers of IHE ITI TF-3 (XDS metadata in ebRIM 3.0, §4.2.5) and
 * of ebRS 3.0 that the messages use. Registries match them literally, so they
 * live in one place.
 */

/** ClassificationScheme of each coded DocumentEntry / SubmissionSet attribute. */
export const CLASSIFICATION_SCHEME = {
  documentEntryAuthor: 'urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d',
  classCode: 'urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a',
  confidentialityCode: 'urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f',
  eventCodeList: 'urn:uuid:2c6b8cb7-8b2a-4051-b291-b1ae6a575ef4',
  formatCode: 'urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d',
  healthcareFacilityTypeCode: 'urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1',
  practiceSettingCode: 'urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead',
  typeCode: 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983',
  submissionSetAuthor: 'urn:uuid:a7058bb9-b4e4-4307-ba5b-e3f0ab85e12d',
  contentTypeCode: 'urn:uuid:aa543740-bdda-424e-8c96-df4873be8500',
} as const;

/** ClassificationNode that marks a RegistryPackage as an XDS SubmissionSet. */
export const SUBMISSION_SET_NODE = 'urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd';

/** IdentificationScheme of each ExternalIdentifier, with the Name IHE gives it. */
export const IDENTIFICATION_SCHEME = {
  documentEntryPatientId: {
    scheme: 'urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427',
    name: 'XDSDocumentEntry.patientId',
  },
  documentEntryUniqueId: {
    scheme: 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab',
    name: 'XDSDocumentEntry.uniqueId',
  },
  submissionSetPatientId: {
    scheme: 'urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446',
    name: 'XDSSubmissionSet.patientId',
  },
  submissionSetSourceId: {
    scheme: 'urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832',
    name: 'XDSSubmissionSet.sourceId',
  },
  submissionSetUniqueId: {
    scheme: 'urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8',
    name: 'XDSSubmissionSet.uniqueId',
  },
} as const;

/** objectType of a DocumentEntry: stable (a stored document) or on-demand (generated when read). */
export const DOCUMENT_ENTRY_TYPE = {
  stable: 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1',
  onDemand: 'urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248',
} as const;

export const OBJECT_TYPE = {
  classification: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Classification',
  externalIdentifier:
    'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:ExternalIdentifier',
  registryPackage: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage',
  association: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Association',
} as const;

export const AVAILABILITY_STATUS = {
  approved: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved',
  deprecated: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated',
} as const;

export const ASSOCIATION_TYPE = {
  hasMember: 'urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember',
  replace: 'urn:ihe:iti:2007:AssociationType:RPLC',
} as const;

export const RESPONSE_STATUS = {
  success: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success',
  failure: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure',
  partialSuccess: 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess',
} as const;

export const ERROR_SEVERITY = {
  error: 'urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error',
  warning: 'urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Warning',
} as const;

/** Registry Stored Query ids (ITI TF-2a §3.18.4.1.2.3.7). */
export const STORED_QUERY = {
  findDocuments: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d',
  getDocuments: 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4',
} as const;
