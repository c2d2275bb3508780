import {
  type AccesDirectBasis,
  type ConsentementDmp,
  type DocumentKind,
  type MedecinTraitant,
  type PathwayStatus,
  type PathwayStep,
  type SituationExercice,
  STRUCTURE_KIND_LABELS,
  accesDirectEligibility,
} from '@app/domain';
import type { CptsRow, PatientRow, PractitionerRow } from '@app/persistence';
import type { DmpAction, DmpSkipReason } from '@app/workflows';
import { frenchDay, parisDayOf } from '../../../libs/reports';
import {
  CONSENT_LABELS,
  DMP_SKIP_LABELS,
  DMP_STATUS_LABELS,
  DMP_WAITING_LABELS,
  MSS_SKIP_LABELS,
  STATUS_LABELS,
  STEP_LABELS,
  TIMELINESS_LABELS,
  type Timeliness,
  labelOf,
  timeliness,
} from '../exports/labels';
import type { DutyView, MssMessageView, PathwayView } from '../pathways/pathway.view';
import type { BillingView } from './billing';

/**
 * The justification sheet of one accès-direct pathway: what an orthophoniste
 * shows the Assurance Maladie (or their CPTS, the ARS) to prove the pathway
 * met its duties — opened in accès direct by an eligible practitioner, the
 * bilan initial and the compte-rendu received (on time or not), each sent to
 * the médecin traitant over MSSanté (or why not), filed in the DMP (or why
 * not), the patient's consent as recorded, and how the acts are billed.
 *
 * It names the patient, so it is the pathway's orthophoniste's only. It holds
 * no clinical free text (no document title, no reason the practitioner wrote).
 */
export interface Justification {
  pathwayId: string;
  generatedAt: string;
  cpts: { id: string; name: string | null; identifier: string | null };
  orthophoniste: {
    id: string;
    displayName: string | null;
    rpps: string | null;
    billingNumber: string | null;
  };
  patient: {
    id: string;
    birthFamilyName: string | null;
    usedFamilyName: string | null;
    firstNames: string | null;
    birthDate: string | null;
    ins: { matricule: string; oid: string; identityStatus: string } | null;
  };
  opening: {
    openedAt: string;
    /** The opening day, Paris. */
    openedOn: string;
    status: PathwayStatus;
    statusLabel: string;
    step: PathwayStep;
    stepLabel: string;
    closedAt: string | null;
  };
  eligibility: EligibilityJustification;
  documents: { bilanInitial: DutyJustification; compteRendu: DutyJustification | null };
  careEndedOn: string | null;
  medecinTraitant: MedecinTraitant;
  /** Every message owed to the médecin traitant, in order: sent (with its acknowledgments) or why not. */
  messages: MessageJustification[];
  dmp: {
    documents: DmpDocumentJustification[];
    /** Every filing the DMP acknowledged, corrected versions included. */
    filings: DmpFilingEvent[];
  };
  consent: {
    current: ConsentementDmp;
    currentLabel: string;
    /** Changes after the opening, oldest first; without any, `current` is the answer given at the opening. */
    changes: { at: string; consentementDmp: ConsentementDmp; label: string; by: string }[];
  };
  billing: BillingView;
}

export interface EligibilityJustification {
  /** The situation of exercise in force when the pathway was opened (the one the opening checked). */
  situation:
    | (SituationExercice & {
        structureKindLabel: string;
        declaredAt: string;
        /** The opening day falls within the declared period. */
        coversOpening: boolean;
      })
    | null;
  /** Why accès direct was open (msp, esp, centre_de_sante, …, cpts for a cabinet through its CPTS), as of now. */
  basis: AccesDirectBasis | null;
  /** The sentence the sheet prints. */
  statement: string;
}

export interface DutyJustification {
  kind: DocumentKind;
  dueAt: string;
  receivedAt: string | null;
  documentId: string | null;
  documentDate: string | null;
  sha256: string | null;
  timeliness: Timeliness;
  timelinessLabel: string;
  remindersSent: number;
  escalatedAt: string | null;
}

export interface MessageJustification {
  purpose: MssMessageView['purpose'];
  purposeLabel: string;
  documentId: string | null;
  status: MssMessageView['status'];
  messageId: string | null;
  recipient: string | null;
  sentAt: string | null;
  deliveryStatus: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  skipReason: string | null;
  skipReasonLabel: string | null;
  detail: string | null;
}

