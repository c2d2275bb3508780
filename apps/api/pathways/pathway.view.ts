import type {
  Actor,
  ConsentementDmp,
  CptsPolicy,
  MedecinTraitant,
  MssDispatch,
  PathwayStatus,
  PathwayStep,
} from '@app/domain';
import type {
  AuditEventRow,
  MssMessageRow,
  PathwayRow,
  PatientRow,
  PractitionerRow,
  CptsRow,
} from '@app/persistence';
import {
  DmpFiling,
  DocumentDuty,
  DocumentRef,
  HistoryEntry,
  PathwayEvent,
  PathwayState,
  Referral,
  awaitedDuty,
} from '@app/workflows';
import { BillingView, billingOf } from '../justification/billing';

export interface DocumentView {
  id: string;
  title: string;
  documentDate: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  receivedAt: string;
  href: string;
}

/** Where the DMP filing of a document stands. */
export interface DmpFilingView {
  status: DmpFiling['status'];
  /** For a waiting filing: what a person must do (consent, authorization, identity, correction). */
  waitingFor: string | null;
  /** For a skipped filing: why (consent_refused, no_dmp, pathway_abandoned). */
  skipReason: string | null;
  reason: string | null;
  dmpUniqueId: string | null;
  filedAt: string | null;
}

export interface DutyView {
  dueAt: string;
  remindersSent: number;
  escalatedAt: string | null;
  document: DocumentView | null;
  /** Null until the document is received (or when DMP filing did not exist when it was). */
  dmp: DmpFilingView | null;
}

export interface PeopleView {
  cpts: { id: string; name: string | null };
  practitioner: { id: string; rpps: string | null; displayName: string | null };
  patient: {
    id: string;
    displayName: string | null;
    birthDate: string | null;
    ins: { matricule: string; oid: string; identityStatus: string } | null;
  };
}

/** Where a pathway stands, as lists and the detailed view both show it. */
export interface PathwayStanding extends PeopleView {
  id: string;
  status: PathwayStatus;
  step: PathwayStep;
  overdue: boolean;
  /** Due date of the document the pathway waits for, if any. */
  currentDueAt: string | null;
  openedAt: string;
  closedAt: string | null;
}

/** One pathway as the API shows it: where it stands, what is due, what happened. */
export interface PathwayView extends PathwayStanding {
  abandonReason: string | null;
  medecinTraitant: MedecinTraitant;
  consentementDmp: ConsentementDmp;
  policy: CptsPolicy;
  bilanInitial: DutyView;
  careEndedOn: string | null;
  compteRendu: DutyView | null;
  referrals: Referral[];
  /** The messages sent (or to send, or skipped) to the médecin traitant over MSSanté, with their acknowledgments. */
  messages: MssMessageView[];
  /** How to bill the acts of this accès-direct pathway: the orthophoniste's own number as prescripteur. */
  billing: BillingView;
  history: HistoryEntry[];
  /**
   * `workflow`: read live from the pathway; `read-model`: from PostgreSQL while the engine cannot
   * answer; `pending`: just opened, no worker has run it yet.
   */
  source: 'workflow' | 'read-model' | 'pending';
  /**
   * True for a coordinator whose CPTS does not open clinical documents to
   * coordinators: the practitioner's free text (reasons, titles) is masked.
   */
  clinicalTextHidden: boolean;
  /**
   * The last history entry already written to PostgreSQL (audit log and read model): when it is
   * below the last entry of `history`, the recording activity has not caught up yet.
   */
  recordedUpTo: number;
}

export interface MssMessageView {
  key: string;
  purpose: MssDispatch['purpose'];
  documentId: string | null;
  referralId: string | null;
  status: MssDispatch['status'];
  /** For a skipped message: why (no_medecin_traitant, no_mss_address, address_refused). */
  skipReason: string | null;
  detail: string | null;
  messageId: string | null;
  recipient: string | null;
  sentAt: string | null;
  /** From the operator's delivery status notifications: pending, delivered, delayed or failed. */
  delivery: { status: string; detail: string | null; deliveredAt: string | null } | null;
  /** From the recipient's read receipt (MDN). */
  read: { at: string; disposition: string | null } | null;
  replies: number;
}

