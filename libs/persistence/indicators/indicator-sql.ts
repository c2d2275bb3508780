import {
  DMP_SKIP_REASON_KEYS,
  type DelayFigures,
  type DutyFigures,
  type IndicatorFigures,
  MSS_SKIP_REASON_KEYS,
  type SharingFigures,
} from './indicator-types';

/**
 * The indicators as aggregates over the `pathways` read model, each figure a
 * named SQL measure over the pathways of the period (`p`), with `now` bound as
 * `$now`. The same measures serve every grouping (the whole period, per
 * orthophoniste or CPTS, per month, per quarter), so a figure cannot mean one
 * thing in the total and another in the breakdown.
 *
 * Two kinds, for speed: additive measures (counts, sums, maxima) are computed
 * once per (group, month) and rolled up from those few rows; holistic ones
 * (medians, 90th percentiles, distinct patients) need every value and are
 * computed over the pathways for each grouping.
 */

/** A measure that rolls up: the total of the parts' sums, or the largest of their maxima. */
interface Additive {
  sql: string;
  rollup: 'sum' | 'max';
}

type Duty = 'bilan_initial' | 'compte_rendu';
const DUTIES: readonly Duty[] = ['bilan_initial', 'compte_rendu'];

const count = (condition: string): Additive => ({
  sql: `count(*) FILTER (WHERE ${condition})`,
  rollup: 'sum',
});
const sum = (sql: string): Additive => ({ sql: `COALESCE(${sql}, 0)`, rollup: 'sum' });
const days = (interval: string) => `(extract(epoch FROM (${interval})) / 86400.0)`;

/** A pathway owes the duty: every one the bilan; those whose care ended the compte-rendu. */
function owed(duty: Duty): string {
  return duty === 'bilan_initial'
    ? 'true'
    : '(p.care_ended_on IS NOT NULL OR p.compte_rendu_received_at IS NOT NULL)';
}

function overdueExpression(duty: Duty): string {
  return `(p.status = 'active' AND p.${duty}_received_at IS NULL AND p.${duty}_due_at <= $now)`;
}

/** Computed once per pathway (see rowValueColumns): the measures read them as columns. */
const overdue = (duty: Duty) => `p.${duty}_overdue`;
const daysLate = (duty: Duty) => `p.${duty}_days_late`;
const delayDays = (name: string) => `p."${name}_days"`;

const DELAYS = {
  openingToBilanInitial: 'p.bilan_initial_received_at - p.opened_at',
  bilanInitialToMedecinTraitant:
    'p.bilan_initial_mss_sent_at::timestamptz - p.bilan_initial_received_at',
  endOfCareToCompteRendu: `p.compte_rendu_received_at - (p.care_ended_on::timestamp AT TIME ZONE 'Europe/Paris')`,
} as const;

