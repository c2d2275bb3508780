/**
 * MSSanté, the secure mail network of French health professionals: addresses
 * and rules, message composition (letters, Référentiel socle #2 headers, IHE
 * XDM), sending over SMTP and reading over IMAP with the mailbox's client
 * certificate, delivery and read reports, the Annuaire Santé, and local
 * sandboxes of an operator and of the directory. Plain TypeScript.
 */
export * from './address';
export * from './client';
export * from './compose';
export * from './conversation';
export * from './errors';
export * from './imap-mailbox';
export * from './letters';
export * from './message-id';
export * from './reports';
export * from './smtp-sender';
export * from './tls';
export * from './xdm';
export * from './directory';
// The operator sandbox's SandboxMailbox is exported as MssSandboxMailbox (the directory sandbox has its own).
export {
  MssOperatorSandbox,
  MaildirStore as MssSandboxMaildir,
  DEFAULT_DOMAIN as MSS_SANDBOX_DEFAULT_DOMAIN,
  ensureDovecot,
  locateDovecot,
} from './sandbox';
export type {
  MssOperatorSandboxOptions,
  SandboxMailbox as MssSandboxMailbox,
  StoredMessage,
} from './sandbox';
export * from './message-text';
