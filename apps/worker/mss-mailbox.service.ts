import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  MssClient,
  MssError,
  type IncomingMailboxMessage,
  answeredMessageIds,
  writtenMessage,
  readIncomingMessage,
  noticeLetter,
  stepMessageId,
  type IncomingMssMessage,
} from '@app/mss';
import {
  Directory,
  MssStore,
  type MssMessageRow,
  PatientMessageStore,
  type IncomingToRecord,
  type MssAcknowledgment,
  type NotificationRow,
} from '@app/persistence';
import type { MssMailboxActivities } from '../../workflows/background/definitions';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';

const NOTIFICATIONS_PER_ROUND = 50;
const MAX_BACKOFF_MS = 3_600_000;

/** The notifications this outbox mails: every kind but DMP alerts (mailed by their own round). */
type OutboxNotification = NotificationRow & {
  kind: Exclude<NotificationRow['kind'], 'alert'>;
  topic: Exclude<NotificationRow['topic'], 'dmp_new_document'>;
};

const TOPIC_SUMMARY: Record<OutboxNotification['topic'], (kind: string) => string> = {
  document_missing: (kind) =>
    `Le ${kind} de ce parcours en accès direct n'a pas encore été déposé.`,
  dmp_consent: (kind) =>
    `Le ${kind} attend le consentement du patient pour être versé dans son DMP.`,
  dmp_authorization: (kind) => `Le ${kind} attend l'autorisation d'accès du patient à son DMP.`,
  dmp_identity: (kind) =>
    `Le ${kind} attend une identité INS qualifiée du patient pour être versé dans son DMP.`,
  dmp_correction: (kind) => `Le ${kind} doit être corrigé avant d'être versé dans le DMP.`,
};

const ACTION: Record<OutboxNotification['kind'], string> = {
  reminder:
    'Déposez le document, ou faites le nécessaire, dans le moteur accès direct de votre CPTS.',
  escalation:
    "Les rappels à l'orthophoniste sont restés sans suite : la coordination de la CPTS est invitée à prendre contact.",
  action_required:
    'Une action de votre part est nécessaire dans le moteur accès direct de votre CPTS.',
};

/** One pass over the mailbox, as the mailbox workflow's activities report it (counts only). */
export interface MailboxRound {
  received: number;
  quarantined: number;
  /** When to read again: the configured period, read at each round. */
  nextInMs: number;
}

export interface OutboxRound {
  delivered: number;
  /** Left for a later round: the operator was unavailable. */
  deferred: number;
}

/**
 * The engine's side of its MSSanté mailbox, as the activities of the mailbox
 * workflow (workflows/background): reads what arrived since the last round
 * (delivery status notifications, read receipts, replies), records each
 * against the message it answers — a message that cannot be read or recorded
 * is kept aside (quarantined) and the reading goes on past it — and delivers
 * the reminders and escalations the pathways have queued (the notification
 * outbox) by MSSanté mail. Reading and delivering are separate activities: a
 * mailbox that cannot be read does not hold back the outbox. Within one
 * process the two never overlap (tests call pollOnce beside the workflow).
 */
