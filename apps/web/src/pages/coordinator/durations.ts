/**
 * A CPTS's delays are ISO-8601 durations in the API ("P30D", "P2W",
 * "PT12H"); people set them in days. Only whole days are written back; a
 * duration that is not a whole number of days (a test CPTS's "PT2S") is
 * shown as written and kept unless the field is filled in.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const SECONDS_PER_DAY = 86_400;

/** The number of whole days of a duration, or null when it is not whole days (or not a duration). */
export function wholeDaysOf(iso: string): number | null {
  const match = DURATION.exec(iso.trim().toUpperCase());
  if (!match) return null;
  const [, weeks, days, hours, minutes, seconds] = match;
  const total =
    Number(weeks ?? 0) * 7 * SECONDS_PER_DAY +
    Number(days ?? 0) * SECONDS_PER_DAY +
    Number(hours ?? 0) * 3600 +
    Number(minutes ?? 0) * 60 +
    Number((seconds ?? '0').replace(',', '.'));
  return total > 0 && total % SECONDS_PER_DAY === 0 ? total / SECONDS_PER_DAY : null;
}

/** Days as the DTO wants them: 30 → "P30D". */
export function isoOfDays(days: number): string {
  return `P${days}D`;
}

/** « 30 jours », or the duration as written when it is not in whole days. */
export function durationInWords(iso: string): string {
  const days = wholeDaysOf(iso);
  if (days === null) return iso;
  return `${days} ${days >= 2 ? 'jours' : 'jour'}`;
}
