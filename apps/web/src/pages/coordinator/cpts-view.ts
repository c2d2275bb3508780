import type { Page } from './page-view';

/**
 * The CPTS and practitioners as GET /cpts, POST /cpts, PATCH /cpts/{id} and
 * GET /practitioners answer them, copied from the API's
 * `libs/persistence/schema/reference.schema.ts` (dates arrive as ISO strings).
 */

/** A CPTS and its accès-direct policy (ISO-8601 durations). */
export interface CptsRow {
  id: string;
  name: string;
  bilanInitialDueAfter: string;
  compteRenduDueAfter: string;
  reminderEvery: string;
  escalateAfterReminders: number;
  /** DMP typeCode (LOINC, JDV_J07) the CPTS files its bilans initiaux under. */
  bilanInitialTypeCode: string;
  compteRenduTypeCode: string;
  /** Where escalations go by MSSanté; none: they stay in the engine's notification list. */
  coordinatorMssAddress: string | null;
  /** Its projet de santé provides for accès direct: its adherents in a cabinet may practise it. */
  projetDeSanteAccesDirect: boolean;
  /** Its coordinators may open the clinical documents of its pathways (otherwise only follow them). */
  coordinatorsReadDocuments: boolean;
  /** The CPTS's own identifier (e.g. its FINESS or SIRET), unique; null for CPTS created before it was asked. */
  identifier: string | null;
  createdAt: string;
}

export interface PractitionerRow {
  id: string;
  rpps: string;
  familyName: string;
  givenNames: string;
  /** TRE_G15 profession code; 91 = orthophoniste. */
  professionCode: string;
  cptsId: string | null;
  mssAddress: string | null;
  structureIdNat: string | null;
  structureName: string | null;
  facilityTypeCode: string | null;
  practiceSettingCode: string | null;
  /** The numéro AM (or ADELI) the practitioner bills accès-direct acts under, as prescripteur. */
  billingNumber: string | null;
  /** When name, profession and MSSanté addresses were last read from the Annuaire Santé. */
  directorySyncedAt: string | null;
  createdAt: string;
}

export type CptsPage = Page<CptsRow>;
export type PractitionerPage = Page<PractitionerRow>;

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
