import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePort } from '@app/config';
import { LocalDelivery } from './delivery';
import { SandboxDirectory } from './directory';
import { locateDovecot } from './dovecot';
import { resolveDovecotUsers } from './dovecot-users';
import { ImapService } from './imap-service';
import { MaildirStore } from './maildir';
import { composeMdn, composeReply } from './mdn';
import { bareAddress, headerValue, parseHeaders } from './mime';
import {
  DEFAULT_DOMAIN,
  DEFAULT_MAX_MESSAGE_BYTES,
  type MssOperatorSandboxOptions,
  type SandboxFolder,
  type SandboxMailbox,
  type StoredMessage,
} from './options';
import {
  type ConversationState,
  type PatientReplyOptions,
  conversationState,
  patientReplyRefusal,
  professionalSender,
} from './patient-conversation';
import { type RunningSmtp, startSmtpListener } from './smtp-listener';

/**
 * A local stand-in for an MSSanté operator, made of real servers on
 * loopback: SMTP (smtp-server, implicit TLS, client certificate required)
 * delivering into Maildirs, and Dovecot serving those Maildirs over imaps
 * with the same mutual TLS. It imitates what the engine relies on from an
 * operator: a sent copy in Sent, DSNs on request, automatic MDNs from
 * software mailboxes, and Mon espace santé's rules for patient mailboxes.
 * Tests read mailboxes straight from disk (`messages`).
 */
export class MssOperatorSandbox {
  private smtpServer: RunningSmtp | undefined;
  private suspended = false;
  private stopped = false;

  private constructor(
    private readonly options: MssOperatorSandboxOptions,
    private readonly directory: SandboxDirectory,
    private readonly store: MaildirStore,
    private readonly delivery: LocalDelivery,
    private readonly imapService: ImapService,
    readonly smtp: { host: string; port: number },
    readonly imap: { host: string; port: number },
    private readonly domain: string,
  ) {}

  static async start(options: MssOperatorSandboxOptions): Promise<MssOperatorSandbox> {
    const log = options.log ?? (() => undefined);
    const host = options.host ?? '127.0.0.1';
    const domain = options.domain ?? DEFAULT_DOMAIN;
    const dataDir = resolve(options.dataDir);
    const dovecotPath = options.dovecotPath ?? (await locateDovecot());
    if (!dovecotPath) {
      throw new Error(
        'Dovecot is not installed: run `npm run dovecot:install` (see libs/mss/sandbox/README.md)',
      );
    }
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const users = await resolveDovecotUsers();
    const directory = new SandboxDirectory(options.mailboxes);
    const mailRoot = join(dataDir, 'mail');
    const store = new MaildirStore(
      mailRoot,
      users.changeOwner ? { uid: users.mail.uid, gid: users.mail.gid } : undefined,
    );
    // 0 means "any free port" as for listen(); Dovecot would read it as "no listener".
    const imapPort = options.imapPort || (await freePort());
    const imapService = await ImapService.prepare({
      dataDir,
      mailRoot,
      host,
      port: imapPort,
      tls: options.tls,
      dovecotPath,
      users,
      log,
    });
    for (const mailbox of directory.all()) await store.ensureMailbox(mailbox.address);
    await imapService.accounts.ensure(directory.all().map((mailbox) => mailbox.address));

    const delivery = new LocalDelivery({
      directory,
      store,
      domain,
      keepSentCopy: options.keepSentCopy ?? true,
      log,
    });
    // Chosen now, so that resume() listens on the same port again.
    const smtpPort = options.smtpPort || (await freePort());
    const sandbox = new MssOperatorSandbox(
      { ...options, host, dataDir },
      directory,
      store,
      delivery,
      imapService,
      { host, port: smtpPort },
      { host, port: imapPort },
      domain,
    );
    try {
      await sandbox.listen();
    } catch (error) {
      await sandbox.stop();
      throw error;
    }
    log(`MSSanté operator sandbox: smtps ${host}:${smtpPort}, imaps ${host}:${imapPort}`);
    return sandbox;
  }

  /** The IMAP password of a mailbox (the login is the address; a client certificate is needed too). */
  imapPassword(address: string): string {
    const password = this.imapService.accounts.password(address);
    if (!password) throw new Error(`<${address}> is not a mailbox of the sandbox`);
    return password;
  }

  mailboxes(): SandboxMailbox[] {
    return this.directory.all();
  }

  /** Adds (or redefines) a mailbox; it can receive and log in over IMAP at once. */
  async addMailbox(mailbox: SandboxMailbox): Promise<void> {
    const added = this.directory.add(mailbox);
    await this.store.ensureMailbox(added.address);
    await this.imapService.accounts.ensure([added.address]);
  }

  /** The messages of a folder, oldest first, read from the Maildir. */
  async messages(address: string, folder: SandboxFolder = 'INBOX'): Promise<StoredMessage[]> {
    return this.store.list(address, folder);
  }

