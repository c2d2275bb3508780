import type {
  Actor,
  ConsentementDmp,
  CptsPolicy,
  DocumentKind,
  MedecinTraitant,
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
export interface PathwayNotification {
  notificationId: string;
  kind: 'reminder' | 'escalation';
  recipient: NotificationRecipient;
  documentKind: DocumentKind;
  /** For a reminder, its rank for this document (1, 2, …); for an escalation, the reminders sent before it. */
  count: number;
  dueAt: string;
}

export type PathwayEvent =
  | { type: 'opened'; bilanInitialDueAt: string; policy: CptsPolicy }
  | { type: 'document_received'; document: DocumentRef }
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
