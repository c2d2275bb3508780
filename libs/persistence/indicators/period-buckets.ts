import type { IndicatorPeriod } from './indicator-types';

/** The months (YYYY-MM) a period touches, in order. */
export function monthsOf(period: IndicatorPeriod): string[] {
  const months: string[] = [];
  let [year, month] = period.from.split('-').map(Number);
  const [lastYear, lastMonth] = period.to.split('-').map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

/** The quarters (YYYY-Qn) a period touches, in order. */
export function quartersOf(period: IndicatorPeriod): string[] {
  return [...new Set(monthsOf(period).map(quarterOf))];
}

/** The quarter of a month (YYYY-MM), as PostgreSQL's to_char(…, 'YYYY-"Q"Q') writes it. */
export function quarterOf(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${year}-Q${Math.ceil(m / 3)}`;
}
