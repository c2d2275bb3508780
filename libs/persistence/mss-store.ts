import { DataSource, EntityManager, In, LessThanOrEqual, IsNull, Not } from 'typeorm';
import { AuditLog } from './audit-log';
import { NotificationRow, NotificationSchema } from './schema/notification.schema';
import {
  MssIncomingRow,
  MssIncomingSchema,
  MssMailboxCursorSchema,
  MssMessageRow,
  MssMessageSchema,
} from './schema/mss.schema';

export type SentMssMessage = Pick<
  MssMessageRow,
  'messageId' | 'pathwayId' | 'purpose' | 'subjectId' | 'recipient' | 'sentAt'
>;

/** What an incoming message says about one of ours, already read by libs/mss. */
export type MssAcknowledgment =
  | { kind: 'delivery_status'; action: string; detail: string; at: Date }
  | { kind: 'read_receipt'; disposition: string; error?: string; at: Date }
  | { kind: 'reply'; at: Date };

export interface IncomingToRecord {
  row: Omit<MssIncomingRow, 'mailbox' | 'uidValidity'>;
  acknowledgment?: MssAcknowledgment;
}

const MAILBOX_ACTOR = { kind: 'system', id: 'mss-mailbox' } as const;

/**
 * The engine's MSSanté correspondence in PostgreSQL: messages sent, what came
 * back (delivery status notifications, read receipts, replies), the mailbox
 * poll's cursor, and the notification outbox. Acknowledgments go into the
 * audit log on the pathway's `mss:<pathwayId>` stream, beside (not inside)
 * the stream the workflow writes, which they would otherwise race.
 */
