import {
  CRLF,
  decodeXtext,
  newBoundary,
  newMessageId,
  rfc5322Date,
  splitHeaderBlock,
  toCrlf,
} from './mime';

/**
 * Delivery status notifications (RFC 3464, multipart/report of RFC 6522):
 * what the operator's MTA sends back to the sender when a recipient asked
 * for it (RCPT NOTIFY=SUCCESS / FAILURE). The engine reads them to know that
 * a document reached the médecin traitant's mailbox.
 */

export interface DsnRecipient {
  /** The address the message was delivered (or not) to. */
  address: string;
  /** RCPT ORCPT, as given (`rfc822;addr`, xtext). */
  orcpt?: string;
  action: 'delivered' | 'failed';
  /** 2.0.0 when delivered; 5.x.x when failed. */
  status: string;
  /** Failed only: the SMTP-style reason, e.g. `smtp; 550 5.2.1 mailbox disabled`. */
  diagnostic?: string;
}

export interface DsnInput {
  /** Operator's host name: Reporting-MTA and MAILER-DAEMON@. */
  domain: string;
  /** Envelope sender of the original message: the DSN goes there. */
  to: string;
  /** MAIL ENVID, as given (xtext). */
  envid?: string;
  /** MAIL RET: FULL returns the whole message, HDRS (the default) its header only. */
  ret?: 'FULL' | 'HDRS';
  arrivalDate: Date;
  original: Buffer;
  recipients: DsnRecipient[];
  now?: Date;
}

export interface ComposedMessage {
  raw: Buffer;
  messageId: string;
}

export function composeDsn(input: DsnInput): ComposedMessage {
  const now = input.now ?? new Date();
  const boundary = newBoundary();
  const messageId = newMessageId(input.domain);
  const failed = input.recipients.filter((recipient) => recipient.action === 'failed');
  const outcome =
    failed.length === 0
      ? 'Success'
      : failed.length === input.recipients.length
        ? 'Failure'
        : 'Partial';

  const headers = [
    `From: Mail Delivery System <MAILER-DAEMON@${input.domain}>`,
    `To: <${input.to}>`,
    `Subject: Delivery Status Notification (${outcome})`,
    `Date: ${rfc5322Date(now)}`,
    `Message-ID: ${messageId}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status;${CRLF} boundary="${boundary}"`,
  ];

  const human = [
    `This is the mail system at ${input.domain}.`,
    '',
    ...input.recipients.map((recipient) =>
      recipient.action === 'delivered'
        ? `Your message was delivered to <${recipient.address}>.`
        : `Your message could not be delivered to <${recipient.address}>: ${recipient.diagnostic ?? recipient.status}.`,
    ),
    '',
  ].join(CRLF);

  const perMessage = [
    `Reporting-MTA: dns; ${input.domain}`,
    ...(input.envid ? [`Original-Envelope-Id: ${decodeXtext(input.envid)}`] : []),
    `Arrival-Date: ${rfc5322Date(input.arrivalDate)}`,
  ];
  const perRecipient = input.recipients.map((recipient) =>
    [
      ...(recipient.orcpt ? [`Original-Recipient: ${originalRecipient(recipient.orcpt)}`] : []),
      `Final-Recipient: rfc822; ${recipient.address}`,
      `Action: ${recipient.action}`,
      `Status: ${recipient.status}`,
      ...(recipient.diagnostic ? [`Diagnostic-Code: ${recipient.diagnostic}`] : []),
      `Last-Attempt-Date: ${rfc5322Date(now)}`,
    ].join(CRLF),
  );
  const status = [perMessage.join(CRLF), ...perRecipient].join(CRLF + CRLF) + CRLF;

  const returned =
    input.ret === 'FULL'
      ? { type: 'message/rfc822', body: input.original }
      : { type: 'text/rfc822-headers', body: splitHeaderBlock(input.original).headers };

  const parts: Buffer[] = [
    Buffer.from(headers.join(CRLF) + CRLF + CRLF),
    Buffer.from(
      `This is a MIME-encapsulated message.${CRLF}${CRLF}` +
        `--${boundary}${CRLF}` +
        `Content-Type: text/plain; charset=us-ascii${CRLF}` +
        `Content-Description: Notification${CRLF}${CRLF}` +
        human +
        `${CRLF}--${boundary}${CRLF}` +
        `Content-Type: message/delivery-status${CRLF}` +
        `Content-Description: Delivery report${CRLF}${CRLF}` +
        status +
        `${CRLF}--${boundary}${CRLF}` +
        `Content-Type: ${returned.type}${CRLF}` +
        `Content-Description: ${input.ret === 'FULL' ? 'Undelivered Message' : 'Message headers'}${CRLF}${CRLF}`,
    ),
    toCrlfBuffer(returned.body),
    Buffer.from(`${CRLF}--${boundary}--${CRLF}`),
  ];
  return { raw: Buffer.concat(parts), messageId };
}

/** `rfc822;a@b` with its xtext decoded; a bare address gets the rfc822 type. */
export function originalRecipient(orcpt: string): string {
  const decoded = decodeXtext(orcpt);
  const semicolon = decoded.indexOf(';');
  return semicolon > 0
    ? `${decoded.slice(0, semicolon)};${decoded.slice(semicolon + 1)}`
    : `rfc822;${decoded}`;
}

/** The original as received is CRLF already; only a stray bare-LF message is fixed. */
function toCrlfBuffer(data: Buffer): Buffer {
  return data.includes('\r\n') || !data.includes('\n')
    ? data
    : Buffer.from(toCrlf(data.toString('binary')), 'binary');
}
