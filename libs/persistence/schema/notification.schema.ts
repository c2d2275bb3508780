import { EntitySchema } from 'typeorm';
import type { DocumentKind } from '@app/domain';

export interface NotificationRow {
  id: string;
  pathwayId: string;
  /** `alert`: a new document in a patient's DMP (the practitioner asked to be alerted). */
  kind: 'reminder' | 'escalation' | 'action_required' | 'alert';
  /** A missing document, the human step of a DMP filing, or a new document in the DMP. */
  topic:
    | 'document_missing'
    | 'dmp_consent'
    | 'dmp_authorization'
    | 'dmp_identity'
    | 'dmp_correction'
    | 'dmp_new_document';
  recipientKind: 'practitioner' | 'coordinator';
  /** Practitioner id, or the CPTS id for its coordinators. */
  recipientId: string;
  /** The pathway's document it is about; null for a DMP alert (another author's document). */
  documentKind: DocumentKind | null;
  /** For a DMP alert: what the new document is (type, date, author), never its content. */
  detail: DmpAlertDetail | null;
  count: number;
  dueAt: Date;
  createdAt: Date;
  /** Delivery by MSSanté: pending, sent, failed for good, or not sendable (the recipient has no MSSanté address). */
  deliveryStatus: 'pending' | 'sent' | 'failed' | 'not_sendable';
  mssMessageId: string | null;
  deliveryDetail: string | null;
  deliveryAttempts: number;
  /** When the delivery is tried next (after a failure); null: as soon as possible. */
  nextAttemptAt: Date | null;
}

export interface DmpAlertDetail {
  dmpUniqueId: string;
  typeLabel: string | null;
  documentDate: string | null;
  author: string | null;
}

export const NotificationSchema = new EntitySchema<NotificationRow>({
  name: 'Notification',
  tableName: 'notifications',
  columns: {
    id: { type: 'text', primary: true },
    pathwayId: { type: 'uuid', name: 'pathway_id' },
    kind: { type: 'text' },
    topic: { type: 'text', default: 'document_missing' },
    recipientKind: { type: 'text', name: 'recipient_kind' },
    recipientId: { type: 'uuid', name: 'recipient_id' },
    documentKind: { type: 'text', name: 'document_kind', nullable: true },
    detail: { type: 'jsonb', nullable: true },
    count: { type: 'integer' },
    dueAt: { type: 'timestamptz', name: 'due_at' },
    createdAt: { type: 'timestamptz', name: 'created_at' },
    deliveryStatus: { type: 'text', name: 'delivery_status' },
    mssMessageId: { type: 'text', name: 'mss_message_id', nullable: true },
    deliveryDetail: { type: 'text', name: 'delivery_detail', nullable: true },
    deliveryAttempts: { type: 'integer', name: 'delivery_attempts', default: 0 },
    nextAttemptAt: { type: 'timestamptz', name: 'next_attempt_at', nullable: true },
  },
});
