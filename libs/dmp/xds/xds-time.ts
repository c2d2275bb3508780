import { DmpError } from '../errors';

/**
 * XDS times are HL7 DTM truncated to the second, always in UTC (ITI TF-3
 * §4.2.3.1.2): YYYY[MM[DD[hh[mm[ss]]]]].
 */
const DTM = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(\d{2})?)?)?)?)?$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatXdsTime(date: Date, what = 'time'): string {
  if (Number.isNaN(date.getTime())) {
    throw new DmpError('INVALID_SUBMISSION', `${what} is not a valid date`);
  }
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds())
  );
}

/** The instant an XDS time denotes (its start, when truncated), or undefined when malformed. */
export function parseXdsTime(value: string): Date | undefined {
  const match = DTM.exec(value);
  if (!match) return undefined;
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .filter((part) => part !== undefined)
    .map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 20240231 over to March: a round trip tells real dates apart.
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return valid ? date : undefined;
}

export function isXdsTime(value: string): boolean {
  return parseXdsTime(value) !== undefined;
}