export interface DmpDocumentJustification {
  documentKind: DocumentKind;
  documentId: string | null;
  status: 'filed' | 'skipped' | 'waiting' | 'to_file' | 'not_received';
  statusLabel: string;
  dmpUniqueId: string | null;
  filedAt: string | null;
  skipReason: DmpSkipReason | null;
  waitingFor: DmpAction | null;
  /** Why not, in words (skip reason, awaited action, or "document non reçu"). */
  why: string | null;
}

export interface DmpFilingEvent {
  documentKind: DocumentKind;
  documentId: string;
  dmpUniqueId: string;
  filedAt: string;
  replacedDmpUniqueId: string | null;
}

export interface JustificationContext {
  view: PathwayView;
  practitioner: PractitionerRow | undefined;
  patient: PatientRow | undefined;
  cpts: CptsRow | undefined;
  situation: { situation: SituationExercice; declaredAt: Date } | undefined;
  now: Date;
}

export const DOCUMENT_LABELS: Readonly<Record<DocumentKind, string>> = {
  bilan_initial: 'Bilan initial',
  compte_rendu: 'Compte-rendu',
};

const PURPOSE_LABELS: Readonly<Record<MssMessageView['purpose'], string>> = {
  bilan_initial: 'bilan initial',
  compte_rendu: 'compte-rendu',
  referral: 'orientation vers un médecin',
};

function dutyOf(kind: DocumentKind, duty: DutyView, status: PathwayStatus, now: Date) {
  const receivedAt = duty.document?.receivedAt ?? null;
  const t = timeliness({
    status,
    dueAt: new Date(duty.dueAt),
    receivedAt: receivedAt ? new Date(receivedAt) : null,
    now: now.getTime(),
  });
  return {
    kind,
    dueAt: duty.dueAt,
    receivedAt,
    documentId: duty.document?.id ?? null,
    documentDate: duty.document?.documentDate ?? null,
    sha256: duty.document?.sha256 ?? null,
    timeliness: t,
    timelinessLabel: TIMELINESS_LABELS[t],
    remindersSent: duty.remindersSent,
    escalatedAt: duty.escalatedAt,
  };
}

function dmpOf(kind: DocumentKind, duty: DutyView | null): DmpDocumentJustification {
  const filing = duty?.dmp;
  const documentId = duty?.document?.id ?? null;
  if (!duty?.document) {
    return {
      documentKind: kind,
      documentId,
      status: 'not_received',
      statusLabel: 'document non reçu',
      dmpUniqueId: null,
      filedAt: null,
      skipReason: null,
      waitingFor: null,
      why: 'document non reçu',
    };
  }
  if (!filing) {
    return {
      documentKind: kind,
      documentId,
      status: 'to_file',
      statusLabel: DMP_STATUS_LABELS.to_file,
      dmpUniqueId: null,
      filedAt: null,
      skipReason: null,
      waitingFor: null,
      why: 'versement non encore tenté',
    };
  }
  const skipReason = (filing.skipReason as DmpSkipReason | null) ?? null;
  const waitingFor = (filing.waitingFor as DmpAction | null) ?? null;
  const why =
    filing.status === 'skipped'
      ? labelOf(DMP_SKIP_LABELS, skipReason)
      : filing.status === 'waiting'
        ? labelOf(DMP_WAITING_LABELS, waitingFor)
        : filing.status === 'to_file'
          ? 'DMP injoignable : versement en cours de nouvelle tentative'
          : null;
  return {
    documentKind: kind,
    documentId,
    status: filing.status,
    statusLabel: labelOf(DMP_STATUS_LABELS, filing.status),
    dmpUniqueId: filing.dmpUniqueId,
    filedAt: filing.filedAt,
    skipReason,
    waitingFor,
    why: why || null,
  };
}

function messageOf(m: MssMessageView): MessageJustification {
  return {
    purpose: m.purpose,
    purposeLabel: PURPOSE_LABELS[m.purpose] ?? m.purpose,
    documentId: m.documentId,
    status: m.status,
    messageId: m.messageId,
    recipient: m.recipient,
    sentAt: m.sentAt,
    deliveryStatus: m.delivery?.status ?? null,
    deliveredAt: m.delivery?.deliveredAt ?? null,
    readAt: m.read?.at ?? null,
    skipReason: m.skipReason,
    skipReasonLabel: m.skipReason ? labelOf(MSS_SKIP_LABELS, m.skipReason) : null,
    detail: m.detail,
  };
}

