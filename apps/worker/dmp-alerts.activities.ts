import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DmpClient, DmpError } from '@app/dmp';
import { MssClient, MssError, dmpAlertLetter, stepMessageId } from '@app/mss';
import {
  AuditLog,
  Directory,
  DmpAlertStore,
  type DmpAlertToSend,
  type DmpAlertWatch,
  MssStore,
} from '@app/persistence';
import type {
  DmpAlertDelivery,
  DmpAlertsActivities,
  DmpLookRound,
} from '../../workflows/dmp-alerts/definitions';
import { seenDocument } from '../shared/dmp-entries';
import { DmpPartiesReader, isDmpPartiesProblem } from '../shared/dmp-parties';
import { documentOid } from '../shared/document-submissions';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';
import { heartbeat } from './heartbeat';

const ALERTS_PER_BATCH = 50;

/**
 * The activities of the DMP-alerts workflow. A look asks the DMP (ITI-18) for
 * each watched patient's documents and records the ones never seen, minus the
 * engine's own filings; a delivery mails each recorded one to the
 * practitioner's alert address and records its notification. Both are
 * idempotent through PostgreSQL (one row per practitioner and uniqueId) and
 * the message's derived id, so retries, restarts and several workers alert
 * once.
 */
@Injectable()
export class DmpAlertsRound implements DmpAlertsActivities {
  private readonly logger = new Logger(DmpAlertsRound.name);

  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly dmp: DmpClient,
    private readonly mss: MssClient,
    private readonly alerts: DmpAlertStore,
    private readonly parties: DmpPartiesReader,
    private readonly directory: Directory,
    private readonly mssStore: MssStore,
    private readonly auditLog: AuditLog,
  ) {}

  async lookForNewDmpDocuments(): Promise<DmpLookRound> {
    const watches = await this.alerts.watches();
    const round: DmpLookRound = {
      watched: watches.length,
      looked: 0,
      failed: 0,
      newDocuments: 0,
      nextInMs: this.runtime.dmpAlerts?.everyMs ?? 3_600_000,
    };
    for (const watch of watches) {
      heartbeat();
      const problem = await this.look(watch, round);
      if (problem) {
        round.failed += 1;
        await this.alerts.recordLookProblem(watch, problem, new Date());
      }
    }
    if (round.failed > 0) {
      this.logger.warn(`DMP alerts: ${round.failed} of ${round.watched} DMPs not read this round`);
    }
    return round;
  }

  /** One patient's DMP for one practitioner; answers what prevented the look, if anything. */
  private async look(watch: DmpAlertWatch, round: DmpLookRound): Promise<string | undefined> {
    const parties = await this.parties.of(watch.practitionerId, watch.patientId);
    if (isDmpPartiesProblem(parties)) return parties.reason;
    try {
      const access = await this.dmp.accessStatus(parties.author, parties.patient);
      // No DMP, or the patient's authorisation lapsed: nothing may be read until it is renewed.
      if (access.problem) return access.problem.message;
      const entries = await this.dmp.findDocuments(parties.author, parties.patient);
      const own = new Set(
        (await this.alerts.engineDocumentIdsOf(watch.patientId)).map(documentOid),
      );
      const found = entries.filter((e) => !own.has(e.uniqueId)).map(seenDocument);
      const recorded = await this.alerts.recordLook(watch, found, new Date());
      round.looked += 1;
      round.newDocuments += recorded.toAlert;
      return undefined;
    } catch (error) {
      // The DMP unavailable (or refusing): this patient is looked at again next round, nothing lost.
      if (error instanceof DmpError) return `${error.code}: ${error.message}`;
      throw error;
    }
  }

  async deliverDmpAlerts(): Promise<DmpAlertDelivery> {
    const delivery: DmpAlertDelivery = { sent: 0, deferred: 0 };
    for (;;) {
      const batch = await this.alerts.toAlert(ALERTS_PER_BATCH);
      if (batch.length === 0) return delivery;
      for (const [index, alert] of batch.entries()) {
        heartbeat();
        const outcome = await this.deliver(alert);
        if (outcome === 'deferred') {
          // The operator is unavailable: the rest would fail the same way; the next round sends them.
          delivery.deferred = batch.length - index;
          return delivery;
        }
        // A refused address is recorded on its notification, not counted as sent.
        if (outcome === 'sent') delivery.sent += 1;
      }
    }
  }

  private async deliver(alert: DmpAlertToSend): Promise<'sent' | 'failed' | 'deferred'> {
    const practitioner = await this.directory.practitioner(alert.practitionerId);
    const recipientName = practitioner
      ? `${practitioner.givenNames} ${practitioner.familyName}`
      : 'Madame, Monsieur';
    const messageId = stepMessageId(
      'dmp_alert',
      `${alert.practitionerId}:${alert.dmpUniqueId}:${alert.address.toLowerCase()}`,
      this.mss.address.split('@')[1],
    );
    const letter = dmpAlertLetter({
      recipientName,
      pathwayRef: alert.pathwayId,
      typeLabel: alert.typeLabel,
      documentDate: alert.documentDate,
      author: alert.author,
    });
    let status: 'sent' | 'failed' = 'sent';
    let detail: string | null = null;
    try {
      await this.mss.send({
        ...letter,
        messageId,
        date: new Date(),
        to: [{ address: alert.address, name: recipientName }],
        fromName: 'Accès direct CPTS',
      });
    } catch (error) {
      if (!(error instanceof MssError)) throw error;
      if (error.retryable || error.code === 'MAILBOX_FULL' || error.code === 'TLS_FAILED') {
        return 'deferred';
      }
      // An address the operator refuses: said on the notification, not retried for ever.
      status = 'failed';
      detail = error.message;
    }
    const at = new Date();
    const notificationId = `dmp-alert:${alert.practitionerId}:${alert.dmpUniqueId}`;
    if (status === 'sent') {
      await this.mssStore.recordSent({
        messageId,
        pathwayId: alert.pathwayId,
        purpose: 'dmp_alert',
        subjectId: notificationId,
        recipient: alert.address,
        sentAt: at,
      });
    }
    await this.alerts.markAlerted(
      alert,
      {
        id: notificationId,
        pathwayId: alert.pathwayId,
        kind: 'alert',
        topic: 'dmp_new_document',
        recipientKind: 'practitioner',
        recipientId: alert.practitionerId,
        documentKind: null,
        detail: {
          dmpUniqueId: alert.dmpUniqueId,
          typeLabel: alert.typeLabel,
          documentDate: alert.documentDate,
          author: alert.author,
        },
        count: 1,
        dueAt: alert.seenAt,
        createdAt: at,
      },
      { status, mssMessageId: status === 'sent' ? messageId : null, detail },
      at,
      (manager) =>
        this.auditLog.appendNext(manager, {
          eventId: randomUUID(),
          // Beside the pathway's own stream (the workflow numbers that one), like MSSanté acknowledgments.
          stream: `dmp-alerts:${alert.practitionerId}`,
          pathwayId: alert.pathwayId,
          type: 'dmp_alert_sent',
          actor: { kind: 'system', id: 'dmp-alerts' },
          occurredAt: at.toISOString(),
          // Metadata of the alert only: the document's id in the DMP, never its content.
          payload: { dmpUniqueId: alert.dmpUniqueId, delivery: status, mssMessageId: messageId },
        }),
    );
    return status;
  }
}
