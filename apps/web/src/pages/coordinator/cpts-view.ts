import type { Schema } from '../../api/client';

/**
 * CPTS and their members as GET /cpts, PATCH /cpts/{id}, GET /practitioners and
 * the registration routes answer them: the OpenAPI document's types.
 */

/** A CPTS and its accès-direct policy (ISO-8601 durations). */
export type CptsRow = Schema<'CptsRow'>;
/** A practitioner known to the engine (no patient data). */
export type PractitionerRow = Schema<'PractitionerRow'>;
export type CptsPage = Schema<'CptsPage'>;
export type PractitionerPage = Schema<'PractitionerPage'>;

export const ORTHOPHONISTE_PROFESSION_CODE = '91';

/** POST /cpts/{id}/practitioners/bulk: the roster's report, line by line. */
export type RosterReport = Schema<'RosterReport'>;
export type RosterReportLine = Schema<'RosterReportLine'>;
export type RegistrationOutcome = RosterReportLine['outcome'];
