import { isIsoDay, parisDay } from './calendar';
import { DomainError } from './domain-error';

/** A period of indicators: Paris calendar days, both included. */
export interface DayPeriod {
  from: string;
  to: string;
}

/** Longest period the indicators cover (an ACI report covers one year; five allow comparisons). */
export const MAX_PERIOD_YEARS = 5;

/** The same calendar day `years` later (earlier when negative); 29 February becomes 28 February. */
export function shiftYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const lastOfMonth = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return isoDay(new Date(Date.UTC(y + years, m - 1, Math.min(d, lastOfMonth))));
}

export function shiftDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return isoDay(new Date(Date.UTC(y, m - 1, d + days)));
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The period asked for, checked: `to` defaults to today (Paris), `from` to the
 * day after the same day a year earlier, so the default is the last 12 months.
 * Malformed days, `from` after `to` and periods over five years are refused
 * with the field named.
 */
export function indicatorPeriod(
  asked: { from?: string; to?: string },
  now: Date = new Date(),
): DayPeriod {
  for (const field of ['from', 'to'] as const) {
    if (asked[field] !== undefined && !isIsoDay(asked[field])) {
      throw DomainError.invalid(field, 'must be a date written YYYY-MM-DD');
    }
  }
  const to = asked.to ?? parisDay(now);
  const from = asked.from ?? shiftDays(shiftYears(to, -1), 1);
  if (from > to) throw DomainError.invalid('from', 'must not be after to');
  if (from < shiftDays(shiftYears(to, -MAX_PERIOD_YEARS), 1)) {
    throw DomainError.invalid(
      'from',
      `the period must not be longer than ${MAX_PERIOD_YEARS} years`,
    );
  }
  return { from, to };
}