function dutyMeasures(duty: Duty): Record<string, Additive> {
  const d = `p.${duty}`;
  const late = overdue(duty);
  return {
    [`${duty}.owed`]: count(owed(duty)),
    [`${duty}.onTime`]: count(`${d}_received_at <= COALESCE(${d}_due_at, ${d}_received_at)`),
    [`${duty}.late`]: count(`${d}_received_at > ${d}_due_at`),
    [`${duty}.missingOverdue`]: count(late),
    [`${duty}.missingNotYetDue`]: count(
      `p.status = 'active' AND ${owed(duty)} AND ${d}_received_at IS NULL AND ${d}_due_at > $now`,
    ),
    [`${duty}.daysOverdueTotal`]: sum(`sum(${daysLate(duty)}) FILTER (WHERE ${late})`),
    [`${duty}.daysOverdueMax`]: {
      sql: `max(${daysLate(duty)}) FILTER (WHERE ${late})`,
      rollup: 'max',
    },
    [`${duty}.reminders`]: sum(`sum(${d}_reminders)`),
    [`${duty}.escalations`]: count(`${d}_escalated_at IS NOT NULL`),
    [`${duty}.received`]: count(`${d}_received_at IS NOT NULL`),
    [`${duty}.mssSent`]: count(`${d}_mss_status = 'sent'`),
    [`${duty}.mssDelivered`]: count(`${d}_mss_delivered_at IS NOT NULL`),
    [`${duty}.mssRead`]: count(`${d}_mss_read_at IS NOT NULL`),
    [`${duty}.mssPending`]: count(`${d}_mss_status = 'to_send'`),
    ...Object.fromEntries(
      MSS_SKIP_REASON_KEYS.map((reason) => [
        `${duty}.mssSkipped.${reason}`,
        count(`${d}_mss_status = 'skipped' AND ${d}_mss_skip_reason = '${reason}'`),
      ]),
    ),
    [`${duty}.dmpFiled`]: count(`${d}_dmp_status = 'filed'`),
    [`${duty}.dmpWaiting`]: count(`${d}_dmp_status = 'waiting'`),
    [`${duty}.dmpToFile`]: count(`${d}_dmp_status = 'to_file'`),
    ...Object.fromEntries(
      DMP_SKIP_REASON_KEYS.map((reason) => [
        `${duty}.dmpSkipped.${reason}`,
        count(`${d}_dmp_status = 'skipped' AND ${d}_dmp_skip_reason = '${reason}'`),
      ]),
    ),
  };
}

export const ADDITIVE_MEASURES: Readonly<Record<string, Additive>> = {
  opened: count('true'),
  active: count(`p.status = 'active'`),
  completed: count(`p.status = 'completed'`),
  abandoned: count(`p.status = 'abandoned'`),
  ...(Object.assign({}, ...DUTIES.map(dutyMeasures)) as Record<string, Additive>),
  ...Object.fromEntries(
    Object.keys(DELAYS).map((name) => [
      `${name}.count`,
      { sql: `count(${delayDays(name)})`, rollup: 'sum' } satisfies Additive,
    ]),
  ),
};

export const HOLISTIC_MEASURES: Readonly<Record<string, string>> = {
  patientsWithoutMedecinTraitant: `count(DISTINCT p.patient_id) FILTER (WHERE NOT p.medecin_traitant_declared)`,
  ...Object.fromEntries(
    DUTIES.map((duty) => [
      `${duty}.daysOverdueMedian`,
      `percentile_disc(0.5) WITHIN GROUP (ORDER BY ${daysLate(duty)}) FILTER (WHERE ${overdue(duty)})`,
    ]),
  ),
  // Median and 90th percentile from one sort: an array [p50, p90].
  ...Object.fromEntries(
    Object.keys(DELAYS).map((name) => [
      `${name}.quantiles`,
      `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${delayDays(name)})`,
    ]),
  ),
};

/** The columns of a pathway the measures read (all in the index pathways_indicator_facts). */
const ROW_COLUMNS = [
  'patient_id',
  'status',
  'care_ended_on',
  'medecin_traitant_declared',
  ...DUTIES.flatMap((duty) =>
    [
      'due_at',
      'received_at',
      'reminders',
      'escalated_at',
      'mss_status',
      'mss_skip_reason',
      'mss_delivered_at',
      'mss_read_at',
      'dmp_status',
      'dmp_skip_reason',
    ].map((column) => `${duty}_${column}`),
  ),
];

/**
 * The select list of one pathway's values (`p`): the columns the measures read
 * and what they compute from several (overdue, days late, each delay), once
 * per pathway rather than once per aggregate and grouping.
 */
export function rowValueColumns(): string {
  return [
    ...ROW_COLUMNS.map((column) => `p.${column}`),
    ...DUTIES.flatMap((duty) => [
      `${overdueExpression(duty)} AS ${duty}_overdue`,
      `floor(${days(`$now - p.${duty}_due_at`)}) AS ${duty}_days_late`,
    ]),
    ...Object.entries(DELAYS).map(([name, interval]) => `${days(interval)} AS "${name}_days"`),
  ].join(',\n  ');
}

