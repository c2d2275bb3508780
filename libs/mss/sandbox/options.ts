/**
 * What the MSSanté operator sandbox is configured with, and what it hands back
 * when a test reads a mailbox.
 */

/** One mailbox of the sandbox's test directory. */
export interface SandboxMailbox {
  /** e.g. 'claire.martin@medecin.mssante.fr' or '<INS>@patient.mssante.fr'; matched case-insensitively. */
  address: string;
  /** Personal (PER), organisational (ORG), application (APP) or patient mailbox. */
  kind: 'PER' | 'ORG' | 'APP' | 'PATIENT';
  displayName?: string;
  /**
   * When set, only a client certificate whose subject OU is this idNat_Struct
   * may send from the mailbox (IGC-Santé puts idNat_Struct in the OU).
   */
  structureIdNat?: string;
  /** Once the mailbox holds this many bytes (all folders), RCPT TO is answered 552 5.2.2. */
  quotaBytes?: number;
  /** The receiving software answers an MDN request by itself once the message is stored. */
  autoMdn?: 'processed' | 'displayed';
  /** Messages are accepted but never stored; a failure DSN (5.2.1) goes back when asked for. */
  deliveryFails?: boolean;
}

export interface SandboxTls {
  /** CAs that may issue client certificates (the test PKI's root and intermediate). */
  caPem: string[];
  keyPem: string;
  /** The server certificate, followed by its chain if the client needs it. */
  certificatePem: string;
}

export interface MssOperatorSandboxOptions {
  /** Maildirs, Dovecot's configuration and base_dir; created if missing. */
  dataDir: string;
  tls: SandboxTls;
  mailboxes: SandboxMailbox[];
  /** Listen address of SMTP and IMAP; 127.0.0.1 by default. */
  host?: string;
  /** Free ports by default. */
  smtpPort?: number;
  imapPort?: number;
  /** The operator's host name, in Reporting-MTA, Received and MAILER-DAEMON@; 'mss-sandbox.localhost' by default. */
  domain?: string;
  /** Store a copy of each accepted message in the sender's Sent folder; true by default. */
  keepSentCopy?: boolean;
  /** Largest message accepted (advertised by SIZE); 50 MB by default. */
  maxMessageBytes?: number;
  /** The dovecot binary; located as `locateDovecot()` does otherwise. */
  dovecotPath?: string;
  log?: (line: string) => void;
}

export type SandboxFolder = 'INBOX' | 'Sent';

/** A message as it lies in a Maildir. */
export interface StoredMessage {
  /** Path of the Maildir file. */
  file: string;
  /** The file's bytes: what was received plus the headers delivery put on top. */
  raw: Buffer;
  /** With its angle brackets, as in the header. */
  messageId?: string;
  /** Decoded (RFC 2047). */
  subject?: string;
  receivedAt: Date;
}

export const DEFAULT_DOMAIN = 'mss-sandbox.localhost';
export const DEFAULT_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
