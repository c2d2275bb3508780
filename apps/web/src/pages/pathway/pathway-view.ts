/**
 * The answer of GET /pathways/{id} (and of every action on a pathway), as the
 * API builds it. The OpenAPI document does not describe responses, so these
 * shapes are copied from the API's own types; keep them in step with:
 * - apps/api/pathways/pathway.view.ts (PathwayView, DutyView, DmpFilingView,
 *   MssMessageView, DocumentView, PeopleView, PathwayStanding)
 * - workflows/pathway/types.ts (HistoryEntry, PathwayEvent, Referral, DocumentRef,
 *   PathwayNotification, DmpAction, DmpSkipReason, DmpFiling's statuses)
 * - libs/domain/pathway.ts, mss-dispatch.ts, cpts-policy.ts (vocabulary)
 * - apps/api/justification/billing.ts (BillingView)
 */

// ---- vocabulary (libs/domain) ------------------------------------------------

export type PathwayStatus = 'active' | 'completed' | 'abandoned';
export type PathwayStep = 'bilan_initial' | 'care' | 'compte_rendu' | 'sharing' | 'closed';
export type DocumentKind = 'bilan_initial' | 'compte_rendu';
export type ConsentementDmp = 'given' | 'refused' | 'not_asked';

export type MedecinTraitant =
  { declared: true; rpps: string; name: string; mssAddress?: string } | { declared: false };

export type Actor = { kind: 'user'; id: string } | { kind: 'system'; id: 'pathway-engine' };

export interface CptsPolicy {
  bilanInitialDueAfter: string;
  compteRenduDueAfter: string;
  reminderEvery: string;
  escalateAfterReminders: number;
}

export type MssSkipReason = 'no_medecin_traitant' | 'no_mss_address' | 'address_refused';

export interface MssDispatchRef {
  purpose: DocumentKind | 'referral';
  status: 'to_send' | 'sent' | 'skipped';
}

// ---- workflow types (workflows/pathway/types.ts) --------------------------------

export interface DocumentRef {
  documentId: string;
  kind: DocumentKind;
  title: string;
  documentDate: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  receivedAt: string;
}

export interface Referral {
  referralId: string;
  physician: { name: string; rpps?: string; specialty?: string };
  reason: string;
  referredAt: string;
}

export type DmpAction = 'consent' | 'authorization' | 'identity' | 'correction';
export type DmpSkipReason = 'consent_refused' | 'no_dmp' | 'pathway_abandoned';
export type DmpFilingStatus = 'to_file' | 'filed' | 'skipped' | 'waiting';

export type NotificationRecipient =
  { kind: 'practitioner'; id: string } | { kind: 'coordinator'; cptsId: string };

export interface PathwayNotification {
  notificationId: string;
  kind: 'reminder' | 'escalation' | 'action_required';
  topic?: 'document_missing' | `dmp_${DmpAction}`;
  recipient: NotificationRecipient;
  documentKind: DocumentKind;
  count: number;
  dueAt: string;
}

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
      purpose: MssDispatchRef['purpose'];
      messageId: string;
      recipient: string;
      sentAt: string;
      alreadySent: boolean;
    }
  | {
      type: 'mss_skipped';
      key: string;
      purpose: MssDispatchRef['purpose'];
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

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: Actor;
  event: PathwayEvent;
}

// ---- the view (apps/api/pathways/pathway.view.ts) -------------------------------

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

export interface DmpFilingView {
  status: DmpFilingStatus;
  /** For a waiting filing: what a person must do (a DmpAction). */
  waitingFor: string | null;
  /** For a skipped filing: why (a DmpSkipReason). */
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

export interface MssMessageView {
  key: string;
  purpose: MssDispatchRef['purpose'];
  documentId: string | null;
  referralId: string | null;
  status: MssDispatchRef['status'];
  /** For a skipped message: why (an MssSkipReason). */
  skipReason: string | null;
  detail: string | null;
  messageId: string | null;
  recipient: string | null;
  sentAt: string | null;
  /** pending, delivered, delayed or failed. */
  delivery: { status: string; detail: string | null; deliveredAt: string | null } | null;
  read: { at: string; disposition: string | null } | null;
  replies: number;
}

/** apps/api/justification/billing.ts */
export interface BillingView {
  instruction: string;
  prescripteurRpps: string | null;
  prescripteurBillingNumber: string | null;
  billingNumberMissing: boolean;
}

export interface PeopleView {
  cpts: { id: string; name: string | null };
  practitioner: { id: string; rpps: string | null; displayName: string | null };
  patient: {
    id: string;
    displayName: string | null;
    birthDate: string | null;
    /** identityStatus: PROV, RECUP, VALI or QUAL (RNIV). */
    ins: { matricule: string; oid: string; identityStatus: string } | null;
  };
}

export interface PathwayView extends PeopleView {
  id: string;
  status: PathwayStatus;
  step: PathwayStep;
  overdue: boolean;
  currentDueAt: string | null;
  openedAt: string;
  closedAt: string | null;
  abandonReason: string | null;
  medecinTraitant: MedecinTraitant;
  consentementDmp: ConsentementDmp;
  policy: CptsPolicy;
  bilanInitial: DutyView;
  careEndedOn: string | null;
  compteRendu: DutyView | null;
  referrals: Referral[];
  messages: MssMessageView[];
  billing: BillingView;
  history: HistoryEntry[];
  source: 'workflow' | 'read-model' | 'pending';
  clinicalTextHidden: boolean;
  recordedUpTo: number;
}

/** GET /pathways/{id}/dmp/web-access */
export interface DmpWebAccess {
  url: string;
  expiresInSeconds: number;
}
