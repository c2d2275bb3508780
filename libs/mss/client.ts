import { type AddressRules } from './address';
import { type OutgoingMssMessage, composeMssMessage } from './compose';
import {
  type FetchedMessage,
  type ImapEndpoint,
  type MailboxCursor,
  MssMailbox,
} from './imap-mailbox';
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

export type IncomingMailboxMessage = FetchedMessage & { incoming: IncomingMssMessage };

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
    if (await this.imap.wasSent(composed.messageId)) {
      return { messageId: composed.messageId, alreadySent: true };
    }
    const sent = await this.smtp.send(composed);
    return { messageId: sent.messageId, alreadySent: false, response: sent.response };
  }

  /** New messages in the mailbox's INBOX after a cursor, each read as a report, a reply or other. */
  async fetchIncoming(
    cursor: MailboxCursor | undefined,
    limit?: number,
  ): Promise<{ messages: IncomingMailboxMessage[]; cursor: MailboxCursor }> {
    const fetched = await this.imap.fetchAfter(cursor, 'INBOX', limit);
    return {
      cursor: fetched.cursor,
      messages: fetched.messages.map((m) => ({ ...m, incoming: readIncomingMessage(m.raw) })),
    };
  }

  close(): void {
    this.smtp.close();
  }
}
