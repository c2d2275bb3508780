import type { DataSource } from 'typeorm';

/** One message of a pathway's conversation with its patient (Mon espace santé). */
export interface PatientMessageRow {
  id: string;
  pathwayId: string;
  direction: 'to_patient' | 'from_patient';
  /** Its Message-ID, bracketed: a reply names it in In-Reply-To. */
  messageId: string;
  inReplyTo: string | null;
  patientAddress: string;
  subject: string;
  body: string;
  /** Documents of the pathway attached (to the patient only). */
  documentIds: string[];
  /** The practitioner closed the conversation with this message (`[FIN]`). */
  endsConversation: boolean;
  /** A patient's message that arrived after the practitioner had closed the conversation. */
  afterEnd: boolean;
  /** sending: the worker has it; sent; failed (the operator refused, `detail` says why); received. */
  status: 'sending' | 'sent' | 'failed' | 'received';
  detail: string | null;
  /** idNat_PS of the practitioner who wrote it (to the patient only). */
  writtenBy: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export type NewPatientMessage = Omit<
  PatientMessageRow,
  'direction' | 'inReplyTo' | 'afterEnd' | 'status' | 'detail' | 'sentAt'
>;

const COLUMNS = `id, pathway_id AS "pathwayId", direction, message_id AS "messageId",
  in_reply_to AS "inReplyTo", patient_address AS "patientAddress", subject, body,
  document_ids AS "documentIds", ends_conversation AS "endsConversation", after_end AS "afterEnd",
  status, detail, written_by AS "writtenBy", created_at AS "createdAt", sent_at AS "sentAt"`;

/**
 * Conversations of pathways with their patients: what the practitioner wrote
 * (sent by the worker) and what the patient answered (read from the engine's
 * mailbox). The patient cannot start one; the practitioner ends it with
 * `[FIN]` and may open it again by writing once more.
 */
export class PatientMessageStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertOutgoing(message: NewPatientMessage): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO patient_messages (id, pathway_id, direction, message_id, patient_address, subject,
         body, document_ids, ends_conversation, status, written_by, created_at)
       VALUES ($1, $2, 'to_patient', $3, $4, $5, $6, $7::uuid[], $8, 'sending', $9, $10)`,
      [
        message.id,
        message.pathwayId,
        message.messageId,
        message.patientAddress,
        message.subject,
        message.body,
        message.documentIds,
        message.endsConversation,
        message.writtenBy,
        message.createdAt,
      ],
    );
  }

  /** Removes a message that never reached the worker (Temporal refused it): nothing was sent. */
  async discard(id: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM patient_messages WHERE id = $1 AND status = 'sending'`,
      [id],
    );
  }

  async get(id: string): Promise<PatientMessageRow | undefined> {
    const [row] = await this.dataSource.query<PatientMessageRow[]>(
      `SELECT ${COLUMNS} FROM patient_messages WHERE id = $1`,
      [id],
    );
    return row;
  }

  async conversation(pathwayId: string): Promise<PatientMessageRow[]> {
    return await this.dataSource.query<PatientMessageRow[]>(
      `SELECT ${COLUMNS} FROM patient_messages WHERE pathway_id = $1 ORDER BY created_at, id`,
      [pathwayId],
    );
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE patient_messages SET status = 'sent', sent_at = $2, detail = NULL WHERE id = $1`,
      [id, at],
    );
  }

  async markFailed(id: string, detail: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE patient_messages SET status = 'failed', detail = $2 WHERE id = $1 AND status = 'sending'`,
      [id, detail],
    );
  }

  /**
   * A patient's reply, once (its Message-ID is the key). It is marked after
   * the end when, as the engine reads it, the practitioner's last message sent
   * had closed the conversation (the reply's own Date, to the second and set
   * by the patient's side, cannot be ordered against the engine's sending).
   * Answers whether it was new.
   */
  async recordReply(reply: {
    pathwayId: string;
    messageId: string;
    inReplyTo: string | null;
    patientAddress: string;
    subject: string;
    body: string;
    receivedAt: Date;
  }): Promise<boolean> {
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO patient_messages (id, pathway_id, direction, message_id, in_reply_to,
         patient_address, subject, body, status, after_end, created_at, sent_at)
       SELECT gen_random_uuid(), $1, 'from_patient', $2, $3, $4, $5, $6, 'received',
              COALESCE((SELECT ends_conversation FROM patient_messages
                         WHERE pathway_id = $1 AND direction = 'to_patient' AND status = 'sent'
                         ORDER BY sent_at DESC LIMIT 1), false),
              $7, $7
       ON CONFLICT (message_id) DO NOTHING
       RETURNING 1`,
      [
        reply.pathwayId,
        reply.messageId,
        reply.inReplyTo,
        reply.patientAddress,
        reply.subject,
        reply.body,
        reply.receivedAt,
      ],
    );
    return inserted.length > 0;
  }
}

/** Where a conversation stands: never opened, open (the patient may answer), or ended by `[FIN]`. */
export function conversationState(
  messages: readonly Pick<PatientMessageRow, 'direction' | 'status' | 'endsConversation'>[],
): 'none' | 'open' | 'ended' {
  const written = messages.filter((m) => m.direction === 'to_patient' && m.status !== 'failed');
  const last = written.at(-1);
  if (!last) return 'none';
  return last.endsConversation ? 'ended' : 'open';
}
