/**
 * ISO-8601 durations as CPTS policies write them ("P30D", "P2W", "PT2S").
 *
 * Years and months are refused on purpose: their length depends on the calendar,
 * and a reminder ladder must mean the same thing in February and in August.
 * Policies are written in days in practice; tests use seconds.
 */
const DURATION =
  /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d{1,3})?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export class InvalidDurationError extends Error {
  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`"${value}" is not a usable ISO-8601 duration: ${reason}`);
    this.name = 'InvalidDurationError';
  }
}

/** Parses an ISO-8601 duration into milliseconds. */
export function parseIsoDuration(value: string): number {
  if (typeof value !== 'string') {
    throw new InvalidDurationError(String(value), 'expected a string such as "P30D"');
  }
  const text = value.trim().toUpperCase();
  const match = DURATION.exec(text);
  if (!match) {
    const datePart = text.split('T')[0].slice(1);
    throw new InvalidDurationError(
      value,
      /[YM]/.test(datePart)
        ? 'years and months have no fixed length; use days (P30D) or weeks (P4W)'
        : 'expected a form such as P30D, P2W, PT12H or PT2S',
    );
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * WEEK +
    Number(days ?? 0) * DAY +
    Number(hours ?? 0) * HOUR +
    Number(minutes ?? 0) * MINUTE +
    Math.round(Number((seconds ?? '0').replace(',', '.')) * SECOND);
  if (ms <= 0) {
    throw new InvalidDurationError(value, 'must be longer than zero');
  }
  return ms;
}

export function isIsoDuration(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseIsoDuration(value);
    return true;
  } catch {
    return false;
  }
}
