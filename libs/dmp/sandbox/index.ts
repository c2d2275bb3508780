/**
 * The local DMP sandbox: a stand-in for the national DMP that speaks the same
 * transactions over the same mutual TLS, for development, tests and demos.
 */
export { DmpSandbox } from './dmp-sandbox';
export { SandboxAdmin } from './admin';
export { getFromSandbox } from './inspection-client';
export type { SandboxPage, SandboxTls } from './inspection-client';
export {
  DEFAULT_AUTHORIZATION_MAX_AGE_MONTHS,
  DEFAULT_REPOSITORY_UNIQUE_ID,
  SANDBOX_PATHS,
} from './options';
export type {
  DmpSandboxOptions,
  SandboxDocument,
  SandboxDocumentStatus,
  SandboxIns,
} from './options';
export { SANDBOX_ERROR_CODES, SANDBOX_TD_FAULTS } from './codes';
export { SANDBOX_SCHEMA } from './schema';
// The mutual-TLS HTTPS server, shared with the other national services' sandboxes (INSi).
export { startHttpsServer } from './https-server';
export type {
  HttpsServerOptions,
  RunningServer as SandboxHttpsServer,
  SandboxRequest,
} from './https-server';
export type { HttpAnswer as SandboxHttpAnswer } from './soap-endpoint';
// Documents by other professionals than the engine's users, for tests and demos.
export { OTHER_SOFTWARE_SOURCE_ID } from './add-document';
export type { AddedDocument, OtherAuthorDocument } from './add-document';
export { OTHER_AUTHORS, demoDocumentsOf, seedOtherAuthorsDocuments } from './demo-documents';
export type { DocumentSeeding } from './demo-documents';
export type { SandboxAdminOptions } from './admin';