@Injectable()
export class MssMailboxService implements MssMailboxActivities {
  private readonly logger = new Logger(MssMailboxService.name);
  private round?: Promise<unknown>;

  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly mss: MssClient,
    private readonly store: MssStore,
    private readonly directory: Directory,
    private readonly patientMessages: PatientMessageStore,
  ) {}

  /** One round now (tests and the demo call it to see acknowledgments without waiting). */
  async pollOnce(): Promise<{ received: number; delivered: number }> {
    const read = await this.readMailbox();
    const outbox = await this.deliverNotifications();
    return { received: read.received, delivered: outbox.delivered };
  }

  async readMailbox(): Promise<MailboxRound> {
    const { received, quarantined } = await this.alone(() => this.readInbox());
    return { received, quarantined, nextInMs: this.runtime.mss.pollEveryMs };
  }

  async deliverNotifications(): Promise<OutboxRound> {
    return this.alone(() => this.deliverOutbox());
  }

  /** One round at a time in this process. */
  private async alone<T>(work: () => Promise<T>): Promise<T> {
    while (this.round) await this.round.catch(() => undefined);
    const running = work();
    this.round = running;
    try {
      return await running;
    } finally {
      this.round = undefined;
    }
  }

  /**
   * Reads the INBOX after the stored cursor and records each message, batch by
   * batch. A batch the database refuses is recorded message by message, and a
   * message that still cannot be (or could not be read) is kept aside with
   * its reason: the cursor moves past it, and every later message is read.
   */
  private async readInbox(): Promise<{ received: number; quarantined: number }> {
    const mailbox = this.mss.address;
    let received = 0;
    let quarantined = 0;
    for (;;) {
      const cursor = await this.store.cursor(mailbox);
      const batch = await this.mss.fetchIncoming(cursor);
      if (batch.messages.length === 0) {
        if (!cursor || cursor.uidValidity !== batch.cursor.uidValidity) {
          await this.store.recordIncoming(mailbox, batch.cursor, []);
        }
        await this.matchLateReports(mailbox);
        return { received, quarantined };
      }
      const records: IncomingToRecord[] = [];
      for (const message of batch.messages) {
        try {
          records.push(await this.recordOf(message));
        } catch (error) {
          records.push(quarantine(message, error));
        }
      }
      try {
        received += await this.store.recordIncoming(mailbox, batch.cursor, records);
      } catch {
        for (const record of records) {
          const upTo = { uidValidity: batch.cursor.uidValidity, uid: record.row.uid };
          try {
            received += await this.store.recordIncoming(mailbox, upTo, [record]);
          } catch (error) {
            await this.store.recordIncoming(mailbox, upTo, [quarantine(record.row, error)]);
          }
        }
      }
      const aside = records.filter((r) => r.row.quarantineReason !== null).length;
      if (aside > 0) this.logger.warn(`MSSanté mailbox: ${aside} message(s) quarantined`);
      quarantined += aside;
    }
  }

  /** What one message is, against the message it answers; a message that cannot be read throws. */
  private async recordOf(message: IncomingMailboxMessage): Promise<IncomingToRecord> {
    if (message.incoming === undefined) throw new Error(message.unreadable);
    const { incoming } = message;
    const answered = await this.store.findSent(answeredMessageIds(incoming));
    const at = incoming.date ?? new Date();
    // Recorded before the cursor moves on: a round that fails after this reads it again, and
    // the reply (keyed by its Message-ID) is kept once.
    if (answered?.purpose === 'patient_message')
      await this.recordPatientReply(incoming, message.raw, answered);
    return {
      row: {
        uid: message.uid,
        messageId: incoming.messageId ?? null,
        kind: incoming.kind,
        answersMessageId: answered?.messageId ?? null,
        sender: incoming.from ?? null,
        subject: incoming.subject ?? null,
        receivedAt: at,
        raw: message.raw,
        quarantineReason: null,
      },
      ...(answered ? { acknowledgment: acknowledgmentOf(incoming, answered.recipient, at) } : {}),
    };
  }

  /**
   * A patient's answer to a message their practitioner wrote: kept on the
   * pathway's conversation, when it comes from the very address written to
   * (a reply from elsewhere stays in the mailbox's record only).
   */
  private async recordPatientReply(
    incoming: IncomingMssMessage,
    raw: Buffer,
    answered: MssMessageRow,
  ): Promise<void> {
    if (incoming.kind !== 'reply' || !incoming.messageId) return;
    if (incoming.from?.toLowerCase() !== answered.recipient.toLowerCase()) return;
    const written = await writtenMessage(raw);
    await this.patientMessages.recordReply({
      pathwayId: answered.pathwayId,
      messageId: incoming.messageId,
      inReplyTo: answered.messageId,
      patientAddress: answered.recipient,
      subject: written.subject,
      body: written.text,
      receivedAt: incoming.date ?? new Date(),
    });
  }

  /** Reports that came in before their message was recorded (a day back at most) are matched now. */
  private async matchLateReports(mailbox: string): Promise<void> {
    const since = new Date(Date.now() - 86_400_000);
    for (const row of await this.store.unmatchedIncoming(mailbox, since)) {
      const incoming = readIncomingMessage(row.raw);
      const answered = await this.store.findSent(answeredMessageIds(incoming));
      if (!answered) continue;
      await this.store.attachIncoming(
        row,
        answered.messageId,
        acknowledgmentOf(incoming, answered.recipient, row.receivedAt),
      );
    }
  }

  private async deliverOutbox(): Promise<OutboxRound> {
    const due = await this.store.notificationsToDeliver(new Date(), NOTIFICATIONS_PER_ROUND);
    let delivered = 0;
    let deferred = 0;
    for (const notification of due as OutboxNotification[]) {
      const recipient = await this.recipientOf(notification);
      if (!recipient) {
        await this.store.markNotification(notification.id, {
          status: 'not_sendable',
          detail: `the ${notification.recipientKind} has no MSSanté address`,
        });
        continue;
      }
      const kind = notification.documentKind === 'bilan_initial' ? 'bilan initial' : 'compte-rendu';
      const letter = noticeLetter({
        kind: notification.kind,
        recipientName: recipient.name,
        summary: TOPIC_SUMMARY[notification.topic](kind),
        action: ACTION[notification.kind],
        pathwayRef: notification.pathwayId,
        dueOn: notification.dueAt.toISOString().slice(0, 10),
      });
      const messageId = stepMessageId(
        'notification',
        `${notification.id}:${recipient.address}`,
        this.mss.address.split('@')[1],
      );
      try {
        const sent = await this.mss.send({
          ...letter,
          messageId,
          date: new Date(),
          to: [{ address: recipient.address, name: recipient.name }],
          fromName: 'Accès direct CPTS',
        });
        await this.store.recordSent({
          messageId: sent.messageId,
          pathwayId: notification.pathwayId,
          purpose: 'notification',
          subjectId: notification.id,
          recipient: recipient.address,
          sentAt: new Date(),
        });
        await this.store.markNotification(notification.id, {
          status: 'sent',
          mssMessageId: sent.messageId,
        });
        delivered += 1;
      } catch (error) {
        if (!(error instanceof MssError)) throw error;
        if (
          error.code === 'OPERATOR_UNAVAILABLE' ||
          error.code === 'MAILBOX_FULL' ||
          error.code === 'TLS_FAILED'
        ) {
          const backoff = Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** notification.deliveryAttempts);
          await this.store.markNotification(notification.id, {
            status: 'pending',
            detail: error.message,
            nextAttemptAt: new Date(Date.now() + backoff),
          });
          deferred += 1;
          // The operator is down: the rest of the round would fail the same way.
          if (error.code === 'OPERATOR_UNAVAILABLE') break;
        } else {
          await this.store.markNotification(notification.id, {
            status: 'failed',
            detail: error.message,
          });
        }
      }
    }
    return { delivered, deferred };
  }

  private async recipientOf(
    notification: NotificationRow,
  ): Promise<{ address: string; name: string } | undefined> {
    if (notification.recipientKind === 'practitioner') {
      const practitioner = await this.directory.practitioner(notification.recipientId);
      return practitioner?.mssAddress
        ? {
            address: practitioner.mssAddress,
            name: `${practitioner.givenNames} ${practitioner.familyName}`,
          }
        : undefined;
    }
    const cpts = await this.directory.cpts(notification.recipientId);
    return cpts?.coordinatorMssAddress
      ? { address: cpts.coordinatorMssAddress, name: `la coordination de ${cpts.name}` }
      : undefined;
  }
}