function eligibilityOf(context: JustificationContext, openedOn: string): EligibilityJustification {
  const { situation, practitioner, cpts } = context;
  if (!situation) {
    return {
      situation: null,
      basis: null,
      statement:
        "Aucune situation d'exercice n'est enregistrée pour l'orthophoniste : l'éligibilité à l'accès direct ne peut pas être justifiée par cette fiche.",
    };
  }
  const s = situation.situation;
  const coversOpening = s.period.from <= openedOn && openedOn <= s.period.to;
  const eligibility = accesDirectEligibility(
    { ...s, cptsId: s.cptsId ?? practitioner?.cptsId ?? undefined },
    cpts
      ? { id: cpts.id, name: cpts.name, projetDeSanteAccesDirect: cpts.projetDeSanteAccesDirect }
      : undefined,
  );
  const where = `${STRUCTURE_KIND_LABELS[s.structure.kind]} « ${s.structure.name} »${
    s.structure.idNat ? ` (${s.structure.idNat})` : ''
  }`;
  const period = `du ${frenchDay(s.period.from)} au ${frenchDay(s.period.to)}`;
  const why = !eligibility.eligible
    ? `l'accès direct n'y est pas ouvert aujourd'hui : ${eligibility.reason}`
    : eligibility.basis === 'cpts'
      ? `exercice coordonné comme adhérent de la ${cpts?.name ?? 'CPTS'}, dont le projet de santé prévoit l'accès direct (art. L.4341-1 CSP)`
      : 'exercice coordonné : accès direct ouvert (art. L.4341-1 CSP)';
  return {
    situation: {
      ...s,
      structureKindLabel: STRUCTURE_KIND_LABELS[s.structure.kind],
      declaredAt: situation.declaredAt.toISOString(),
      coversOpening,
    },
    basis: eligibility.eligible ? eligibility.basis : null,
    statement:
      `Situation d'exercice déclarée le ${frenchDay(parisDayOf(situation.declaredAt))} pour la période ${period} ` +
      `(${coversOpening ? "elle couvre le jour d'ouverture" : "elle ne couvre pas le jour d'ouverture"}) : ` +
      `${where}, ${s.salarie ? 'salarié' : 'libéral'} ; ${why}.`,
  };
}

export function justificationOf(context: JustificationContext): Justification {
  const { view, practitioner, patient, cpts, now } = context;
  const openedOn = parisDayOf(view.openedAt);
  const filings: DmpFilingEvent[] = [];
  const changes: Justification['consent']['changes'] = [];
  for (const entry of view.history) {
    const event = entry.event;
    if (event.type === 'dmp_filed') {
      filings.push({
        documentKind: event.documentKind,
        documentId: event.documentId,
        dmpUniqueId: event.dmpUniqueId,
        filedAt: event.filedAt,
        replacedDmpUniqueId: event.replacedDmpUniqueId ?? null,
      });
    }
    if (event.type === 'consent_changed') {
      changes.push({
        at: entry.at,
        consentementDmp: event.consentementDmp,
        label: CONSENT_LABELS[event.consentementDmp],
        by: entry.actor.id,
      });
    }
  }
  return {
    pathwayId: view.id,
    generatedAt: now.toISOString(),
    cpts: {
      id: view.cpts.id,
      name: cpts?.name ?? view.cpts.name,
      identifier: cpts?.identifier ?? null,
    },
    orthophoniste: {
      id: view.practitioner.id,
      displayName: view.practitioner.displayName,
      rpps: practitioner?.rpps ?? view.practitioner.rpps,
      billingNumber: practitioner?.billingNumber ?? null,
    },
    patient: {
      id: view.patient.id,
      birthFamilyName: patient?.birthFamilyName ?? null,
      usedFamilyName: patient?.usedFamilyName ?? null,
      firstNames: patient?.firstNames ?? null,
      birthDate: patient?.birthDate ?? view.patient.birthDate,
      ins: view.patient.ins,
    },
    opening: {
      openedAt: view.openedAt,
      openedOn,
      status: view.status,
      statusLabel: labelOf(STATUS_LABELS, view.status),
      step: view.step,
      stepLabel: labelOf(STEP_LABELS, view.step),
      closedAt: view.closedAt,
    },
    eligibility: eligibilityOf(context, openedOn),
    documents: {
      bilanInitial: dutyOf('bilan_initial', view.bilanInitial, view.status, now),
      compteRendu: view.compteRendu
        ? dutyOf('compte_rendu', view.compteRendu, view.status, now)
        : null,
    },
    careEndedOn: view.careEndedOn,
    medecinTraitant: view.medecinTraitant,
    messages: view.messages.map(messageOf),
    dmp: {
      documents: [
        dmpOf('bilan_initial', view.bilanInitial),
        dmpOf('compte_rendu', view.compteRendu),
      ],
      filings,
    },
    consent: {
      current: view.consentementDmp,
      currentLabel: CONSENT_LABELS[view.consentementDmp],
      changes,
    },
    billing: view.billing,
  };
}
