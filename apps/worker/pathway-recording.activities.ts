import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AuditAppend,
  AuditLog,
  NewNotification,
  NotificationStore,
  PathwayReadModel,
  PathwayRowUpdate,
} from '@app/persistence';
import type {
  DmpFiling,
  HistoryEntry,
  RecordingActivities,
  PathwayRecording,
  PathwaySnapshot,
} from '@app/workflows';

/**
 * Records what happened in a pathway: audit events, the notifications they
 * carry, and the read-model row, in one PostgreSQL transaction. Each history
 * entry has a stable id (pathway id + sequence number), so a retried activity
 * finds what the first attempt wrote and adds nothing.
 */
@Injectable()
export class PathwayRecordingActivities implements RecordingActivities {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
    private readonly notifications: NotificationStore,
    private readonly readModel: PathwayReadModel,
  ) {}

  async recordPathwayTransitions({ entries, snapshot }: PathwayRecording): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.auditLog.append(
        manager,
        entries.map((entry) => auditEvent(snapshot.pathwayId, entry)),
      );
      await this.notifications.insert(
        manager,
        entries.flatMap((entry) => notificationOf(snapshot.pathwayId, entry)),
      );
      await this.readModel.upsert(manager, pathwayRow(snapshot));
    });
  }
}

export function auditEvent(
  pathwayId: string,
  { seq, at, actor, event }: HistoryEntry,
): AuditAppend {
  const { type, ...payload } = event;
  return {
    eventId: `${pathwayId}:${seq}`,
    stream: `pathway:${pathwayId}`,
    streamSeq: seq,
    pathwayId,
    type,
    actor,
    occurredAt: at,
    payload,
  };
}

export function notificationOf(pathwayId: string, { at, event }: HistoryEntry): NewNotification[] {
  if (
    event.type !== 'reminder_sent' &&
    event.type !== 'escalated' &&
    event.type !== 'dmp_action_required'
  ) {
    return [];
  }
  const { notification } = event;
  return [
    {
      id: notification.notificationId,
      pathwayId,
      kind: notification.kind,
      // Pathways recorded before DMP filing sent reminders about missing documents only.
      topic: notification.topic ?? 'document_missing',
      recipientKind: notification.recipient.kind,
      recipientId:
        notification.recipient.kind === 'practitioner'
          ? notification.recipient.id
          : notification.recipient.cptsId,
      documentKind: notification.documentKind,
      detail: null,
      count: notification.count,
      dueAt: new Date(notification.dueAt),
      createdAt: new Date(at),
    },
  ];
}

function dmpColumns(prefix: 'bilanInitial' | 'compteRendu', filing: DmpFiling | undefined) {
  const columns: Partial<PathwayRowUpdate> = {
    [`${prefix}DmpStatus`]: filing?.status ?? null,
    [`${prefix}DmpWaitingFor`]: filing?.waitingFor ?? null,
    [`${prefix}DmpSkipReason`]: filing?.skipReason ?? null,
    [`${prefix}DmpUniqueId`]: filing?.dmpUniqueId ?? null,
    [`${prefix}DmpFiledAt`]: filing?.filedAt ? new Date(filing.filedAt) : null,
    [`${prefix}DmpReason`]: filing?.reason ?? null,
  };
  return columns;
}

export function pathwayRow(s: PathwaySnapshot): PathwayRowUpdate {
  const date = (iso: string | undefined) => (iso ? new Date(iso) : null);
  return {
    id: s.pathwayId,
    cptsId: s.cptsId,
    practitionerId: s.practitionerId,
    patientId: s.patientId,
    status: s.status,
    step: s.step,
    medecinTraitant: s.medecinTraitant,
    consentementDmp: s.consentementDmp,
    policy: s.policy,
    openedAt: new Date(s.openedAt),
    bilanInitialDueAt: new Date(s.bilanInitial.dueAt),
    bilanInitialDocumentId: s.bilanInitial.document?.documentId ?? null,
    bilanInitialReceivedAt: date(s.bilanInitial.document?.receivedAt),
    bilanInitialReminders: s.bilanInitial.remindersSent,
    bilanInitialEscalatedAt: date(s.bilanInitial.escalatedAt),
    careEndedOn: s.careEndedOn ?? null,
    compteRenduDueAt: date(s.compteRendu?.dueAt),
    compteRenduDocumentId: s.compteRendu?.document?.documentId ?? null,
    compteRenduReceivedAt: date(s.compteRendu?.document?.receivedAt),
    compteRenduReminders: s.compteRendu?.remindersSent ?? 0,
    compteRenduEscalatedAt: date(s.compteRendu?.escalatedAt),
    referralCount: s.referralCount,
    closedAt: date(s.closedAt),
    abandonReason: s.abandonReason ?? null,
    // Recordings scheduled by pathways older than MSSanté sending carry no dispatches.
    mssDispatches: s.mssDispatches ?? [],
    lastSeq: s.lastSeq,
    ...dmpColumns('bilanInitial', s.sharing?.bilan_initial),
    ...dmpColumns('compteRendu', s.sharing?.compte_rendu),
  } as PathwayRowUpdate;
}
