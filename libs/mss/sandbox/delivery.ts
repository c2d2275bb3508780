import type { SandboxDirectory } from './directory';
import { type DsnRecipient, composeDsn, originalRecipient } from './dsn';
import type { MaildirStore } from './maildir';
import { composeMdn } from './mdn';
import { bareAddress, headerValue, parseHeaders, rfc5322Date } from './mime';

/**
 * The operator's local delivery: stores an accepted message in each
 * recipient's INBOX and a copy in the sender's Sent, then produces what the
 * operator would send back — DSNs asked for by RCPT NOTIFY, and the MDN of a
 * mailbox whose software answers by itself. Everything is stored before
 * `deliver` resolves, so the SMTP side answers 250 only once it is on disk.
 */

export interface EnvelopeRecipient {
  address: string;
  /** RCPT NOTIFY values; absent means the default (failures only, RFC 3461 §4.1). */
  notify?: string[];
  orcpt?: string;
}

export interface Envelope {
  /** MAIL FROM; '' for the null reverse-path of reports (which never get a report back). */
  mailFrom: string;
  recipients: EnvelopeRecipient[];
  envid?: string;
  ret?: 'FULL' | 'HDRS';
}

export interface TraceInfo {
  /** Client's HELO name and address, for the Received header. */
  clientName: string;
  clientAddress: string;
  /** `ESMTPS` over SMTP, `local` for what the sandbox generates. */
  protocol: string;
  queueId: string;
}

export interface DeliveryOptions {
  directory: SandboxDirectory;
  store: MaildirStore;
  domain: string;
  keepSentCopy: boolean;
  log: (line: string) => void;
}

export class LocalDelivery {
  constructor(private readonly options: DeliveryOptions) {}

  async deliver(envelope: Envelope, raw: Buffer, trace: TraceInfo): Promise<void> {
    const arrival = new Date();
    const outcomes: DsnRecipient[] = [];
    const delivered: EnvelopeRecipient[] = [];
    for (const recipient of envelope.recipients) {
      const outcome = await this.deliverOne(envelope, recipient, raw, trace, arrival);
      outcomes.push(outcome);
      if (outcome.action === 'delivered') delivered.push(recipient);
    }

    const sender = envelope.mailFrom ? this.options.directory.find(envelope.mailFrom) : undefined;
    if (sender && this.options.keepSentCopy) {
      // What the engine searches by Message-ID to know a message already left.
      await this.options.store.store(sender.address, 'Sent', raw, arrival);
    }

    if (envelope.mailFrom) await this.reportStatus(envelope, raw, arrival, outcomes);
    for (const recipient of delivered) await this.answerMdn(recipient, raw);
  }

  private async deliverOne(
    envelope: Envelope,
    recipient: EnvelopeRecipient,
    raw: Buffer,
    trace: TraceInfo,
    arrival: Date,
  ): Promise<DsnRecipient> {
    const base = {
      address: recipient.address,
      ...(recipient.orcpt ? { orcpt: recipient.orcpt } : {}),
    };
    const mailbox = this.options.directory.find(recipient.address);
    if (!mailbox) {
      return {
        ...base,
        action: 'failed',
        status: '5.1.1',
        diagnostic: `smtp; 550 5.1.1 <${recipient.address}>: recipient unknown`,
      };
    }
    if (mailbox.deliveryFails) {
      this.options.log(`delivery to ${mailbox.address} fails on purpose (deliveryFails)`);
      return {
        ...base,
        action: 'failed',
        status: '5.2.1',
        diagnostic: `smtp; 550 5.2.1 <${mailbox.address}>: mailbox disabled, not accepting messages`,
      };
    }
    const stored = Buffer.concat([
      Buffer.from(
        traceHeaders(
          envelope.mailFrom,
          mailbox.address,
          recipient.orcpt,
          trace,
          this.options.domain,
          arrival,
        ),
      ),
      raw,
    ]);
    // Like Dovecot's quota grace, the message that crosses the limit still goes in; the
    // next ones are refused (at RCPT already, see smtp-listener).
    if (
      mailbox.quotaBytes !== undefined &&
      (await this.options.store.usage(mailbox.address)) >= mailbox.quotaBytes
    ) {
      return {
        ...base,
        action: 'failed',
        status: '5.2.2',
        diagnostic: `smtp; 552 5.2.2 <${mailbox.address}>: mailbox full`,
      };
    }
    await this.options.store.store(mailbox.address, 'INBOX', stored, arrival);
    return { ...base, address: mailbox.address, action: 'delivered', status: '2.0.0' };
  }

