import type { ConsentementDmp, MedecinTraitant, PathwayStatus, PathwayStep } from '@app/domain';
import type { DmpStatus, IndicatorPeriod, MssShareStatus } from '@app/persistence';
import { parisDayOf } from '../../../libs/reports';
import type { CsvColumn } from './csv-stream';
import {
  CONSENT_LABELS,
  DMP_SKIP_LABELS,
  DMP_STATUS_LABELS,
  DMP_WAITING_LABELS,
  MSS_SKIP_LABELS,
  MSS_STATUS_LABELS,
  STATUS_LABELS,
  STEP_LABELS,
  TIMELINESS_LABELS,
  daysOverdue,
  labelOf,
  timeliness,
} from './labels';

/**
 * The pathway list as a CSV, one line per pathway opened in the period (the
 * indicators' cohort rule: opening day, Paris). Two audiences:
 *
 * - a CPTS's coordinators: **de-identified** — the pathway's opaque id, the
 *   orthophoniste, dates, where each duty stands, how it was shared; no patient
 *   trait, no INS, no médecin traitant, no free text (titles, reasons), and the
 *   patient is not even joined in the query;
 * - an orthophoniste, for their own pathways: the same plus the patient's
 *   names and birth date, the DMP consent and the médecin traitant.
 */

type Duty = 'bi' | 'cr';

interface DutyColumns {
  due_at: Date | null;
  received_at: Date | null;
  reminders: number;
  escalated_at: Date | null;
  mss_status: MssShareStatus | null;
  mss_skip_reason: string | null;
  mss_sent_at: string | null;
  mss_delivered_at: Date | null;
  mss_read_at: Date | null;
  dmp_status: DmpStatus | null;
  dmp_skip_reason: string | null;
  dmp_waiting_for: string | null;
  dmp_filed_at: Date | null;
}

type Prefixed<P extends string, T> = { [K in keyof T as `${P}_${K & string}`]: T[K] };

export type PathwayExportRow = {
  id: string;
  status: PathwayStatus;
  step: PathwayStep;
  opened_at: Date;
  closed_at: Date | null;
  current_due_at: Date | null;
  care_ended_on: string | null;
  practitioner_family_name: string | null;
  practitioner_given_names: string | null;
  practitioner_rpps: string | null;
  /** The orthophoniste's export only. */
  patient_birth_family_name?: string | null;
  patient_used_family_name?: string | null;
  patient_first_names?: string | null;
  patient_birth_date?: string | null;
  consentement_dmp?: ConsentementDmp;
  medecin_traitant?: MedecinTraitant;
} & Prefixed<'bi', DutyColumns> &
  Prefixed<'cr', DutyColumns>;

const DUTY_COLUMNS: Record<Duty, string> = { bi: 'bilan_initial', cr: 'compte_rendu' };

function dutySelect(duty: Duty): string {
  const c = DUTY_COLUMNS[duty];
  return [
    'due_at',
    'received_at',
    'reminders',
    'escalated_at',
    'mss_status',
    'mss_skip_reason',
    'mss_sent_at',
    'mss_delivered_at',
    'mss_read_at',
    'dmp_status',
    'dmp_skip_reason',
    'dmp_waiting_for',
    'dmp_filed_at',
  ]
    .map((column) => `p.${c}_${column} AS ${duty}_${column}`)
    .join(', ');
}

export type PathwayExportAudience = 'coordinator' | 'orthophoniste';

/**
 * The query: `$1` the CPTS (coordinators) or the practitioner (orthophoniste),
 * `$2`/`$3` the period's first and last days. Opening day in Paris, both ends
 * included, as the indicators count (index `pathways_indicator_facts`, keyed by CPTS and opening).
 */
export function pathwayExportQuery(
  audience: PathwayExportAudience,
  owner: string,
  period: IndicatorPeriod,
): { sql: string; parameters: unknown[] } {
  const patient =
    audience === 'orthophoniste'
      ? `, pa.birth_family_name AS patient_birth_family_name,
           pa.used_family_name AS patient_used_family_name, pa.first_names AS patient_first_names,
           pa.birth_date::text AS patient_birth_date, p.consentement_dmp, p.medecin_traitant`
      : '';
  const join = audience === 'orthophoniste' ? 'LEFT JOIN patients pa ON pa.id = p.patient_id' : '';
  const owned = audience === 'orthophoniste' ? 'p.practitioner_id = $1' : 'p.cpts_id = $1';
  const sql = `
    SELECT p.id, p.status, p.step, p.opened_at, p.closed_at, p.current_due_at,
           p.care_ended_on::text AS care_ended_on,
           pr.family_name AS practitioner_family_name, pr.given_names AS practitioner_given_names,
           pr.rpps AS practitioner_rpps,
           ${dutySelect('bi')}, ${dutySelect('cr')}${patient}
      FROM pathways p
      LEFT JOIN practitioners pr ON pr.id = p.practitioner_id
      ${join}
     WHERE ${owned}
       AND p.opened_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Paris')
       AND p.opened_at < (($3::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')
     ORDER BY p.opened_at, p.id`;
  return { sql, parameters: [owner, period.from, period.to] };
}

