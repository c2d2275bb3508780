export {
  ANNUAIRE_SANTE_BASE_URL,
  AnnuaireSanteClient,
  type AnnuaireSanteClientOptions,
  DEFAULT_DIRECTORY_TIMEOUT_MS,
  type DirectoryProfessional,
  MAX_PHYSICIAN_RESULTS,
  type PhysicianSearch,
} from './annuaire-client';
export { ORTHOPHONISTE_PROFESSION_CODE, professionCodesOf } from './profession';
export {
  type DirectoryMailbox,
  type DirectoryPhysician,
  type DirectoryPlace,
  type DirectoryPractitioner,
  type MailboxType,
  chooseMailbox,
  mssMailboxesOf,
  practitionerFromResources,
  rppsOf,
} from './directory-model';
export * as fhir from './fhir-types';
export * from './sandbox';
