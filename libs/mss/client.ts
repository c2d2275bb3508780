import { type AddressRules } from './address';
import { type OutgoingMssMessage, composeMssMessage } from './compose';
import {
  type FetchedMessage,
  type ImapEndpoint,
  type MailboxCursor,
  MssMailbox,
} from './imap-mailbox';
import { MssError } from './errors';
import { type IncomingMssMessage, readIncomingMessage } from './reports';
import { MssSmtpSender, type SmtpEndpoint } from './smtp-sender';
import type { MssTlsCredentials } from './tls';

export interface MssClientOptions {
  smtp: SmtpEndpoint;
  imap: ImapEndpoint;
  tls: MssTlsCredentials;
  /** The engine's mailbox at the operator: the sender of every message and where reports arrive. */
  mailbox: { address: string; password?: string; sentFolder?: string };
  /** X-MSS-NIL. */
  nil: string;
  addressRules?: AddressRules;
  maxConnections?: number;
  timeoutMs?: number;
}

export interface MssSendResult {
  messageId: string;
  /** The operator had already accepted this Message-ID (an earlier attempt): nothing was sent now. */
  alreadySent: boolean;
  /** The operator's reply to this submission; absent when already sent. */
  response?: string;
}

/**
 * A message of the mailbox, read as a report, a reply or other; or, when its
 * bytes cannot be read at all, `unreadable` with the reason (a poison message:
 * the caller keeps it aside and goes on).
 */
export type IncomingMailboxMessage = FetchedMessage &
  (
    | { incoming: IncomingMssMessage; unreadable?: undefined }
    | { incoming?: undefined; unreadable: string }
  );

/**
 * The engine's MSSanté mailbox: sends through SMTP, reads through IMAP, with
 * one client certificate. `send` is idempotent per Message-ID: before
 * submitting, it looks for the Message-ID among the messages the operator
 * keeps as sent, so an attempt that died after the operator accepted the
 * message (worker killed, reply lost) is recognised instead of sent again.
 */
export class MssClient {
  private readonly smtp: MssSmtpSender;
  private readonly imap: MssMailbox;

  constructor(private readonly options: MssClientOptions) {
    this.smtp = new MssSmtpSender({
      endpoint: options.smtp,
      tls: options.tls,
      ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.imap = new MssMailbox({
      endpoint: options.imap,
      tls: options.tls,
      user: options.mailbox.address,
      ...(options.mailbox.password ? { password: options.mailbox.password } : {}),
      ...(options.mailbox.sentFolder ? { sentFolder: options.mailbox.sentFolder } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  get address(): string {
    return this.options.mailbox.address;
  }

  /** Checks the rules, then sends unless the operator already has this Message-ID. */
  async send(
    message: Omit<OutgoingMssMessage, 'from'> & { fromName?: string },
  ): Promise<MssSendResult> {
    const { fromName, ...rest } = message;
    const composed = composeMssMessage(
      { ...rest, from: { address: this.address, ...(fromName ? { name: fromName } : {}) } },
      {
        nil: this.options.nil,
        ...(this.options.addressRules ? { addressRules: this.options.addressRules } : {}),
      },
    );
    if (await this.sentAlready(composed.messageId)) {
      return { messageId: composed.messageId, alreadySent: true };
    }
    const sent = await this.smtp.send(composed);
    return { messageId: sent.messageId, alreadySent: false, response: sent.response };
  }

  /**
   * Whether the operator already holds this Message-ID among the sent
   * messages. IMAP out of reach is no reason to hold every message back: the
   * check is skipped (said in the log's counterpart, the caller's outcome), and
   * the sender's own record (one step, one Message-ID, marked once sent) is
   * what keeps a message from going twice meanwhile.
   */
  private async sentAlready(messageId: string): Promise<boolean> {
    try {
      return await this.imap.wasSent(messageId);
    } catch (error) {
      if (error instanceof MssError && error.code === 'OPERATOR_UNAVAILABLE') return false;
      throw error;
    }
  }

  /** New messages in the mailbox's INBOX after a cursor, each read as a report, a reply or other. */
  async fetchIncoming(
    cursor: MailboxCursor | undefined,
    limit?: number,
  ): Promise<{ messages: IncomingMailboxMessage[]; cursor: MailboxCursor }> {
    const fetched = await this.imap.fetchAfter(cursor, 'INBOX', limit);
    return {
      cursor: fetched.cursor,
      messages: fetched.messages.map((m): IncomingMailboxMessage => {
        try {
          return { ...m, incoming: readIncomingMessage(m.raw) };
        } catch (error) {
          return { ...m, unreadable: `unreadable message: ${(error as Error).message}` };
        }
      }),
    };
  }

  close(): void {
    this.smtp.close();
  }
}