const day = (instant: Date | string | null | undefined) => (instant ? parisDayOf(instant) : '');

function dutyColumns(duty: Duty, label: string, now: number): CsvColumn<PathwayExportRow>[] {
  const get = <K extends keyof DutyColumns>(row: PathwayExportRow, key: K): DutyColumns[K] =>
    (row as unknown as Record<string, DutyColumns[K]>)[`${duty}_${key}`];
  return [
    { header: `${label} : échéance`, value: (r) => day(get(r, 'due_at')) },
    { header: `${label} : reçu le`, value: (r) => day(get(r, 'received_at')) },
    {
      header: `${label} : délai`,
      value: (r) =>
        TIMELINESS_LABELS[
          timeliness({
            status: r.status,
            dueAt: get(r, 'due_at'),
            receivedAt: get(r, 'received_at'),
            now,
          })
        ],
    },
    { header: `${label} : relances`, value: (r) => get(r, 'reminders') ?? 0 },
    { header: `${label} : coordinateur alerté le`, value: (r) => day(get(r, 'escalated_at')) },
    {
      header: `${label} : MSSanté`,
      value: (r) => labelOf(MSS_STATUS_LABELS, get(r, 'mss_status')),
    },
    {
      header: `${label} : MSSanté, motif de non-envoi`,
      value: (r) =>
        get(r, 'mss_status') === 'skipped'
          ? labelOf(MSS_SKIP_LABELS, get(r, 'mss_skip_reason'))
          : '',
    },
    { header: `${label} : MSSanté, envoyé le`, value: (r) => day(get(r, 'mss_sent_at')) },
    { header: `${label} : MSSanté, distribué le`, value: (r) => day(get(r, 'mss_delivered_at')) },
    { header: `${label} : MSSanté, lu le`, value: (r) => day(get(r, 'mss_read_at')) },
    { header: `${label} : DMP`, value: (r) => labelOf(DMP_STATUS_LABELS, get(r, 'dmp_status')) },
    {
      header: `${label} : DMP, motif`,
      value: (r) =>
        get(r, 'dmp_status') === 'skipped'
          ? labelOf(DMP_SKIP_LABELS, get(r, 'dmp_skip_reason'))
          : get(r, 'dmp_status') === 'waiting'
            ? labelOf(DMP_WAITING_LABELS, get(r, 'dmp_waiting_for'))
            : '',
    },
    { header: `${label} : DMP, versé le`, value: (r) => day(get(r, 'dmp_filed_at')) },
  ];
}

/** The columns, in order; `now` is what "late" and "days overdue" are measured against. */
export function pathwayExportColumns(
  audience: PathwayExportAudience,
  now: number,
): CsvColumn<PathwayExportRow>[] {
  const patient: CsvColumn<PathwayExportRow>[] =
    audience === 'orthophoniste'
      ? [
          { header: 'Patient : nom de naissance', value: (r) => r.patient_birth_family_name },
          { header: "Patient : nom d'usage", value: (r) => r.patient_used_family_name },
          { header: 'Patient : prénoms', value: (r) => r.patient_first_names },
          { header: 'Patient : date de naissance', value: (r) => r.patient_birth_date },
          {
            header: 'Consentement DMP',
            value: (r) => labelOf(CONSENT_LABELS, r.consentement_dmp),
          },
          {
            header: 'Médecin traitant',
            value: (r) =>
              r.medecin_traitant?.declared ? r.medecin_traitant.name : 'aucun déclaré',
          },
        ]
      : [];
  return [
    { header: 'Parcours', value: (r) => r.id },
    ...patient,
    {
      header: 'Orthophoniste',
      value: (r) =>
        [r.practitioner_given_names, r.practitioner_family_name].filter(Boolean).join(' '),
    },
    { header: "RPPS de l'orthophoniste", value: (r) => r.practitioner_rpps },
    { header: "Date d'ouverture", value: (r) => day(r.opened_at) },
    { header: 'Statut', value: (r) => labelOf(STATUS_LABELS, r.status) },
    { header: 'Étape', value: (r) => labelOf(STEP_LABELS, r.step) },
    { header: 'Date de clôture', value: (r) => day(r.closed_at) },
    {
      header: 'Jours de retard',
      value: (r) => (r.status === 'active' ? daysOverdue(r.current_due_at, now) : 0),
    },
    ...dutyColumns('bi', 'Bilan initial', now),
    { header: 'Fin de soins', value: (r) => r.care_ended_on ?? '' },
    ...dutyColumns('cr', 'Compte-rendu', now),
  ];
}
