import type { Schema } from '../../api/client';

/**
 * The indicators as GET /cpts/{id}/indicators and GET /indicators answer them,
 * as the API's OpenAPI document describes them (generated from
 * libs/persistence/indicators/indicator-types.ts).
 *
 * Cohort rule: a pathway belongs to a period when it was opened on one of its
 * days (Paris calendar days, both ends included); "overdue" is measured when
 * the figures are computed (`computedAt`).
 */
export type IndicatorPeriod = Schema<'IndicatorPeriod'>;
export type PathwayCounts = Schema<'PathwayCounts'>;
export type DutyFigures = Schema<'DutyFigures'>;
export type SharingFigures = Schema<'SharingFigures'>;
export type DelayFigures = Schema<'DelayFigures'>;
export type IndicatorFigures = Schema<'IndicatorFigures'>;
export type OrthophonisteFigures = Schema<'OrthophonisteFigures'>;
export type CptsFigures = Schema<'CptsFigures'>;
export type Indicators = Schema<'Indicators'>;
/** GET /cpts/{id}/indicators adds the CPTS it is about. */
export type CptsIndicators = Schema<'CptsIndicators'>;

export const MSS_SKIP_REASON_KEYS = [
  'no_medecin_traitant',
  'no_mss_address',
  'address_refused',
] as const satisfies readonly (keyof SharingFigures['mss']['skipped'])[];
export type MssSkipReasonKey = (typeof MSS_SKIP_REASON_KEYS)[number];
export const DMP_SKIP_REASON_KEYS = [
  'consent_refused',
  'no_dmp',
  'pathway_abandoned',
] as const satisfies readonly (keyof SharingFigures['dmp']['skipped'])[];
export type DmpSkipReasonKey = (typeof DMP_SKIP_REASON_KEYS)[number];

/** The two documents a pathway owes. */
export type DocumentKind = Schema<'DocumentKind'>;

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
