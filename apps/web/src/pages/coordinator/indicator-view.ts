/**
 * The indicators as GET /cpts/{id}/indicators and GET /indicators answer them,
 * copied from the API's `libs/persistence/indicators/indicator-types.ts` (the
 * OpenAPI document does not describe answers). Keep in step with that file.
 *
 * Cohort rule: a pathway belongs to a period when it was opened on one of its
 * days (Paris calendar days, both ends included); "overdue" is measured when
 * the figures are computed (`computedAt`).
 */

export interface IndicatorPeriod {
  /** First day, YYYY-MM-DD (Paris). */
  from: string;
  /** Last day, included, YYYY-MM-DD (Paris). */
  to: string;
}

export interface PathwayCounts {
  opened: number;
  active: number;
  completed: number;
  abandoned: number;
}

/** One duty (bilan initial or compte-rendu) of the pathways of the period. */
export interface DutyFigures {
  /** Pathways that owe it: every pathway for the bilan; those whose end of care is declared for the compte-rendu. */
  owed: number;
  receivedOnTime: number;
  receivedLate: number;
  /** Not received, pathway active, due date passed. */
  missingOverdue: number;
  /** Not received, pathway active, not due yet. */
  missingNotYetDue: number;
  /** Days past the due date of the missing-and-overdue ones (whole days, floor). */
  daysOverdue: { total: number; max: number | null; median: number | null };
  /** Reminders the orthophonistes were sent for this duty. */
  remindersSent: number;
  /** Pathways whose coordinator was alerted for this duty. */
  escalations: number;
}

export const MSS_SKIP_REASON_KEYS = [
  'no_medecin_traitant',
  'no_mss_address',
  'address_refused',
] as const;
export type MssSkipReasonKey = (typeof MSS_SKIP_REASON_KEYS)[number];
export const DMP_SKIP_REASON_KEYS = ['consent_refused', 'no_dmp', 'pathway_abandoned'] as const;
export type DmpSkipReasonKey = (typeof DMP_SKIP_REASON_KEYS)[number];

/** How the received documents of one duty were shared. */
export interface SharingFigures {
  /** Documents received: the denominator of the rest. */
  received: number;
  mss: {
    sent: number;
    delivered: number;
    read: number;
    /** Still to send (operator unreachable, being retried). */
    pending: number;
    skipped: Record<MssSkipReasonKey, number>;
  };
  dmp: {
    filed: number;
    /** Waiting for a person (consent, authorisation, identity, correction). */
    waiting: number;
    /** Being filed (the DMP unreachable, being retried). */
    toFile: number;
    skipped: Record<DmpSkipReasonKey, number>;
  };
}

/** A delay in days (fractional), over the pathways where both ends happened. */
export interface DelayFigures {
  count: number;
  medianDays: number | null;
  p90Days: number | null;
}

export interface IndicatorFigures {
  pathways: PathwayCounts;
  /** Distinct patients of the period's pathways whose médecin traitant is "none declared". */
  patientsWithoutMedecinTraitant: number;
  duties: { bilanInitial: DutyFigures; compteRendu: DutyFigures };
  sharing: { bilanInitial: SharingFigures; compteRendu: SharingFigures };
  delays: {
    /** Opening → bilan initial received. */
    openingToBilanInitial: DelayFigures;
    /** Bilan initial received → sent to the médecin traitant over MSSanté. */
    bilanInitialToMedecinTraitant: DelayFigures;
    /** Declared end of care (Paris midnight of the day) → compte-rendu received. */
    endOfCareToCompteRendu: DelayFigures;
  };
}

export interface OrthophonisteFigures {
  practitioner: { id: string; familyName: string; givenNames: string; rpps: string };
  figures: IndicatorFigures;
}

export interface CptsFigures {
  cpts: { id: string; name: string };
  figures: IndicatorFigures;
}

/** What the indicators of a CPTS (or of all, for administrators) answer. */
export interface Indicators {
  period: IndicatorPeriod;
  /** When they were computed (what "overdue" is measured against). */
  computedAt: string;
  figures: IndicatorFigures;
  /** Months (YYYY-MM, Paris) of the period, each with its pathways' figures, empty months included. */
  monthly: Array<{ month: string; figures: IndicatorFigures }>;
  /** Quarters (YYYY-Qn) of the period, likewise. */
  quarterly: Array<{ quarter: string; figures: IndicatorFigures }>;
  /** One CPTS's orthophonistes (members, or who opened pathways in it), each with their figures. */
  byOrthophoniste?: OrthophonisteFigures[];
  /** Administrators' view: each CPTS, without any practitioner. */
  byCpts?: CptsFigures[];
}

/** GET /cpts/{id}/indicators adds the CPTS it is about (apps/api/indicators/indicators.controller.ts). */
export type CptsIndicators = Indicators & { cpts: { id: string; name: string } };

/** The two documents a pathway owes (DOCUMENT_KINDS of libs/domain/pathway.ts). */
export type DocumentKind = 'bilan_initial' | 'compte_rendu';

/** Share of documents received that went somewhere; null when none was received (no denominator). */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Documents of both duties received, and those sent to the médecin traitant / filed in the DMP. */
export function sharingTotals(figures: IndicatorFigures): {
  received: number;
  sent: number;
  filed: number;
} {
  const { bilanInitial: b, compteRendu: c } = figures.sharing;
  return {
    received: b.received + c.received,
    sent: b.mss.sent + c.mss.sent,
    filed: b.dmp.filed + c.dmp.filed,
  };
}
