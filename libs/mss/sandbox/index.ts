/**
 * The local MSSanté operator sandbox: real SMTP and IMAP servers on loopback,
 * behind the same mutual TLS as an operator, for tests, the demo and `npm start`.
 */
export { MssOperatorSandbox } from './mss-operator-sandbox';
export { MaildirStore } from './maildir';
export { DEFAULT_DOMAIN, DEFAULT_MAX_MESSAGE_BYTES } from './options';
export type {
  MssOperatorSandboxOptions,
  SandboxFolder,
  SandboxMailbox,
  SandboxTls,
  StoredMessage,
} from './options';
export { DOVECOT_PACKAGES, ensureDovecot, locateDovecot } from './dovecot';
export type { EnsureDovecotOptions, LocateDovecotOptions } from './dovecot';
export { composeDsn } from './dsn';
export type { ComposedMessage, DsnInput, DsnRecipient } from './dsn';
export { composeMdn, composeReply } from './mdn';
export type { MdnInput, ReplyInput } from './mdn';
export {
  conversationState,
  hasEndHeader,
  patientReplyRefusal,
  professionalSender,
} from './patient-conversation';
export type { ConversationState, PatientReplyOptions } from './patient-conversation';
export { invisibleToPatientReason } from './xdm-visibility';