/** The pathway's dispatches joined with what the mailbox poll recorded about each message. */
export function messagesView(
  dispatches: readonly MssDispatch[],
  sent: readonly MssMessageRow[],
): MssMessageView[] {
  return dispatches.map((d) => {
    const row = d.messageId ? sent.find((m) => m.messageId === d.messageId) : undefined;
    return {
      key: d.key,
      purpose: d.purpose,
      documentId: d.documentId ?? null,
      referralId: d.referralId ?? null,
      status: d.status,
      skipReason: d.skipReason ?? null,
      detail: d.detail ?? null,
      messageId: d.messageId ?? null,
      recipient: d.recipient ?? null,
      sentAt: d.sentAt ?? null,
      delivery: row
        ? {
            status: row.deliveryStatus,
            detail: row.deliveryDetail,
            deliveredAt: row.deliveredAt?.toISOString() ?? null,
          }
        : null,
      read: row?.readAt ? { at: row.readAt.toISOString(), disposition: row.disposition } : null,
      replies: row?.replies ?? 0,
    };
  });
}

export interface People {
  cpts?: CptsRow;
  practitioner?: PractitionerRow;
  patient?: PatientRow;
}

export function peopleView(
  ids: { cptsId: string; practitionerId: string; patientId: string },
  people: People,
): PeopleView {
  const { cpts, practitioner, patient } = people;
  return {
    cpts: { id: ids.cptsId, name: cpts?.name ?? null },
    practitioner: {
      id: ids.practitionerId,
      rpps: practitioner?.rpps ?? null,
      displayName: practitioner ? `${practitioner.givenNames} ${practitioner.familyName}` : null,
    },
    patient: {
      id: ids.patientId,
      displayName: patient
        ? `${patient.firstNames.split(' ')[0]} ${patient.usedFamilyName ?? patient.birthFamilyName}`
        : null,
      birthDate: patient?.birthDate ?? null,
      ins:
        patient?.insMatricule && patient.insOid
          ? {
              matricule: patient.insMatricule,
              oid: patient.insOid,
              identityStatus: patient.identityStatus,
            }
          : null,
    },
  };
}

function documentView(pathwayId: string, document: DocumentRef | undefined): DocumentView | null {
  if (!document) return null;
  return {
    id: document.documentId,
    title: document.title,
    documentDate: document.documentDate,
    mediaType: document.mediaType,
    sizeBytes: document.sizeBytes,
    sha256: document.sha256,
    receivedAt: document.receivedAt,
    href: `/pathways/${pathwayId}/documents/${document.documentId}`,
  };
}

function dutyView(pathwayId: string, duty: DocumentDuty, filing: DmpFiling | undefined): DutyView {
  return {
    dueAt: duty.dueAt,
    remindersSent: duty.remindersSent,
    escalatedAt: duty.escalatedAt ?? null,
    document: documentView(pathwayId, duty.document),
    dmp: filing
      ? {
          status: filing.status,
          waitingFor: filing.waitingFor ?? null,
          skipReason: filing.skipReason ?? null,
          reason: filing.reason ?? null,
          dmpUniqueId: filing.dmpUniqueId ?? null,
          filedAt: filing.filedAt ?? null,
        }
      : null,
  };
}

function isOverdue(status: PathwayStatus, dueAt: string | undefined, now: number): boolean {
  return status === 'active' && dueAt !== undefined && Date.parse(dueAt) <= now;
}

