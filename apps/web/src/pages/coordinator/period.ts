import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { addDays, formatDay, parisDay } from '../../components/format';
import type { IndicatorPeriod } from './indicator-view';

/**
 * The period of the dashboard, in the URL (`?du=YYYY-MM-DD&au=YYYY-MM-DD`)
 * so that a view can be bookmarked and shared. Without them the period is
 * the API's default, the last 12 months up to today in Paris, and the URL
 * keeps meaning "the last 12 months" whenever it is opened again.
 */

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDay(value: string): boolean {
  return ISO_DAY.test(value) && !Number.isNaN(new Date(`${value}T12:00:00Z`).getTime());
}

/** The same calendar day `years` later (earlier when negative); 29 February becomes 28 February (as the API does). */
export function shiftYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const lastOfMonth = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return new Date(Date.UTC(y + years, m - 1, Math.min(d, lastOfMonth))).toISOString().slice(0, 10);
}

/** The API's default: `to` today, `from` the day after the same day a year earlier. */
export function defaultPeriod(to: string = parisDay()): IndicatorPeriod {
  const end = isIsoDay(to) ? to : parisDay();
  return { from: addDays(shiftYears(end, -1), 1), to };
}

/**
 * The period the URL asks for, completed as the API completes it (so exports
 * and links carry the same days as the figures on screen). A malformed day is
 * passed on as written: the API names the field and the page shows it there.
 */
export function periodOf(params: URLSearchParams, today: string = parisDay()): IndicatorPeriod {
  const to = params.get('au') || today;
  const from = params.get('du') || defaultPeriod(to).from;
  return { from, to };
}

/** The period of the URL and a way to change it (keeping the other parameters, back to page 1). */
export function usePeriod(): {
  period: IndicatorPeriod;
  asked: boolean;
  setPeriod: (period: IndicatorPeriod | null) => void;
} {
  const [params, setParams] = useSearchParams();
  const du = params.get('du');
  const au = params.get('au');
  const period = useMemo(
    () => periodOf(new URLSearchParams({ du: du ?? '', au: au ?? '' })),
    [du, au],
  );
  const setPeriod = useCallback(
    (next: IndicatorPeriod | null) =>
      setParams((previous) => {
        const params = new URLSearchParams(previous);
        params.delete('page');
        if (next) {
          params.set('du', next.from);
          params.set('au', next.to);
        } else {
          params.delete('du');
          params.delete('au');
        }
        return params;
      }),
    [setParams],
  );
  return { period, asked: Boolean(du || au), setPeriod };
}

/** `du=…&au=…` of a period, for the links that open another page over the same days. */
export function periodSearch(period: IndicatorPeriod): Record<string, string> {
  return { du: period.from, au: period.to };
}

/** A day of the URL in words; one that is not a date is quoted as written (formatDay would throw). */
export function dayInWords(day: string): string {
  return isIsoDay(day) ? formatDay(day) : `« ${day} »`;
}
