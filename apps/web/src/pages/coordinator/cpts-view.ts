import type { Schema } from '../../api/client';

/**
 * CPTS and their members as GET /cpts, PATCH /cpts/{id}, GET /practitioners and
 * the registration routes answer them: the OpenAPI document's types where it
 * describes them; the roster report is still copied from
 * apps/api/onboarding/practitioner-registration.service.ts.
 */

/** A CPTS and its accès-direct policy (ISO-8601 durations). */
export type CptsRow = Schema<'CptsRow'>;
/** A practitioner known to the engine (no patient data). */
export type PractitionerRow = Schema<'PractitionerRow'>;
export type CptsPage = Schema<'CptsPage'>;
export type PractitionerPage = Schema<'PractitionerPage'>;

export const ORTHOPHONISTE_PROFESSION_CODE = '91';

/**
 * POST /cpts/{id}/practitioners/bulk, copied from the API's
 * `apps/api/onboarding/registration-assessment.ts` and
 * `practitioner-registration.service.ts`.
 */
export type RegistrationOutcome =
  | 'found'
  | 'unknown'
  | 'malformed'
  | 'already_member'
  | 'in_another_cpts'
  | 'not_orthophoniste'
  | 'needs_mss_choice';

/** One line of a roster report. */
export interface RosterReportLine {
  line: number;
  rpps: string;
  outcome: RegistrationOutcome;
  /** Who the directory (or the engine) knows under this RPPS. */
  name?: string;
  /** The MSSanté address the engine will write to (found), or null when the directory lists none. */
  mssAddress?: string | null;
  /** The mailboxes to choose from (needs_mss_choice). */
  choices?: string[];
  /** Why the line cannot be registered ("field: problem"). */
  problem?: string;
}

export interface RosterReport {
  dryRun: boolean;
  lines: RosterReportLine[];
  summary: Partial<Record<RegistrationOutcome, number>>;
  /** The practitioners registered (a real run). */
  registered?: PractitionerRow[];
}