/** The view from the live workflow state. */
export function viewFromState(
  state: PathwayState,
  people: People,
  recordedUpTo: number,
  sent: readonly MssMessageRow[] = [],
  now = Date.now(),
): PathwayView {
  const due = awaitedDuty(state)?.dueAt;
  return {
    id: state.pathwayId,
    ...peopleView(state, people),
    status: state.status,
    step: state.step,
    overdue: isOverdue(state.status, due, now),
    currentDueAt: due ?? null,
    openedAt: state.openedAt,
    closedAt: state.closedAt ?? null,
    abandonReason: state.abandonReason ?? null,
    medecinTraitant: state.medecinTraitant,
    consentementDmp: state.consentementDmp,
    policy: state.policy,
    bilanInitial: dutyView(state.pathwayId, state.bilanInitial, state.sharing?.bilan_initial),
    careEndedOn: state.careEndedOn ?? null,
    compteRendu: state.compteRendu
      ? dutyView(state.pathwayId, state.compteRendu, state.sharing?.compte_rendu)
      : null,
    referrals: state.referrals,
    messages: messagesView(state.mssDispatches ?? [], sent),
    billing: billingOf(people.practitioner),
    history: state.history,
    source: 'workflow',
    clinicalTextHidden: false,
    recordedUpTo,
  };
}

/** The same view rebuilt from PostgreSQL: the read-model row plus the pathway's audit stream. */
export function viewFromReadModel(
  row: PathwayRow,
  audit: AuditEventRow[],
  people: People,
  sent: readonly MssMessageRow[] = [],
  now = Date.now(),
): PathwayView {
  const history: HistoryEntry[] = audit.map((e) => ({
    seq: e.streamSeq,
    at: e.occurredAt.toISOString(),
    actor: e.actor as Actor,
    event: { type: e.type, ...e.payload } as PathwayEvent,
  }));
  const documents = new Map<string, DocumentRef>();
  const referrals: Referral[] = [];
  for (const { event } of history) {
    if (event.type === 'document_received' || event.type === 'document_replaced') {
      documents.set(event.document.kind, event.document);
    }
    if (event.type === 'referred') referrals.push(event.referral);
  }
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const duty = (
    dueAt: Date,
    reminders: number,
    escalatedAt: Date | null,
    kind: 'bilan_initial' | 'compte_rendu',
  ): DutyView => {
    const prefix = kind === 'bilan_initial' ? 'bilanInitial' : 'compteRendu';
    const status = row[`${prefix}DmpStatus`];
    return {
      dueAt: dueAt.toISOString(),
      remindersSent: reminders,
      escalatedAt: iso(escalatedAt),
      document: documentView(row.id, documents.get(kind)),
      dmp: status
        ? {
            status,
            waitingFor: row[`${prefix}DmpWaitingFor`],
            skipReason: row[`${prefix}DmpSkipReason`],
            reason: row[`${prefix}DmpReason`],
            dmpUniqueId: row[`${prefix}DmpUniqueId`],
            filedAt: iso(row[`${prefix}DmpFiledAt`]),
          }
        : null,
    };
  };
  const due = row.currentDueAt?.toISOString();
  return {
    id: row.id,
    ...peopleView(row, people),
    status: row.status,
    step: row.step,
    overdue: isOverdue(row.status, due, now),
    currentDueAt: due ?? null,
    openedAt: row.openedAt.toISOString(),
    closedAt: iso(row.closedAt),
    abandonReason: row.abandonReason,
    medecinTraitant: row.medecinTraitant,
    consentementDmp: row.consentementDmp,
    policy: row.policy,
    bilanInitial: duty(
      row.bilanInitialDueAt,
      row.bilanInitialReminders,
      row.bilanInitialEscalatedAt,
      'bilan_initial',
    ),
    careEndedOn: row.careEndedOn,
    compteRendu: row.compteRenduDueAt
      ? duty(
          row.compteRenduDueAt,
          row.compteRenduReminders,
          row.compteRenduEscalatedAt,
          'compte_rendu',
        )
      : null,
    referrals,
    messages: messagesView(row.mssDispatches ?? [], sent),
    billing: billingOf(people.practitioner),
    history,
    source: 'read-model',
    clinicalTextHidden: false,
    recordedUpTo: row.lastSeq,
  };
}
