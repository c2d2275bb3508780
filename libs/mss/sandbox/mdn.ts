import type { ComposedMessage } from './dsn';
import {
  CRLF,
  decodeWords,
  encodeWord,
  firstMessageId,
  headerValue,
  newBoundary,
  newMessageId,
  parseHeaders,
  rfc5322Date,
} from './mime';

/**
 * Message disposition notifications (RFC 8098): the receiving software's
 * "accusé de lecture / de traitement". ANS rules expect software that
 * integrates an IHE XDM to answer automatically once the document is
 * processed; a person opening the message answers "by hand".
 */

export interface MdnInput {
  domain: string;
  /** The mailbox that answers. */
  from: { address: string; displayName?: string };
  /** The original's Disposition-Notification-To. */
  to: string;
  /** The original message, as received. */
  original: Buffer;
  disposition: 'processed' | 'displayed';
  mode: 'automatic' | 'manual';
  /** The original RCPT ORCPT, if the delivery kept one. */
  originalRecipient?: string;
  now?: Date;
}

export function composeMdn(input: MdnInput): ComposedMessage {
  const now = input.now ?? new Date();
  const boundary = newBoundary();
  const messageId = newMessageId(input.domain);
  const original = parseHeaders(input.original);
  const originalId = firstMessageId(headerValue(original, 'Message-ID'));
  const subject = decodeWords(headerValue(original, 'Subject') ?? '');
  const verb = input.disposition === 'displayed' ? 'Read' : 'Processed';
  const actionMode =
    input.mode === 'automatic'
      ? 'automatic-action/MDN-sent-automatically'
      : 'manual-action/MDN-sent-manually';

  const headers = [
    `From: ${mailbox(input.from)}`,
    `To: <${input.to}>`,
    `Subject: ${encodeWord(`${verb}: ${subject}`)}`,
    `Date: ${rfc5322Date(now)}`,
    `Message-ID: ${messageId}`,
    ...threading(original, originalId),
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=disposition-notification;${CRLF} boundary="${boundary}"`,
  ];
  const human =
    input.disposition === 'displayed'
      ? `The message sent to <${input.from.address}> has been displayed.`
      : `The message sent to <${input.from.address}> has been processed by the receiving software.`;
  const report = [
    `Reporting-UA: ${input.domain}; MSSante operator sandbox`,
    `Original-Recipient: ${input.originalRecipient ?? `rfc822;${input.from.address}`}`,
    `Final-Recipient: rfc822;${input.from.address}`,
    ...(originalId ? [`Original-Message-ID: ${originalId}`] : []),
    `Disposition: ${actionMode}; ${input.disposition}`,
  ].join(CRLF);

  return {
    messageId,
    raw: Buffer.concat([
      Buffer.from(
        headers.join(CRLF) +
          CRLF +
          CRLF +
          `This is a MIME-encapsulated message.${CRLF}${CRLF}` +
          `--${boundary}${CRLF}` +
          `Content-Type: text/plain; charset=us-ascii${CRLF}${CRLF}` +
          human +
          CRLF +
          `${CRLF}--${boundary}${CRLF}` +
          `Content-Type: message/disposition-notification${CRLF}${CRLF}` +
          report +
          CRLF +
          `${CRLF}--${boundary}${CRLF}` +
          `Content-Type: message/rfc822${CRLF}${CRLF}`,
      ),
      input.original,
      Buffer.from(`${CRLF}--${boundary}--${CRLF}`),
    ]),
  };
}

export interface ReplyInput {
  domain: string;
  from: { address: string; displayName?: string };
  to: string;
  original: Buffer;
  text: string;
  now?: Date;
}

/** A person's plain answer to a message: `Re: <subject>`, threaded by In-Reply-To/References. */
export function composeReply(input: ReplyInput): ComposedMessage {
  const now = input.now ?? new Date();
  const messageId = newMessageId(input.domain);
  const original = parseHeaders(input.original);
  const originalId = firstMessageId(headerValue(original, 'Message-ID'));
  const subject = decodeWords(headerValue(original, 'Subject') ?? '');
  const body = Buffer.from(input.text.replace(/\r?\n/g, CRLF));
  const longLine = input.text.split(/\r?\n/).some((line) => Buffer.byteLength(line) > 998);
  const headers = [
    `From: ${mailbox(input.from)}`,
    `To: <${input.to}>`,
    `Subject: ${encodeWord(/^re:/i.test(subject) ? subject : `Re: ${subject}`)}`,
    `Date: ${rfc5322Date(now)}`,
    `Message-ID: ${messageId}`,
    ...threading(original, originalId),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${longLine ? 'base64' : '8bit'}`,
  ];
  const encoded = longLine
    ? Buffer.from((body.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF))
    : body;
  return {
    messageId,
    raw: Buffer.concat([Buffer.from(headers.join(CRLF) + CRLF + CRLF), encoded, Buffer.from(CRLF)]),
  };
}

function threading(
  original: ReturnType<typeof parseHeaders>,
  originalId: string | undefined,
): string[] {
  if (!originalId) return [];
  const references = headerValue(original, 'References');
  return [
    `In-Reply-To: ${originalId}`,
    `References: ${references ? `${references} ${originalId}` : originalId}`,
  ];
}

function mailbox(who: { address: string; displayName?: string }): string {
  return who.displayName ? `${quoteName(who.displayName)} <${who.address}>` : `<${who.address}>`;
}

function quoteName(name: string): string {
  const encoded = encodeWord(name);
  return encoded === name ? `"${name.replace(/["\\]/g, '\\$&')}"` : encoded;
}
