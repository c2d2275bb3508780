import { ImapFlow } from 'imapflow';
import { MssError } from './errors';
import { bracketedMessageId } from './message-id';
import { type MssTlsCredentials, isTlsFailure, messageOf, mssSecureContext, sniOf } from './tls';

/** Where the operator's IMAP service listens. */
export interface ImapEndpoint {
  host: string;
  port: number;
  /** Implicit TLS (993-style) when true; otherwise STARTTLS, which imapflow then requires. */
  implicitTls: boolean;
  servername?: string;
}

export interface MssMailboxOptions {
  endpoint: ImapEndpoint;
  tls: MssTlsCredentials;
  /** The mailbox's address (the IMAP login). */
  user: string;
  /** The mailbox's IMAP password, when the operator asks for one besides the certificate. */
  password?: string;
  /** Folder where the operator keeps sent messages; found by its \Sent special use when unset. */
  sentFolder?: string;
  timeoutMs?: number;
}

/** A position in a folder: messages after `uid` are new, as long as `uidValidity` has not changed. */
export interface MailboxCursor {
  uidValidity: string;
  uid: number;
}

export interface FetchedMessage {
  uid: number;
  raw: Buffer;
}

/**
 * The engine's mailbox at its operator, over IMAP with the same client
 * certificate as SMTP. Each call opens its own connection and logs out: calls
 * are rare (a poll every few minutes, a check before a send) and a held
 * connection would only add reconnection logic.
 */
export class MssMailbox {
  constructor(private readonly options: MssMailboxOptions) {}

  /**
   * Whether a message with this Message-ID is in the Sent folder, i.e. the
   * operator accepted it: the check that keeps a retried send from sending twice.
   */
  async wasSent(messageId: string): Promise<boolean> {
    return this.session(async (client) => {
      const folder = await this.sentFolder(client);
      const lock = await client.getMailboxLock(folder, { readOnly: true });
      try {
        const found = await client.search(
          { header: { 'message-id': bracketedMessageId(messageId) } },
          { uid: true },
        );
        return Array.isArray(found) && found.length > 0;
      } finally {
        lock.release();
      }
    });
  }

  /**
   * Messages of a folder after a cursor, oldest first, and the cursor to keep
   * for next time. A changed UIDVALIDITY means the operator renumbered the
   * folder: everything is read again (matching is idempotent downstream).
   */
  async fetchAfter(
    cursor: MailboxCursor | undefined,
    folder = 'INBOX',
    limit = 200,
  ): Promise<{ messages: FetchedMessage[]; cursor: MailboxCursor }> {
    return this.session(async (client) => {
      const lock = await client.getMailboxLock(folder, { readOnly: true });
      try {
        const mailbox = client.mailbox;
        const uidValidity = String(mailbox ? mailbox.uidValidity : '');
        const after = cursor && cursor.uidValidity === uidValidity ? cursor.uid : 0;
        const messages: FetchedMessage[] = [];
        if (mailbox && mailbox.exists > 0) {
          // "n:*" always names the last message, even below n: filter on the uid.
          for await (const message of client.fetch(
            `${after + 1}:*`,
            { uid: true, source: true },
            { uid: true },
          )) {
            if (message.uid > after && message.source)
              messages.push({ uid: message.uid, raw: message.source });
            if (messages.length >= limit) break;
          }
        }
        messages.sort((a, b) => a.uid - b.uid);
        const last = messages.at(-1)?.uid ?? after;
        return { messages, cursor: { uidValidity, uid: last } };
      } finally {
        lock.release();
      }
    });
  }

  private async sentFolder(client: ImapFlow): Promise<string> {
    if (this.options.sentFolder) return this.options.sentFolder;
    const folders = await client.list();
    return folders.find((f) => f.specialUse === '\\Sent')?.path ?? 'Sent';
  }

  private async session<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const { endpoint } = this.options;
    const client = new ImapFlow({
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.implicitTls,
      ...sniOf(endpoint),
      auth: {
        user: this.options.user,
        ...(this.options.password ? { pass: this.options.password } : {}),
      },
      tls: { secureContext: mssSecureContext(this.options.tls), rejectUnauthorized: true },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: this.options.timeoutMs ?? 30_000,
      greetingTimeout: this.options.timeoutMs ?? 30_000,
      socketTimeout: this.options.timeoutMs ?? 60_000,
    });
    // imapflow reports socket errors as events too; the failed call below carries them.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      throw imapError(error);
    }
    try {
      return await work(client);
    } catch (error) {
      throw error instanceof MssError ? error : imapError(error);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }
}

function imapError(error: unknown): MssError {
  const failure = error as { authenticationFailed?: boolean; responseText?: string };
  if (failure?.authenticationFailed) {
    return new MssError(
      'TLS_FAILED',
      `the operator refused the mailbox's login: ${failure.responseText ?? messageOf(error)}`,
    );
  }
  if (isTlsFailure(error)) {
    return new MssError(
      'TLS_FAILED',
      `TLS with the operator's IMAP service failed: ${messageOf(error)}`,
      undefined,
      {
        cause: error,
      },
    );
  }
  return new MssError(
    'OPERATOR_UNAVAILABLE',
    `the operator's IMAP service cannot be reached: ${messageOf(error)}`,
    undefined,
    {
      cause: error,
    },
  );
}