/** What an incoming message says about the message it answers. */
export function acknowledgmentOf(
  incoming: IncomingMssMessage,
  recipient: string,
  at: Date,
): MssAcknowledgment | undefined {
  switch (incoming.kind) {
    case 'delivery_status': {
      const line =
        incoming.recipients.find((r) => r.finalRecipient === recipient.toLowerCase()) ??
        incoming.recipients[0];
      if (!line) return undefined;
      return {
        kind: 'delivery_status',
        action: line.action,
        detail: [line.status, line.diagnosticCode].filter(Boolean).join(' '),
        at,
      };
    }
    case 'read_receipt':
      return {
        kind: 'read_receipt',
        disposition: incoming.disposition,
        ...(incoming.error ? { error: incoming.error } : {}),
        at,
      };
    case 'reply':
      return { kind: 'reply', at };
    default:
      return undefined;
  }
}

/** A message kept aside: its bytes and uid (the cursor moves past it), and why. */
function quarantine(message: { uid: number; raw: Buffer }, error: unknown): IncomingToRecord {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    row: {
      uid: message.uid,
      messageId: null,
      kind: 'other',
      answersMessageId: null,
      sender: null,
      subject: null,
      receivedAt: new Date(),
      raw: message.raw,
      // The reason names the failure, never the message's content.
      quarantineReason: reason.slice(0, 500),
    },
  };
}
