export * from './errors';
export * from './model';
export * from './value-sets';
export * from './cda';
// The XDS.b message layer; its constants (namespaces, IHE UUIDs, HL7 helpers) stay under './xds'.
export {
  XDS_VALUE_SETS,
  TYPE_CODES_OF_CLASS,
  DEFAULT_CONTENT_TYPE_CODE,
  buildProvideAndRegisterRequest,
  parseProvideAndRegisterRequest,
  writeProvideAndRegisterRequest,
  provideAndRegisterMetadata,
  checkSubmission,
  contentProblems,
  buildFindDocumentsRequest,
  buildGetDocumentsRequest,
  parseAdhocQueryRequest,
  buildAdhocQueryResponse,
  parseAdhocQueryResponse,
  parseAdhocQueryResponseEntries,
  buildRetrieveDocumentSetRequest,
  parseRetrieveDocumentSetRequest,
  buildRetrieveDocumentSetResponse,
  parseRetrieveDocumentSetResponse,
  buildRegistryResponse,
  parseRegistryResponse,
  dmpErrorFor,
  parseXdsTime,
  assertRegistrySuccess,
  confidentialityCodesFor,
  visibilityFromConfidentialityCodes,
  forbiddenVisibilityReason,
} from './xds';
export type {
  ProvideAndRegisterInput,
  ParsedSubmission,
  DocumentEntryMetadata,
  SubmissionSetMetadata,
  AssociationMetadata,
  XdsAuthor,
  XdsDocumentPart,
  DocumentEntrySummary,
  StoredQuery,
  FindDocumentsQuery,
  GetDocumentsQuery,
  DocumentReference,
  RetrievedDocument,
  RetrieveDocumentSetResult,
  RegistryError,
  RegistryResponse,
  RegistryStatus,
} from './xds';
// The transport: SOAP 1.2 + WS-Addressing + VIHF, MTOM, mutual TLS, TD0.x transactions.
export * from './transport';
export * from './client';
export * from './sandbox';