/** The select list of measures over the pathways (`p`), each aliased by its quoted name. */
export function measureColumns(measures: Readonly<Record<string, string>>): string {
  return Object.entries(measures)
    .map(([name, sql]) => `${sql} AS "${name}"`)
    .join(',\n  ');
}

/** The additive measures as computed over pathways, per part. */
export function additiveColumns(): string {
  return measureColumns(
    Object.fromEntries(Object.entries(ADDITIVE_MEASURES).map(([name, m]) => [name, m.sql])),
  );
}

/** The additive measures rolled up from the parts (`g`). */
export function rollupColumns(): string {
  return Object.entries(ADDITIVE_MEASURES)
    .map(([name, m]) => `${m.rollup}(g."${name}") AS "${name}"`)
    .join(',\n  ');
}

/** A row of measures (numbers as PostgreSQL sends them: bigint and numeric as text). */
export type MeasureRow = Record<string, string | number | number[] | null>;

type Value = MeasureRow[string] | undefined;
const int = (value: Value) => (value == null ? 0 : Number(value));
const maybe = (value: Value) => (value == null ? null : Math.round(Number(value) * 1e5) / 1e5);

function delayOf(row: MeasureRow, name: string): DelayFigures {
  const quantiles = row[`${name}.quantiles`];
  const [median, p90] = Array.isArray(quantiles) ? quantiles : [null, null];
  return { count: int(row[`${name}.count`]), medianDays: maybe(median), p90Days: maybe(p90) };
}

function dutyOf(row: MeasureRow, duty: Duty): DutyFigures {
  const v = (name: string) => row[`${duty}.${name}`];
  return {
    owed: int(v('owed')),
    receivedOnTime: int(v('onTime')),
    receivedLate: int(v('late')),
    missingOverdue: int(v('missingOverdue')),
    missingNotYetDue: int(v('missingNotYetDue')),
    daysOverdue: {
      total: int(v('daysOverdueTotal')),
      max: maybe(v('daysOverdueMax')),
      median: maybe(v('daysOverdueMedian')),
    },
    remindersSent: int(v('reminders')),
    escalations: int(v('escalations')),
  };
}

function sharingOf(row: MeasureRow, duty: Duty): SharingFigures {
  const v = (name: string) => row[`${duty}.${name}`];
  return {
    received: int(v('received')),
    mss: {
      sent: int(v('mssSent')),
      delivered: int(v('mssDelivered')),
      read: int(v('mssRead')),
      pending: int(v('mssPending')),
      skipped: Object.fromEntries(
        MSS_SKIP_REASON_KEYS.map((reason) => [reason, int(v(`mssSkipped.${reason}`))]),
      ) as SharingFigures['mss']['skipped'],
    },
    dmp: {
      filed: int(v('dmpFiled')),
      waiting: int(v('dmpWaiting')),
      toFile: int(v('dmpToFile')),
      skipped: Object.fromEntries(
        DMP_SKIP_REASON_KEYS.map((reason) => [reason, int(v(`dmpSkipped.${reason}`))]),
      ) as SharingFigures['dmp']['skipped'],
    },
  };
}

/** The figures of one row of measures; a missing row (an empty month) gives zeros. */
export function figuresOf(row: MeasureRow = {}): IndicatorFigures {
  return {
    pathways: {
      opened: int(row.opened),
      active: int(row.active),
      completed: int(row.completed),
      abandoned: int(row.abandoned),
    },
    patientsWithoutMedecinTraitant: int(row.patientsWithoutMedecinTraitant),
    duties: {
      bilanInitial: dutyOf(row, 'bilan_initial'),
      compteRendu: dutyOf(row, 'compte_rendu'),
    },
    sharing: {
      bilanInitial: sharingOf(row, 'bilan_initial'),
      compteRendu: sharingOf(row, 'compte_rendu'),
    },
    delays: {
      openingToBilanInitial: delayOf(row, 'openingToBilanInitial'),
      bilanInitialToMedecinTraitant: delayOf(row, 'bilanInitialToMedecinTraitant'),
      endOfCareToCompteRendu: delayOf(row, 'endOfCareToCompteRendu'),
    },
  };
}
