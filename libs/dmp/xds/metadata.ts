import type { CodedValue } from '../model';

/**
 * XDS metadata as plain data, in the registry's own terms and with the wire's
 * string formats (HL7 v2 datatypes, DTM times). The ITI-41 and ITI-18 writers
 * serialise it, the readers give it back, so the client and the local sandbox
 * share one shape. Everything a tampered message may lack is optional.
 */

/** One author: a DocumentEntry.author or SubmissionSet.author classification. */
export interface XdsAuthor {
  /** XCN. */
  authorPerson?: string;
  /** XON, one per organisation. */
  authorInstitution: string[];
  authorRole: string[];
  /** "code^displayName^codeSystem". */
  authorSpecialty: string[];
}

export interface DocumentEntryMetadata {
  /** The ExtrinsicObject's id (urn:uuid:…). */
  entryUUID: string;
  mimeType?: string;
  objectType?: string;
  /** Full availabilityStatus URN. */
  status?: string;
  uniqueId?: string;
  /** CX of the INS. */
  patientId?: string;
  /** Only in query responses: where the document is stored. */
  repositoryUniqueId?: string;
  title?: string;
  comments?: string;
  creationTime?: string;
  serviceStartTime?: string;
  serviceStopTime?: string;
  /** SHA-1 of the document, lower-case hex. */
  hash?: string;
  /** Size in bytes, as written. */
  size?: string;
  languageCode?: string;
  sourcePatientId?: string;
  /** "PID-n|value" entries. */
  sourcePatientInfo: string[];
  /** XCN. */
  legalAuthenticator?: string;
  authors: XdsAuthor[];
  classCode?: CodedValue;
  typeCode?: CodedValue;
  formatCode?: CodedValue;
  healthcareFacilityTypeCode?: CodedValue;
  practiceSettingCode?: CodedValue;
  confidentialityCodes: CodedValue[];
  eventCodes: CodedValue[];
  /**
   * XDM only (ITI TF-3 §4.2.3.2): the document's file name in its subset
   * directory, e.g. DOC00001.XML. Never written for an ITI-41 filing.
   */
  uri?: string;
}

export interface SubmissionSetMetadata {
  /** The RegistryPackage's id (urn:uuid:…). */
  entryUUID: string;
  uniqueId?: string;
  sourceId?: string;
  patientId?: string;
  submissionTime?: string;
  title?: string;
  contentTypeCode?: CodedValue;
  authors: XdsAuthor[];
  /** Whether a Classification marks the RegistryPackage as an XDS SubmissionSet. */
  classifiedAsSubmissionSet: boolean;
  /**
   * XDM / XDR only: the intendedRecipient values, each "XON|XCN|XTN" (ITI TF-3
   * §4.2.3.3.5). Never written for an ITI-41 filing.
   */
  intendedRecipients?: string[];
}

export interface AssociationMetadata {
  id: string;
  associationType: string;
  sourceObject: string;
  targetObject: string;
  /** HasMember from a SubmissionSet to a DocumentEntry: "Original" or "Reference". */
  submissionSetStatus?: string;
}

/** An xdsb:Document of ITI-41: its id (the DocumentEntry's) and the MTOM part holding its bytes. */
export interface XdsDocumentPart {
  id: string;
  /** Content-ID of the MTOM part, without "cid:" and angle brackets. */
  contentId?: string;
}

/** Everything an ITI-41 request carries, read back into plain data. */
export interface ParsedSubmission {
  submissionSet?: SubmissionSetMetadata;
  documentEntries: DocumentEntryMetadata[];
  associations: AssociationMetadata[];
  documents: XdsDocumentPart[];
}
