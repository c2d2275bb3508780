export { PscError, type PscErrorCode } from './errors';
export {
  PROFESSION_ORTHOPHONISTE,
  type PscActivity,
  type PscAddress,
  type PscExercice,
  type PscPractitioner,
  type PscStructure,
  isOrthophoniste,
  practitionerFromUserinfo,
} from './practitioner-claims';
export {
  type PscAuthorizationRequest,
  PscClient,
  type PscClientOptions,
  type PscIdTokenClaims,
  type PscIntrospection,
  type PscLogin,
  type PscPendingLogin,
  type PscRefresh,
  type PscTokens,
} from './psc-client';
export {
  PSC_ACR,
  PSC_DISCOVERY_PATH,
  PSC_ENVIRONMENTS,
  PSC_REALM_PATH,
  PSC_SCOPE,
  type PscEnvironment,
} from './psc-protocol';
export * from './sandbox';