  /**
   * The mailbox `fromAddress` answers a message it received with an MDN, as a
   * person opening it would ("displayed" by default), into the original
   * sender's INBOX. The original must ask for one (Disposition-Notification-To).
   */
  async sendReadReceipt(
    fromAddress: string,
    originalMessageId: string,
    disposition: 'displayed' | 'processed' = 'displayed',
  ): Promise<void> {
    const { mailbox, original } = await this.received(fromAddress, originalMessageId);
    const to = bareAddress(headerValue(parseHeaders(original.raw), 'Disposition-Notification-To'));
    if (!to) {
      throw new Error(`${originalMessageId} asks for no MDN (no Disposition-Notification-To)`);
    }
    const originalRecipient = headerValue(parseHeaders(original.raw), 'Original-Recipient');
    const mdn = composeMdn({
      domain: this.domain,
      from: {
        address: mailbox.address,
        ...(mailbox.displayName ? { displayName: mailbox.displayName } : {}),
      },
      to,
      original: original.raw,
      disposition,
      mode: 'manual',
      ...(originalRecipient ? { originalRecipient } : {}),
    });
    await this.delivery.deliverGenerated(to, mdn.raw, 'mdn');
  }

  /**
   * The mailbox `fromAddress` replies to a message it received: `Re: <subject>`, threaded.
   * A patient mailbox answers only a professional who wrote to it, in a conversation they
   * have not ended (see patient-conversation.ts), and its answer goes to that professional;
   * `crossingTheEnd` models an answer written before the end reached the patient.
   */
  async reply(
    fromAddress: string,
    originalMessageId: string,
    text: string,
    options: PatientReplyOptions = {},
  ): Promise<void> {
    const { mailbox, original, inbox } = await this.received(fromAddress, originalMessageId);
    const headers = parseHeaders(original.raw);
    let to: string | undefined;
    if (mailbox.kind === 'PATIENT') {
      const refusal = patientReplyRefusal(inbox, inbox.indexOf(original), this.directory, options);
      // The patient's address (their INS) stays out of the message.
      if (refusal) throw new Error(`the patient mailbox cannot reply: ${refusal}`);
      to = professionalSender(original, this.directory);
    } else {
      to = bareAddress(headerValue(headers, 'Reply-To') ?? headerValue(headers, 'From'));
    }
    if (!to) throw new Error(`${originalMessageId} has no From to reply to`);
    const reply = composeReply({
      domain: this.domain,
      from: {
        address: mailbox.address,
        ...(mailbox.displayName ? { displayName: mailbox.displayName } : {}),
      },
      to,
      original: original.raw,
      text,
    });
    await this.delivery.submitLocal(mailbox.address, to, reply.raw);
  }

  /**
   * Where the conversation between a patient mailbox and a professional stands, as the
   * patient's INBOX shows it: 'none' (the professional never wrote), 'open', or 'ended'
   * (their latest message carries `X-MSS-MES: FIN`).
   */
  async conversationState(
    patientAddress: string,
    professionalAddress: string,
  ): Promise<ConversationState> {
    const patient = this.directory.find(patientAddress);
    if (patient?.kind !== 'PATIENT') {
      throw new Error(
        'conversationState: the first address is not a patient mailbox of the sandbox',
      );
    }
    const inbox = await this.store.list(patient.address, 'INBOX');
    return conversationState(inbox, professionalAddress, this.directory);
  }

  /** Operator outage: SMTP and IMAP refuse connections (listener closed, Dovecot stopped); mail is kept. */
  async suspend(): Promise<void> {
    if (this.suspended || this.stopped) return;
    this.suspended = true;
    await this.closeListeners();
  }

  /** Back from an outage, on the same ports. */
  async resume(): Promise<void> {
    if (!this.suspended || this.stopped) return;
    await this.listen();
    this.suspended = false;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.closeListeners();
    await this.imapService.dispose();
  }

  private async listen(): Promise<void> {
    this.smtpServer = await startSmtpListener({
      host: this.smtp.host,
      port: this.smtp.port,
      tls: this.options.tls,
      domain: this.domain,
      maxMessageBytes: this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      directory: this.directory,
      store: this.store,
      delivery: this.delivery,
      log: this.options.log ?? (() => undefined),
    });
    await this.imapService.start();
  }

  private async closeListeners(): Promise<void> {
    const smtp = this.smtpServer;
    this.smtpServer = undefined;
    await Promise.all([smtp?.close(), this.imapService.stop()]);
  }

  private async received(
    address: string,
    messageId: string,
  ): Promise<{ mailbox: SandboxMailbox; original: StoredMessage; inbox: StoredMessage[] }> {
    const mailbox = this.directory.find(address);
    if (!mailbox) throw new Error(`<${address}> is not a mailbox of the sandbox`);
    const wanted = messageId.trim().startsWith('<') ? messageId.trim() : `<${messageId.trim()}>`;
    const inbox = await this.store.list(mailbox.address, 'INBOX');
    const original = inbox.find((message) => message.messageId === wanted);
    if (!original) throw new Error(`no message ${wanted} in the INBOX of <${mailbox.address}>`);
    return { mailbox, original, inbox };
  }
}
