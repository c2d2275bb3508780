import { bracketedMessageId } from './message-id';
import {
  type HeaderFields,
  type MimeEntity,
  contentTypeOf,
  decodedBody,
  field,
  parseEntity,
  parseFieldBlocks,
  walk,
} from './mime';

/** One recipient's line of a delivery status notification (RFC 3464 §2.3). */
export interface DeliveryStatusRecipient {
  finalRecipient: string;
  originalRecipient?: string;
  /** delivered, failed, delayed, relayed or expanded. */
  action: string;
  /** Enhanced status code (RFC 3463), e.g. 2.0.0 or 5.1.1. */
  status: string;
  diagnosticCode?: string;
}

interface Common {
  /** This message's own Message-ID, bracketed. */
  messageId?: string;
  from?: string;
  subject?: string;
  date?: Date;
}

/** What arrived in the engine's mailbox, as far as the pathways are concerned. */
export type IncomingMssMessage =
  | (Common & {
      kind: 'delivery_status';
      /** The Message-ID of the message reported on (from the returned headers), bracketed. */
      originalMessageId?: string;
      /** ENVID of the submission (RFC 3461), the engine's Message-ID without brackets. */
      envelopeId?: string;
      recipients: DeliveryStatusRecipient[];
    })
  | (Common & {
      kind: 'read_receipt';
      originalMessageId?: string;
      finalRecipient?: string;
      /** The whole Disposition field, e.g. "automatic-action/MDN-sent-automatically; processed". */
      disposition: string;
      /** displayed, processed, dispatched or deleted (RFC 8098 §3.2.6.2). */
      dispositionType: string;
      /** An integration error reported by the receiving software ("processed/Error: …"). */
      error?: string;
    })
  | (Common & { kind: 'reply'; inReplyTo?: string; references: string[] })
  | (Common & { kind: 'other' });

/**
 * Reads a message fetched from the engine's mailbox: a delivery status
 * notification (RFC 3464), a read or processing receipt (RFC 8098), a reply
 * to one of our messages (In-Reply-To / References), or something else.
 */
export function readIncomingMessage(raw: Buffer): IncomingMssMessage {
  const message = parseEntity(raw);
  const common = commonFields(message.headers);
  const { type, params } = contentTypeOf(message);
  const reportType =
    type === 'multipart/report' ? params.get('report-type')?.toLowerCase() : undefined;
  const entities = walk(message);

  if (reportType === 'delivery-status') {
    const status = entities.find((e) => contentTypeOf(e).type === 'message/delivery-status');
    const blocks = status ? parseFieldBlocks(decodedBody(status).toString('utf8')) : [];
    const [perMessage = [], ...perRecipient] = blocks;
    const envelopeId = field(perMessage, 'original-envelope-id');
    const returned = entities.find((e) =>
      ['text/rfc822-headers', 'message/rfc822', 'message/global-headers'].includes(
        contentTypeOf(e).type,
      ),
    );
    const originalId = returned
      ? field(parseEntity(decodedBody(returned)).headers, 'message-id')
      : undefined;
    return {
      ...common,
      kind: 'delivery_status',
      ...(originalId ? { originalMessageId: bracketedMessageId(originalId) } : {}),
      ...(envelopeId ? { envelopeId: decodeXtext(envelopeId) } : {}),
      recipients: perRecipient.map(recipientStatus).filter((r) => r.finalRecipient !== ''),
    };
  }

  if (reportType === 'disposition-notification') {
    const notification = entities.find(
      (e) => contentTypeOf(e).type === 'message/disposition-notification',
    );
    const fields = notification
      ? parseFieldBlocks(decodedBody(notification).toString('utf8')).flat()
      : [];
    const disposition = field(fields, 'disposition') ?? '';
    const [, modifiersAndType = ''] = disposition.split(';');
    const [dispositionType = '', ...modifiers] = modifiersAndType.trim().split('/');
    const originalId = field(fields, 'original-message-id') ?? originalFromAttached(entities);
    const finalRecipient = field(fields, 'final-recipient');
    const error = modifiers.join('/').match(/^error:?\s*(.*)$/i)?.[1];
    return {
      ...common,
      kind: 'read_receipt',
      ...(originalId ? { originalMessageId: bracketedMessageId(originalId) } : {}),
      ...(finalRecipient ? { finalRecipient: addressOf(finalRecipient) } : {}),
      disposition,
      dispositionType: dispositionType.trim().toLowerCase(),
      ...(error ? { error } : {}),
    };
  }

  const inReplyTo = field(message.headers, 'in-reply-to')?.match(/<[^>]+>/)?.[0];
  const references = field(message.headers, 'references')?.match(/<[^>]+>/g) ?? [];
  if (inReplyTo || references.length > 0) {
    return { ...common, kind: 'reply', ...(inReplyTo ? { inReplyTo } : {}), references };
  }
  return { ...common, kind: 'other' };
}

/** The Message-IDs an incoming message may answer, most specific first. */
export function answeredMessageIds(incoming: IncomingMssMessage): string[] {
  const ids: (string | undefined)[] = [];
  if (incoming.kind === 'delivery_status') {
    ids.push(
      incoming.originalMessageId,
      incoming.envelopeId && bracketedMessageId(incoming.envelopeId),
    );
  } else if (incoming.kind === 'read_receipt') {
    ids.push(incoming.originalMessageId);
  } else if (incoming.kind === 'reply') {
    ids.push(incoming.inReplyTo, ...[...incoming.references].reverse());
  }
  return [...new Set(ids.filter((id): id is string => !!id))];
}

function commonFields(headers: HeaderFields): Common {
  const messageId = field(headers, 'message-id');
  const date = field(headers, 'date');
  const from = field(headers, 'from');
  const subject = field(headers, 'subject');
  const parsedDate = date ? new Date(date) : undefined;
  return {
    ...(messageId ? { messageId: bracketedMessageId(messageId) } : {}),
    ...(from ? { from: addressOf(from) } : {}),
    ...(subject ? { subject } : {}),
    ...(parsedDate && !Number.isNaN(parsedDate.getTime()) ? { date: parsedDate } : {}),
  };
}

function recipientStatus(block: HeaderFields): DeliveryStatusRecipient {
  const original = field(block, 'original-recipient');
  const diagnostic = field(block, 'diagnostic-code');
  return {
    finalRecipient: addressOf(field(block, 'final-recipient') ?? ''),
    ...(original ? { originalRecipient: addressOf(original) } : {}),
    action: (field(block, 'action') ?? '').toLowerCase(),
    status: field(block, 'status') ?? '',
    ...(diagnostic ? { diagnosticCode: diagnostic } : {}),
  };
}

function originalFromAttached(entities: MimeEntity[]): string | undefined {
  const attached = entities.find((e) =>
    ['message/rfc822', 'text/rfc822-headers'].includes(contentTypeOf(e).type),
  );
  return attached ? field(parseEntity(decodedBody(attached)).headers, 'message-id') : undefined;
}

/** "rfc822; a@b" or "Name <a@b>" → "a@b", lower-cased. */
function addressOf(value: string): string {
  const typed = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  const bracketed = /<([^>]+)>/.exec(typed)?.[1];
  return (bracketed ?? typed).trim().toLowerCase();
}

/** RFC 3461 xtext: "+XX" is a hex-encoded byte. */
function decodeXtext(value: string): string {
  return value.replace(/\+([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}
