import type {
  Actor,
  ConsentementDmp,
  CptsPolicy,
  DocumentKind,
  MedecinTraitant,
  MssDispatch,
  MssSkipReason,
  PathwayStatus,
  PathwayStep,
} from '@app/domain';

/**
 * What the API gives a pathway when it opens it. Only opaque ids of people:
 * names and identities stay in PostgreSQL.
 */
export interface PathwayOpening {
  pathwayId: string;
  cptsId: string;
  practitionerId: string;
  patientId: string;
  medecinTraitant: MedecinTraitant;
  consentementDmp: ConsentementDmp;
  /** The CPTS policy as it was when the pathway opened. */
  policy: CptsPolicy;
  openedBy: Actor;
}

/** Engine limits, not domain rules; tests lower them to exercise continue-as-new. */
export interface PathwayLimits {
  /** Continue-as-new once the run's history holds this many events. */
  maxHistoryEvents: number;
  /** Longest wait between two attempts to reach the DMP while it is unavailable (Temporal duration). */
  dmpRetryMaxInterval?: string;
  /** Longest wait between two attempts to reach the MSSanté operator while it is unavailable. */
  mssRetryMaxInterval?: string;
}

export const DEFAULT_PATHWAY_LIMITS: PathwayLimits = { maxHistoryEvents: 2_000 };

export interface PathwayWorkflowInput {
  opening: PathwayOpening;
  limits?: PathwayLimits;
  /** Set only by continue-as-new: the state carried into the next run. */
  carriedState?: PathwayState;
}

/** The workflow's signature, for typed starts from code that must not import workflow code. */
export type PathwayWorkflow = (input: PathwayWorkflowInput) => Promise<PathwaySnapshot>;

/** A document stored by the API (PostgreSQL) and attached to the pathway. */
export interface DocumentRef {
  documentId: string;
  kind: DocumentKind;
  title: string;
  /** Date written on the document, YYYY-MM-DD. */
  documentDate: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  receivedAt: string;
}

/** One document the practitioner owes: when it is due and how late it is. */
export interface DocumentDuty {
  kind: DocumentKind;
  dueAt: string;
  document?: DocumentRef;
  remindersSent: number;
  escalatedAt?: string;
  /** Last reminder or escalation; the next one is never sooner than one cadence after it. */
  lastNotifiedAt?: string;
}

export interface Referral {
  referralId: string;
  physician: { name: string; rpps?: string; specialty?: string };
  reason: string;
  referredAt: string;
}

export type NotificationRecipient =
  { kind: 'practitioner'; id: string } | { kind: 'coordinator'; cptsId: string };

/** A reminder or an escalation, persisted for its recipient (delivered by MSSanté later). */
/** What a notification is about: a missing document, or a human step of the DMP filing. */
export type NotificationTopic = 'document_missing' | `dmp_${DmpAction}`;

export interface PathwayNotification {
  notificationId: string;
  kind: 'reminder' | 'escalation' | 'action_required';
  /** Absent in pathways recorded before DMP filing existed: a missing document. */
  topic?: NotificationTopic;
  recipient: NotificationRecipient;
  documentKind: DocumentKind;
  /** For a reminder, its rank for this document (1, 2, …); for an escalation, the reminders sent before it. */
  count: number;
  dueAt: string;
}

/** What a person must do before the DMP filing of a document can go on. */
export type DmpAction = 'consent' | 'authorization' | 'identity' | 'correction';

/** Why a document is not filed in the DMP, for good. */
export type DmpSkipReason = 'consent_refused' | 'no_dmp' | 'pathway_abandoned';

/**
 * The DMP filing of one document: to file (the activity will try, and retry
 * while the DMP is unavailable), filed, skipped for a recorded reason, or
 * waiting for a person (consent, the patient's authorisation, a qualified
 * identity, a corrected document).
 */
export interface DmpFiling {
  documentId: string;
  status: 'to_file' | 'filed' | 'skipped' | 'waiting';
  waitingFor?: DmpAction;
  skipReason?: DmpSkipReason;
  /** What the DMP (or the adapter) said, for a person to read. */
  reason?: string;
  /** Record the practitioner's authorisation in the DMP (TD0.3) before filing: the patient gave it. */
  authorizeFirst?: boolean;
  /** The DMP's id of the filed version this one replaces (a corrected document). */
  replacesDmpUniqueId?: string;
  dmpUniqueId?: string;
  filedAt?: string;
  remindersSent: number;
  lastNotifiedAt?: string;
}

/** What the filing activity reports; an unavailable DMP is not an outcome: the activity is retried. */
export type DmpFilingOutcome =
  | { outcome: 'filed'; dmpUniqueId: string; filedAt: string }
  | { outcome: 'skipped'; reason: 'no_dmp'; detail: string }
  | { outcome: 'waiting'; action: Exclude<DmpAction, 'consent'>; reason: string };

