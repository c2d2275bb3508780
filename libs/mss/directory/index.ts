export {
  ANNUAIRE_SANTE_BASE_URL,
  AnnuaireSanteClient,
  type AnnuaireSanteClientOptions,
  DEFAULT_DIRECTORY_TIMEOUT_MS,
} from './annuaire-client';
export {
  type DirectoryMailbox,
  type DirectoryPractitioner,
  type MailboxType,
  chooseMailbox,
  mssMailboxesOf,
  practitionerFromResources,
  rppsOf,
} from './directory-model';
export * as fhir from './fhir-types';
export * from './sandbox';
