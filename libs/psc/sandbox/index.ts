export {
  PscSandbox,
  type PscSandboxClient,
  type PscSandboxLifetimes,
  type PscSandboxOptions,
} from './psc-sandbox';
export { DEFAULT_PSC_SANDBOX_PRACTITIONERS, type PscSandboxPractitioner } from './practitioners';
export { PSC_SCOPE_ALL_CLAIMS, pscSubjectOf, pscUserinfoOf } from './psc-userinfo';
export { SandboxBrowser, type SandboxLoginOptions } from './sandbox-browser';
