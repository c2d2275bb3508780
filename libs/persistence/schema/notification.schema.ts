import { EntitySchema } from 'typeorm';
import type { DocumentKind } from '@app/domain';

export interface NotificationRow {
  id: string;
  pathwayId: string;
  kind: 'reminder' | 'escalation' | 'action_required';
  /** A missing document, or the human step of a DMP filing. */
  topic:
    'document_missing' | 'dmp_consent' | 'dmp_authorization' | 'dmp_identity' | 'dmp_correction';
  recipientKind: 'practitioner' | 'coordinator';
  /** Practitioner id, or the CPTS id for its coordinators. */
  recipientId: string;
  documentKind: DocumentKind;
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
    documentKind: { type: 'text', name: 'document_kind' },
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
