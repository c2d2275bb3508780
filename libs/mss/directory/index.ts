export {
  ANNUAIRE_SANTE_BASE_URL,
  AnnuaireSanteClient,
  type AnnuaireSanteClientOptions,
  DEFAULT_DIRECTORY_TIMEOUT_MS,
  type DirectoryProfessional,
} from './annuaire-client';
export { ORTHOPHONISTE_PROFESSION_CODE, professionCodesOf } from './profession';
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
