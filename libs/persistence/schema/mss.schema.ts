import { EntitySchema } from 'typeorm';

/** A message the engine sent over MSSanté, and what came back about it. */
export interface MssMessageRow {
  messageId: string;
  pathwayId: string;
  purpose:
    | 'bilan_initial'
    | 'compte_rendu'
    | 'referral'
    | 'notification'
    | 'dmp_alert'
    | 'patient_message';
  /** The document, referral or notification the message is about. */
  subjectId: string;
  recipient: string;
  sentAt: Date;
  deliveryStatus: 'pending' | 'delivered' | 'delayed' | 'failed';
  deliveryDetail: string | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  /** The read receipt's disposition, e.g. "automatic-action/MDN-sent-automatically; processed". */
  disposition: string | null;
  replies: number;
  lastReplyAt: Date | null;
}

export const MssMessageSchema = new EntitySchema<MssMessageRow>({
  name: 'MssMessage',
  tableName: 'mss_messages',
  columns: {
    messageId: { type: 'text', primary: true, name: 'message_id' },
    pathwayId: { type: 'uuid', name: 'pathway_id' },
    purpose: { type: 'text' },
    subjectId: { type: 'text', name: 'subject_id' },
    recipient: { type: 'text' },
    sentAt: { type: 'timestamptz', name: 'sent_at' },
    deliveryStatus: { type: 'text', name: 'delivery_status', default: 'pending' },
    deliveryDetail: { type: 'text', name: 'delivery_detail', nullable: true },
    deliveredAt: { type: 'timestamptz', name: 'delivered_at', nullable: true },
    readAt: { type: 'timestamptz', name: 'read_at', nullable: true },
    disposition: { type: 'text', nullable: true },
    replies: { type: 'integer', default: 0 },
    lastReplyAt: { type: 'timestamptz', name: 'last_reply_at', nullable: true },
  },
});

/** A message fetched from the engine's mailbox (kept whole: replies are health correspondence). */
export interface MssIncomingRow {
  mailbox: string;
  uidValidity: string;
  uid: number;
  messageId: string | null;
  kind: 'delivery_status' | 'read_receipt' | 'reply' | 'other';
  answersMessageId: string | null;
  sender: string | null;
  subject: string | null;
  receivedAt: Date;
  raw: Buffer;
  /** Why the message could not be read or recorded (a poison message, kept aside); null when it was. */
  quarantineReason: string | null;
}

export const MssIncomingSchema = new EntitySchema<MssIncomingRow>({
  name: 'MssIncoming',
  tableName: 'mss_incoming',
  columns: {
    mailbox: { type: 'text', primary: true },
    uidValidity: { type: 'text', primary: true, name: 'uid_validity' },
    uid: { type: 'bigint', primary: true, transformer: { to: (v: number) => v, from: Number } },
    messageId: { type: 'text', name: 'message_id', nullable: true },
    kind: { type: 'text' },
    answersMessageId: { type: 'text', name: 'answers_message_id', nullable: true },
    sender: { type: 'text', nullable: true },
    subject: { type: 'text', nullable: true },
    receivedAt: { type: 'timestamptz', name: 'received_at' },
    raw: { type: 'bytea' },
    quarantineReason: { type: 'text', name: 'quarantine_reason', nullable: true },
  },
});

/** How far the poll has read a mailbox's INBOX. */
export interface MssMailboxCursorRow {
  mailbox: string;
  uidValidity: string;
  lastUid: number;
  polledAt: Date;
}

export const MssMailboxCursorSchema = new EntitySchema<MssMailboxCursorRow>({
  name: 'MssMailboxCursor',
  tableName: 'mss_mailbox_cursors',
  columns: {
    mailbox: { type: 'text', primary: true },
    uidValidity: { type: 'text', name: 'uid_validity' },
    lastUid: {
      type: 'bigint',
      name: 'last_uid',
      transformer: { to: (v: number) => v, from: Number },
    },
    polledAt: { type: 'timestamptz', name: 'polled_at' },
  },
});