  /** One DSN for the recipients that asked (failures are reported unless NOTIFY said otherwise). */
  private async reportStatus(
    envelope: Envelope,
    raw: Buffer,
    arrival: Date,
    outcomes: DsnRecipient[],
  ): Promise<void> {
    const reported = outcomes.filter((outcome, index) => {
      const notify = envelope.recipients[index].notify;
      if (outcome.action === 'delivered') return notify?.includes('SUCCESS') ?? false;
      return notify ? notify.includes('FAILURE') : true;
    });
    if (reported.length === 0) return;
    const dsn = composeDsn({
      domain: this.options.domain,
      to: envelope.mailFrom,
      arrivalDate: arrival,
      original: raw,
      recipients: reported,
      ...(envelope.envid ? { envid: envelope.envid } : {}),
      ...(envelope.ret ? { ret: envelope.ret } : {}),
    });
    await this.deliverGenerated(envelope.mailFrom, dsn.raw, 'dsn');
  }

  /** The automatic MDN of a mailbox whose software integrates what it receives. */
  private async answerMdn(recipient: EnvelopeRecipient, raw: Buffer): Promise<void> {
    const mailbox = this.options.directory.find(recipient.address);
    if (!mailbox?.autoMdn) return;
    const headers = parseHeaders(raw);
    const notifyTo = bareAddress(headerValue(headers, 'Disposition-Notification-To'));
    // RFC 8098 §2.1: never answer a report (no MDN loops), only messages that ask.
    if (!notifyTo || /multipart\/report/i.test(headerValue(headers, 'Content-Type') ?? '')) return;
    const mdn = composeMdn({
      domain: this.options.domain,
      from: {
        address: mailbox.address,
        ...(mailbox.displayName ? { displayName: mailbox.displayName } : {}),
      },
      to: notifyTo,
      original: raw,
      disposition: mailbox.autoMdn,
      mode: 'automatic',
      ...(recipient.orcpt ? { originalRecipient: originalRecipient(recipient.orcpt) } : {}),
    });
    await this.deliverGenerated(notifyTo, mdn.raw, 'mdn');
  }

  /**
   * Reports and answers travel with the null reverse-path (RFC 3464 §2,
   * RFC 8098 §3), so that they never cause a report themselves; the sandbox
   * only delivers them to its own mailboxes.
   */
  async deliverGenerated(to: string, raw: Buffer, queueId: string): Promise<void> {
    if (!this.options.directory.find(to)) {
      this.options.log(`not delivered (${queueId}): <${to}> is not a mailbox of the sandbox`);
      return;
    }
    await this.deliver({ mailFrom: '', recipients: [{ address: to, notify: ['NEVER'] }] }, raw, {
      clientName: 'localhost',
      clientAddress: '127.0.0.1',
      protocol: 'local',
      queueId,
    });
  }

  /** A message a mailbox sends from the sandbox itself (a reply "by hand"): Sent copy and delivery. */
  async submitLocal(from: string, to: string, raw: Buffer): Promise<void> {
    if (!this.options.directory.find(to)) {
      throw new Error(`<${to}> is not a mailbox of the sandbox`);
    }
    await this.deliver({ mailFrom: from, recipients: [{ address: to, notify: ['NEVER'] }] }, raw, {
      clientName: 'localhost',
      clientAddress: '127.0.0.1',
      protocol: 'local',
      queueId: 'reply',
    });
  }
}

/** Return-Path, Delivered-To and Received, the three lines a delivery agent puts on top. */
export function traceHeaders(
  mailFrom: string,
  recipient: string,
  orcpt: string | undefined,
  trace: TraceInfo,
  domain: string,
  at: Date,
): string {
  return (
    `Return-Path: <${mailFrom}>\r\n` +
    `Delivered-To: ${recipient}\r\n` +
    (orcpt ? `Original-Recipient: ${originalRecipient(orcpt)}\r\n` : '') +
    `Received: from ${trace.clientName} (${trace.clientName} [${trace.clientAddress}])\r\n` +
    `\tby ${domain} (MSSante operator sandbox) with ${trace.protocol} id ${trace.queueId}\r\n` +
    `\tfor <${recipient}>; ${rfc5322Date(at)}\r\n`
  );
}
