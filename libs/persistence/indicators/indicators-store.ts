import type { DataSource } from 'typeorm';
import {
  HOLISTIC_MEASURES,
  type MeasureRow,
  additiveColumns,
  figuresOf,
  measureColumns,
  rollupColumns,
  rowValueColumns,
} from './indicator-sql';
import type { Indicators, IndicatorFigures, IndicatorPeriod } from './indicator-types';
import { monthsOf, quartersOf } from './period-buckets';

type Grouping = 'practitioner_id' | 'cpts_id';

interface GroupedRow extends MeasureRow {
  g_group: number;
  g_month: number;
  g_quarter: number;
  group: string | null;
  month: string | null;
  quarter: string | null;
}

/** The grouping sets every answer has: the total, the breakdown, the months, the quarters. */
const groupingSets = (a: string) => `GROUPING SETS ((), (${a}.grp), (${a}.month), (${a}.quarter))`;
const keys = (a: string) => `GROUPING(${a}.grp) AS g_group, GROUPING(${a}.month) AS g_month,
  GROUPING(${a}.quarter) AS g_quarter, ${a}.grp::text AS "group", ${a}.month, ${a}.quarter`;

/**
 * Computes the indicators in PostgreSQL over the pathways of the period, read
 * by an index-only scan of `pathways_indicator_facts` (which carries every
 * column a measure reads). Grouping sets give the total, the breakdown (per
 * orthophoniste, or per CPTS) and the monthly and quarterly series together:
 * additive measures rolled up from per (group, month) parts, holistic ones
 * (medians, percentiles, distinct patients) over the pathways. Nothing but the
 * aggregated rows reaches Node.
 */
export class IndicatorsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** One CPTS's figures, per orthophoniste (its members, and whoever opened pathways in it). */
  async forCpts(cptsId: string, period: IndicatorPeriod, now = new Date()): Promise<Indicators> {
    const rows = await this.grouped('p.cpts_id = $1', [cptsId], 'practitioner_id', period, now);
    const practitioners: {
      id: string;
      family_name: string;
      given_names: string;
      rpps: string;
    }[] = await this.dataSource.query(
      `SELECT id, family_name, given_names, rpps FROM practitioners
        WHERE (cpts_id = $1 AND profession_code = '91') OR id = ANY($2)
        ORDER BY family_name, given_names, id`,
      [cptsId, [...rows.byGroup.keys()]],
    );
    return {
      ...rows.indicators,
      byOrthophoniste: practitioners.map((p) => ({
        practitioner: {
          id: p.id,
          familyName: p.family_name,
          givenNames: p.given_names,
          rpps: p.rpps,
        },
        figures: rows.byGroup.get(p.id) ?? figuresOf(),
      })),
    };
  }

  /** Every CPTS's figures and their sum: for administrators, no practitioner in it. */
  async forAll(period: IndicatorPeriod, now = new Date()): Promise<Indicators> {
    const rows = await this.grouped('true', [], 'cpts_id', period, now);
    const cpts: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM cpts ORDER BY name, id`,
    );
    return {
      ...rows.indicators,
      byCpts: cpts.map((c) => ({
        cpts: { id: c.id, name: c.name },
        figures: rows.byGroup.get(c.id) ?? figuresOf(),
      })),
    };
  }

  private async grouped(
    where: string,
    parameters: unknown[],
    grouping: Grouping,
    period: IndicatorPeriod,
    now: Date,
  ): Promise<{ indicators: Indicators; byGroup: Map<string, IndicatorFigures> }> {
    const at = (n: number) => `$${parameters.length + n}`;
    // One scan of the period's pathways, their values computed once (MATERIALIZED),
    // then the additive measures per part rolled up, and the holistic ones.
    const sql = `
      WITH p AS MATERIALIZED (
        SELECT p.${grouping} AS grp,
               to_char(p.opened_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS month,
               to_char(p.opened_at AT TIME ZONE 'Europe/Paris', 'YYYY-"Q"Q') AS quarter,
               ${rowValueColumns()}
          FROM pathways p
         WHERE ${where}
           AND p.opened_at >= (${at(1)}::date::timestamp AT TIME ZONE 'Europe/Paris')
           AND p.opened_at < ((${at(2)}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')
      ), parts AS (
        SELECT p.grp, p.month, p.quarter, ${additiveColumns()}
          FROM p GROUP BY p.grp, p.month, p.quarter
      ), sums AS (
        SELECT ${keys('g')}, ${rollupColumns()} FROM parts g GROUP BY ${groupingSets('g')}
      ), others AS (
        SELECT ${keys('p')}, ${measureColumns(HOLISTIC_MEASURES)} FROM p GROUP BY ${groupingSets('p')}
      )
      SELECT * FROM sums JOIN others USING (g_group, g_month, g_quarter)
       WHERE sums."group" IS NOT DISTINCT FROM others."group"
         AND sums.month IS NOT DISTINCT FROM others.month
         AND sums.quarter IS NOT DISTINCT FROM others.quarter`.replaceAll('$now', at(3));
    const rows: GroupedRow[] = await this.dataSource.query(sql, [
      ...parameters,
      period.from,
      period.to,
      now,
    ]);
    const total = rows.find((r) => r.g_group && r.g_month && r.g_quarter);
    const byGroup = new Map(
      rows.filter((r) => !r.g_group).map((r) => [r.group as string, figuresOf(r)]),
    );
    const byMonth = new Map(rows.filter((r) => !r.g_month).map((r) => [r.month, figuresOf(r)]));
    const byQuarter = new Map(
      rows.filter((r) => !r.g_quarter).map((r) => [r.quarter, figuresOf(r)]),
    );
    return {
      indicators: {
        period,
        computedAt: now.toISOString(),
        figures: figuresOf(total),
        monthly: monthsOf(period).map((month) => ({
          month,
          figures: byMonth.get(month) ?? figuresOf(),
        })),
        quarterly: quartersOf(period).map((quarter) => ({
          quarter,
          figures: byQuarter.get(quarter) ?? figuresOf(),
        })),
      },
      byGroup,
    };
  }
}