export type PathwayEvent =
  | { type: 'opened'; bilanInitialDueAt: string; policy: CptsPolicy }
  | { type: 'document_received'; document: DocumentRef }
  | { type: 'document_replaced'; document: DocumentRef; replacedDocumentId: string }
  | {
      type: 'dmp_filed';
      documentKind: DocumentKind;
      documentId: string;
      dmpUniqueId: string;
      filedAt: string;
      replacedDmpUniqueId?: string;
    }
  | {
      type: 'dmp_filing_skipped';
      documentKind: DocumentKind;
      documentId: string;
      reason: DmpSkipReason;
      detail?: string;
    }
  | {
      type: 'dmp_action_required';
      documentKind: DocumentKind;
      documentId: string;
      action: DmpAction;
      reason: string;
      notification: PathwayNotification;
    }
  | { type: 'dmp_filing_resumed'; documentKind: DocumentKind; documentId: string; after: DmpAction }
  | {
      type: 'mss_sent';
      key: string;
      purpose: MssDispatch['purpose'];
      messageId: string;
      recipient: string;
      sentAt: string;
      /** An earlier attempt had already been accepted by the operator. */
      alreadySent: boolean;
    }
  | {
      type: 'mss_skipped';
      key: string;
      purpose: MssDispatch['purpose'];
      reason: MssSkipReason;
      detail?: string;
    }
  | { type: 'reminder_sent'; notification: PathwayNotification }
  | { type: 'escalated'; notification: PathwayNotification }
  | { type: 'care_ended'; careEndedOn: string; compteRenduDueAt: string }
  | { type: 'referred'; referral: Referral }
  | { type: 'medecin_traitant_changed'; medecinTraitant: MedecinTraitant }
  | { type: 'consent_changed'; consentementDmp: ConsentementDmp }
  | { type: 'completed' }
  | { type: 'abandoned'; reason: string };

export type PathwayEventType = PathwayEvent['type'];

/** One line of the pathway's history; `seq` orders them and makes each one's id. */
export interface HistoryEntry {
  seq: number;
  at: string;
  actor: Actor;
  event: PathwayEvent;
}

export interface PathwayState {
  pathwayId: string;
  cptsId: string;
  practitionerId: string;
  patientId: string;
  status: PathwayStatus;
  step: PathwayStep;
  medecinTraitant: MedecinTraitant;
  consentementDmp: ConsentementDmp;
  policy: CptsPolicy;
  openedAt: string;
  bilanInitial: DocumentDuty;
  careEndedOn?: string;
  compteRendu?: DocumentDuty;
  referrals: Referral[];
  closedAt?: string;
  abandonReason?: string;
  /** True while the awaited document is past its due date. */
  overdue: boolean;
  /** Number of runs so far (continue-as-new starts a new run). */
  run: number;
  seq: number;
  history: HistoryEntry[];
  /** DMP filing is on for pathways started (or continued) since it exists; see the workflow's patch. */
  sharingEnabled?: boolean;
  sharing?: Partial<Record<DocumentKind, DmpFiling>>;
  /** MSSanté sending is on for pathways started (or continued) since it exists; see the workflow's patch. */
  mssEnabled?: boolean;
  mssDispatches?: MssDispatch[];
}

/** What the read model keeps of a pathway, written with each batch of history entries. */
export interface PathwaySnapshot {
  pathwayId: string;
  cptsId: string;
  practitionerId: string;
  patientId: string;
  status: PathwayStatus;
  step: PathwayStep;
  overdue: boolean;
  medecinTraitant: MedecinTraitant;
  consentementDmp: ConsentementDmp;
  policy: CptsPolicy;
  openedAt: string;
  bilanInitial: DocumentDuty;
  careEndedOn?: string;
  compteRendu?: DocumentDuty;
  referralCount: number;
  closedAt?: string;
  abandonReason?: string;
  sharing: Partial<Record<DocumentKind, DmpFiling>>;
  mssDispatches: MssDispatch[];
  lastSeq: number;
}

/** Input of the recording activity: new history entries plus where the pathway now stands. */
export interface PathwayRecording {
  entries: HistoryEntry[];
  snapshot: PathwaySnapshot;
}

// ---- update arguments -------------------------------------------------------

export interface DepositDocumentArgs {
  actor: Actor;
  document: Omit<DocumentRef, 'receivedAt'>;
}

export interface EndCareArgs {
  actor: Actor;
  /** YYYY-MM-DD, the day care ended. */
  careEndedOn: string;
}

export interface ReferArgs {
  actor: Actor;
  physician: Referral['physician'];
  reason: string;
}

export interface AbandonArgs {
  actor: Actor;
  reason: string;
}

export interface ChangeMedecinTraitantArgs {
  actor: Actor;
  medecinTraitant: MedecinTraitant;
}

export interface ChangeConsentArgs {
  actor: Actor;
  consentementDmp: ConsentementDmp;
}

export interface ReplaceDocumentArgs {
  actor: Actor;
  /** The corrected version; it replaces the received document of the same kind. */
  document: Omit<DocumentRef, 'receivedAt'>;
}

/** The practitioner states that the patient has authorised them to access their DMP. */
export interface RecordDmpAuthorizationArgs {
  actor: Actor;
}

/** A person fixed what stopped a filing (identity qualified, document corrected): try again. */
export interface RetryDmpFilingArgs {
  actor: Actor;
  documentKind: DocumentKind;
}

/** Input of the DMP filing activity: ids only, the activity reads the rest from PostgreSQL. */
export interface FileInDmpInput {
  pathwayId: string;
  cptsId: string;
  practitionerId: string;
  patientId: string;
  documentKind: DocumentKind;
  documentId: string;
  authorizeFirst: boolean;
  replacesDmpUniqueId?: string;
  /** The care the document reports on: from the opening to the end of care, when declared. */
  openedAt: string;
  careEndedOn?: string;
}

/** Input of the MSSanté activity: ids and the dispatch; the activity reads the rest from PostgreSQL. */
export interface SendToMedecinTraitantInput {
  pathwayId: string;
  cptsId: string;
  practitionerId: string;
  patientId: string;
  medecinTraitant: Extract<MedecinTraitant, { declared: true }>;
  dispatch: MssDispatch;
  /** The referral a `referral` dispatch announces. */
  referral?: Referral;
  openedAt: string;
  careEndedOn?: string;
}

/** What the MSSanté activity reports; an unavailable operator is not an outcome: the activity is retried. */
export type MssSendOutcome =
  | { outcome: 'sent'; messageId: string; recipient: string; sentAt: string; alreadySent: boolean }
  | { outcome: 'skipped'; reason: MssSkipReason; detail: string };
