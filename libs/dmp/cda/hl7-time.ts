/**
 * HL7 v3 timestamps (TS) as the CI-SIS header writes them: local time in
 * France with its offset, YYYYMMDDHHmmss+ZZZZ, as in the official example
 * ("20210401134745+0100"). The offset is Paris's at that instant (+0100 in
 * winter, +0200 in summer), so the practitioner reads the time they wrote.
 */
const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function pad(value: number, width: number): string {
  return String(Math.abs(value)).padStart(width, '0');
}

/** YYYYMMDDHHmmss+ZZZZ in Europe/Paris; throws RangeError on an invalid Date. */
export function parisTimestamp(instant: Date): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid date');
  const parts: Record<string, number> = {};
  for (const part of PARIS.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = parts;
  // The offset is what separates Paris's wall clock from UTC at this second.
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((wallClock - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return (
    pad(year, 4) +
    pad(month, 2) +
    pad(day, 2) +
    pad(hour, 2) +
    pad(minute, 2) +
    pad(second, 2) +
    sign +
    pad(Math.floor(Math.abs(offsetMinutes) / 60), 2) +
    pad(Math.abs(offsetMinutes) % 60, 2)
  );
}

const TS =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.\d{1,4})?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A TS value at any precision (YYYY … YYYYMMDDHHmmss.SSSS, optional offset)
 * that names a real instant: the check of the ART-DECOR datatype rule
 * dtr1-2-TS the CI-SIS schematrons apply (a 31 February or a month 00 fails).
 */
export function isValidHl7Timestamp(value: string): boolean {
  const match = TS.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi, s, , tzh, tzm] = match;
  const year = Number(y);
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return false;
  if (d !== undefined && (Number(d) < 1 || Number(d) > daysInMonth(year, Number(mo)))) return false;
  if (h !== undefined && Number(h) > 23) return false;
  if (mi !== undefined && Number(mi) > 59) return false;
  if (s !== undefined && Number(s) > 59) return false;
  if (tzh !== undefined && (Number(tzh) > 14 || Number(tzm) > 59)) return false;
  return true;
}

/**
 * The birthTime of an INS birth date (YYYYMMDD as read). A "lunar" date (day
 * or month unknown, written 00 or out of range, e.g. 19421901) is not a TS the
 * schematrons accept; it is written at the precision that is known instead
 * (19421901 → 1942, 19420300 → 194203), which HL7 allows and keeps the year
 * and month exactly as read. Undefined when the input is not 8 digits.
 */
export function birthTimeValue(birthDate: string): string | undefined {
  if (!/^\d{8}$/.test(birthDate)) return undefined;
  if (isValidHl7Timestamp(birthDate)) return birthDate;
  const yearMonth = birthDate.slice(0, 6);
  return isValidHl7Timestamp(yearMonth) ? yearMonth : birthDate.slice(0, 4);
}

/** The instant a valid TS names (one written without offset is read as UTC). */
export function hl7TimestampToMillis(value: string): number | undefined {
  const match = TS.exec(value);
  if (!match || !isValidHl7Timestamp(value)) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, tzh = '00', tzm = '00'] =
    match;
  const offset = (sign === '-' ? -1 : 1) * (Number(tzh) * 60 + Number(tzm));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return local - offset * 60_000;
}
