import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { type AddressRules, type MssAddress, parseMssAddress } from './address';
import { endsConversation } from './conversation';
import { MssError } from './errors';
import { bareMessageId, bracketedMessageId } from './message-id';

export interface MssParty {
  address: string;
  /** Display name, e.g. "Dr Claire MARTIN". */
  name?: string;
}

/** The readable document: a PDF or a text file. */
export interface MssDocumentAttachment {
  filename: string;
  mediaType: string;
  content: Buffer;
  /** Flagged INVISIBLE_PATIENT: it may never reach the patient's mailbox. */
  hiddenFromPatient: boolean;
}

/** The IHE XDM archive and what the MSSanté headers say of it. */
export interface MssXdmAttachment {
  zip: Buffer;
  /** The CDA header code of each CDA in the archive (X-MSS-CODECDA). */
  cdaCodes: string[];
  /** A qualified INS is in the archive (X-MSS-INS). */
  qualifiedIns: boolean;
}

export interface OutgoingMssMessage {
  /** From stepMessageId: the same at every attempt of a step. */
  messageId: string;
  date: Date;
  from: MssParty;
  to: MssParty[];
  subject: string;
  text: string;
  html: string;
  document?: MssDocumentAttachment;
  /** More readable documents (a message to a patient may carry several of the pathway's). */
  documents?: MssDocumentAttachment[];
  xdm?: MssXdmAttachment;
  /**
   * The practitioner asked for this message to be written to the patient. A
   * patient cannot start an MSSanté conversation, and the engine never writes
   * to one on its own initiative.
   */
  askedByPractitioner?: boolean;
  inReplyTo?: string;
  references?: string[];
  /** Ask for delivery notifications (DSN) and a read receipt (MDN): on by default. */
  acknowledgments?: boolean;
}

export interface MssMessageSettings {
  /** X-MSS-NIL: the software's reference from its declaration on convergence.esante.gouv.fr. */
  nil: string;
  addressRules?: AddressRules;
}

/** A message ready for SMTP: nodemailer's options plus the envelope and the checked recipients. */
export interface ComposedMssMessage {
  messageId: string;
  envelope: { from: string; to: string[] };
  recipients: MssAddress[];
  mail: Mail.Options;
}

export const XDM_FILENAME = 'IHE_XDM.ZIP';

/**
 * Applies the MSSanté rules to a message and turns it into nodemailer's
 * options: addresses checked (professional form and domain, patient INS and
 * key), the patient rules (only when the practitioner asked, never a document
 * hidden from the patient), the Référentiel socle #2 headers, `[FIN]` →
 * `X-MSS-MES: FIN`, delivery and read acknowledgments requested. Throws an
 * MssError (ADDRESS_INVALID, NOT_ALLOWED) before anything is sent.
 */
export function composeMssMessage(
  message: OutgoingMssMessage,
  settings: MssMessageSettings,
): ComposedMssMessage {
  const from = parseMssAddress(message.from.address, settings.addressRules);
  if (from.kind !== 'professional') {
    throw new MssError('NOT_ALLOWED', 'a patient mailbox cannot send through the engine');
  }
  if (message.to.length === 0)
    throw new MssError('ADDRESS_INVALID', 'the message has no recipient');
  const recipients = message.to.map((party) =>
    parseMssAddress(party.address, settings.addressRules),
  );
  const toPatient = recipients.some((recipient) => recipient.kind === 'patient');
  if (toPatient && !message.askedByPractitioner) {
    throw new MssError(
      'NOT_ALLOWED',
      'a patient cannot start an MSSanté conversation: the engine writes to a patient only when the practitioner asks',
    );
  }
  const documents = [...(message.document ? [message.document] : []), ...(message.documents ?? [])];
  if (toPatient && documents.some((d) => d.hiddenFromPatient)) {
    throw new MssError(
      'NOT_ALLOWED',
      'the document is hidden from the patient (INVISIBLE_PATIENT): it is never sent to their mailbox',
    );
  }

  const messageId = bracketedMessageId(message.messageId);
  const acknowledgments = message.acknowledgments ?? true;
  const headers: Record<string, string> = { 'X-MSS-NIL': settings.nil };
  if (message.xdm) {
    headers['X-MSS-CODECDA'] = message.xdm.cdaCodes.join(',');
    headers['X-MSS-INS'] = message.xdm.qualifiedIns ? 'O' : 'N';
  }
  // ECO.2.2.8: the header speaks to the patient's mailbox, which then refuses a reply.
  if (toPatient && endsConversation(message.subject)) headers['X-MSS-MES'] = 'FIN';
  // RFC 8098 §2.1: a receipt goes to this address; it must be the Return-Path (the envelope sender).
  if (acknowledgments) headers['Disposition-Notification-To'] = from.address;

  const attachments: Mail.Attachment[] = documents.map((document) => ({
    filename: document.filename,
    content: document.content,
    contentType: document.mediaType,
  }));
  if (message.xdm) {
    attachments.push({
      filename: XDM_FILENAME,
      content: message.xdm.zip,
      contentType: 'application/zip',
    });
  }

  const envelope = { from: from.address, to: recipients.map((r) => r.address) };
  return {
    messageId,
    envelope,
    recipients,
    mail: {
      messageId,
      date: message.date,
      from: party(from.address, message.from.name),
      to: message.to.map((p, i) => party(recipients[i].address, p.name)),
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments,
      headers,
      envelope,
      ...(message.inReplyTo ? { inReplyTo: bracketedMessageId(message.inReplyTo) } : {}),
      ...(message.references ? { references: message.references.map(bracketedMessageId) } : {}),
      // RFC 3461: ENVID comes back in every DSN, so a report is matched even without the original's headers.
      ...(acknowledgments
        ? {
            dsn: {
              id: bareMessageId(messageId),
              return: 'headers' as const,
              notify: ['success', 'failure', 'delay'] as ('success' | 'failure' | 'delay')[],
              // ORCPT names the recipient as we addressed it (RFC 3461 §4.2), not where reports go
              // (nodemailer's option name suggests the latter); it applies to every RCPT, so only
              // a one-recipient message can carry it.
              ...(recipients.length === 1 ? { recipient: recipients[0].address } : {}),
            },
          }
        : {}),
    },
  };
}

/** The message as the operator will receive it (RFC 5322 bytes): for tests, demos and archives. */
export function renderMssMessage(composed: ComposedMssMessage): Promise<Buffer> {
  return new MailComposer(composed.mail).compile().build();
}

function party(address: string, name: string | undefined): Mail.Address | string {
  return name ? { name, address } : address;
}
