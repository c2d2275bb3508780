/**
 * The local INSi sandbox: a stand-in for the CNAM téléservice that speaks the
 * same SOAP 1.2 over the same mutual TLS, for development, tests and demos.
 */
export { InsiSandbox } from './insi-sandbox';
export type { InsiSandboxOptions, SandboxExchange } from './insi-sandbox';
export { HOMONYMS, defaultSandboxIdentities } from './identities';
export type { SandboxIdentity } from './identities';