export class MssStore {
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource) {
    this.audit = new AuditLog(dataSource);
  }

  /** Records a sent message; a message already recorded (a retried activity) is kept as is. */
  async recordSent(message: SentMssMessage): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(MssMessageSchema)
      .values({ ...message })
      .orIgnore()
      .execute();
  }

  async messagesOf(pathwayId: string): Promise<MssMessageRow[]> {
    return this.dataSource
      .getRepository(MssMessageSchema)
      .find({ where: { pathwayId }, order: { sentAt: 'ASC', messageId: 'ASC' } });
  }

  async message(messageId: string): Promise<MssMessageRow | undefined> {
    return (
      (await this.dataSource.getRepository(MssMessageSchema).findOneBy({ messageId })) ?? undefined
    );
  }

  /** The first of these Message-IDs that names a message we sent. */
  async findSent(messageIds: readonly string[]): Promise<MssMessageRow | undefined> {
    if (messageIds.length === 0) return undefined;
    const rows = await this.dataSource
      .getRepository(MssMessageSchema)
      .findBy({ messageId: In([...messageIds]) });
    return messageIds
      .map((id) => rows.find((r) => r.messageId === id))
      .find((r) => r !== undefined);
  }

  async cursor(mailbox: string): Promise<{ uidValidity: string; uid: number } | undefined> {
    const row = await this.dataSource.getRepository(MssMailboxCursorSchema).findOneBy({ mailbox });
    return row ? { uidValidity: row.uidValidity, uid: row.lastUid } : undefined;
  }

  /**
   * Stores a batch fetched from the mailbox and moves the cursor, in one
   * transaction. A message stored before (same mailbox, UIDVALIDITY and UID:
   * a poll that died before moving its cursor) changes nothing the second time.
   */
  async recordIncoming(
    mailbox: string,
    cursor: { uidValidity: string; uid: number },
    batch: readonly IncomingToRecord[],
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      let recorded = 0;
      for (const { row, acknowledgment } of batch) {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(MssIncomingSchema)
          .values({ ...row, mailbox, uidValidity: cursor.uidValidity })
          .orIgnore()
          // RETURNING says whether the row is new: nothing comes back for one stored before.
          .returning('uid')
          .execute();
        if ((inserted.raw as unknown[]).length === 0) continue;
        recorded += 1;
        if (row.answersMessageId && acknowledgment) {
          await this.acknowledge(manager, row.answersMessageId, acknowledgment, row);
        }
      }
      await manager
        .createQueryBuilder()
        .insert()
        .into(MssMailboxCursorSchema)
        .values({
          mailbox,
          uidValidity: cursor.uidValidity,
          lastUid: cursor.uid,
          polledAt: new Date(),
        })
        .orUpdate(['uid_validity', 'last_uid', 'polled_at'], ['mailbox'])
        .execute();
      return recorded;
    });
  }

  /**
   * Reports and replies recorded without a message to answer: the report can
   * arrive before the sending activity has recorded its message (the operator
   * reports as soon as it stores). The poll matches them again later.
   */
  async unmatchedIncoming(mailbox: string, since: Date): Promise<MssIncomingRow[]> {
    return this.dataSource
      .createQueryBuilder(MssIncomingSchema, 'i')
      .where('i.mailbox = :mailbox', { mailbox })
      .andWhere('i.answers_message_id IS NULL')
      .andWhere("i.kind <> 'other'")
      .andWhere('i.received_at >= :since', { since })
      .orderBy('i.received_at', 'ASC')
      .getMany();
  }

  /** Matches an incoming message recorded earlier to the message it answers, once. */
  async attachIncoming(
    incoming: MssIncomingRow,
    messageId: string,
    acknowledgment: MssAcknowledgment | undefined,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(MssIncomingSchema)
        .set({ answersMessageId: messageId })
        .where('mailbox = :mailbox AND uid_validity = :uidValidity AND uid = :uid', {
          mailbox: incoming.mailbox,
          uidValidity: incoming.uidValidity,
          uid: incoming.uid,
        })
        .andWhere('answers_message_id IS NULL')
        .execute();
      if (!updated.affected || !acknowledgment) return;
      await this.acknowledge(manager, messageId, acknowledgment, incoming);
    });
  }

  /** Replies and reports that answer a pathway's messages, newest first. */
  async incomingFor(messageIds: readonly string[]): Promise<Omit<MssIncomingRow, 'raw'>[]> {
    if (messageIds.length === 0) return [];
    return this.dataSource.getRepository(MssIncomingSchema).find({
      select: [
        'mailbox',
        'uidValidity',
        'uid',
        'messageId',
        'kind',
        'answersMessageId',
        'sender',
        'subject',
        'receivedAt',
      ],
      where: { answersMessageId: In([...messageIds]) },
      order: { receivedAt: 'DESC' },
    });
  }

  // ---- notification outbox ------------------------------------------------------

  /**
   * Notifications whose MSSanté delivery is due, oldest first. DMP alerts are
   * not among them: the alert round mails each one itself, to the address the
   * practitioner chose for alerts, and records it sent.
   */
  async notificationsToDeliver(now: Date, limit: number): Promise<NotificationRow[]> {
    return this.dataSource.getRepository(NotificationSchema).find({
      where: [
        { deliveryStatus: 'pending', kind: Not('alert'), nextAttemptAt: IsNull() },
        { deliveryStatus: 'pending', kind: Not('alert'), nextAttemptAt: LessThanOrEqual(now) },
      ],
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  async markNotification(
    id: string,
    outcome:
      | { status: 'sent'; mssMessageId: string }
      | { status: 'failed' | 'not_sendable'; detail: string }
      | { status: 'pending'; detail: string; nextAttemptAt: Date },
  ): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(NotificationSchema)
      .set({
        deliveryStatus: outcome.status,
        ...('mssMessageId' in outcome
          ? { mssMessageId: outcome.mssMessageId, deliveryDetail: null }
          : {}),
        ...('detail' in outcome ? { deliveryDetail: outcome.detail } : {}),
        nextAttemptAt: 'nextAttemptAt' in outcome ? outcome.nextAttemptAt : null,
        deliveryAttempts: () => 'delivery_attempts + 1',
      })
      .where('id = :id', { id })
      .execute();
  }

  private async acknowledge(
    manager: EntityManager,
    messageId: string,
    ack: MssAcknowledgment,
    incoming: IncomingToRecord['row'],
  ): Promise<void> {
    const repository = manager.getRepository(MssMessageSchema);
    const message = await repository.findOneBy({ messageId });
    if (!message) return;
    let type: string;
    const payload: Record<string, unknown> = {
      messageId,
      purpose: message.purpose,
      subjectId: message.subjectId,
      recipient: message.recipient,
      incomingMessageId: incoming.messageId,
    };
    if (ack.kind === 'delivery_status') {
      const status =
        ack.action === 'delivered' || ack.action === 'relayed' || ack.action === 'expanded'
          ? 'delivered'
          : ack.action === 'failed'
            ? 'failed'
            : 'delayed';
      // A late "delayed" report never undoes a delivery or a failure.
      if (status !== 'delayed' || message.deliveryStatus === 'pending') {
        await repository.update(
          { messageId },
          {
            deliveryStatus: status,
            deliveryDetail: ack.detail,
            ...(status === 'delivered' ? { deliveredAt: ack.at } : {}),
          },
        );
        if (status === 'delivered') await shareAcknowledged(manager, message, 'delivered', ack.at);
      }
      type =
        status === 'delivered'
          ? 'mss_delivered'
          : status === 'failed'
            ? 'mss_delivery_failed'
            : 'mss_delivery_delayed';
      Object.assign(payload, { action: ack.action, detail: ack.detail });
    } else if (ack.kind === 'read_receipt') {
      await repository.update(
        { messageId },
        {
          readAt: message.readAt ?? ack.at,
          disposition: ack.disposition,
          ...(ack.error ? { deliveryDetail: ack.error } : {}),
        },
      );
      if (!ack.error) await shareAcknowledged(manager, message, 'read', ack.at);
      type = ack.error ? 'mss_integration_failed' : 'mss_read';
      Object.assign(payload, {
        disposition: ack.disposition,
        ...(ack.error ? { error: ack.error } : {}),
      });
    } else {
      await repository.update({ messageId }, { replies: message.replies + 1, lastReplyAt: ack.at });
      type = 'mss_replied';
    }
    const stream = `mss:${message.pathwayId}`;
    await this.audit.appendNext(manager, {
      eventId: `${stream}:${incoming.uid}:${type}`,
      stream,
      pathwayId: message.pathwayId,
      type,
      actor: MAILBOX_ACTOR,
      occurredAt: ack.at.toISOString(),
      payload,
    });
  }
}

/**
 * Carries a delivery or a read of a duty's message to the pathway's read-model
 * row (the first one counts), where the indicators count it: the workflow
 * never learns of acknowledgments, and its upsert leaves these columns alone.
 */
async function shareAcknowledged(
  manager: EntityManager,
  message: MssMessageRow,
  what: 'delivered' | 'read',
  at: Date,
): Promise<void> {
  if (message.purpose !== 'bilan_initial' && message.purpose !== 'compte_rendu') return;
  const column = `${message.purpose}_mss_${what}_at`;
  await manager.query(
    `UPDATE pathways SET ${column} = LEAST(COALESCE(${column}, $2), $2) WHERE id = $1`,
    [message.pathwayId, at],
  );
}
