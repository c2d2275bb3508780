export { AnnuaireSandbox, type AnnuaireSandboxOptions } from './annuaire-sandbox';
export {
  DEFAULT_SANDBOX_API_KEY,
  DEFAULT_SANDBOX_PRACTITIONERS,
  SANDBOX_ORTHOPHONISTES,
  SANDBOX_PHYSICIANS,
  type SandboxMailbox,
  type SandboxMailboxType,
  type SandboxPractice,
  type SandboxPractitioner,
  sandboxMssMailboxes,
} from './practitioners';
