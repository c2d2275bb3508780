/**
 * A birth date as the identity sources give it. The Vitale card writes
 * AAAAMMJJ and may hold a "lunar" date, whose month or day is outside the
 * calendar (19421901, 19420000), typical of people born abroad whose civil
 * status is incomplete (facts §5.1). Such a date is an identifier, not a day:
 * it is kept as read, never "corrected" into a calendar date.
 */
export interface BirthDate {
  /** As received, for traceability. */
  raw: string;
  /** AAAAMMJJ, the form every comparison uses. */
  value: string;
  /** Month or day outside the calendar: the date cannot be turned into a real day. */
  lunar: boolean;
}

export type BirthDateResult = { ok: true; birthDate: BirthDate } | { ok: false; problem: string };

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DASHED = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads AAAAMMJJ (cards, INSi) or AAAA-MM-JJ (the engine's own records). */
export function parseBirthDate(raw: string): BirthDateResult {
  const trimmed = raw.trim();
  const match = COMPACT.exec(trimmed) ?? DASHED.exec(trimmed);
  if (!match) {
    return { ok: false, problem: `a birth date is AAAAMMJJ or AAAA-MM-JJ, not "${raw}"` };
  }
  const [, year, month, day] = match;
  return {
    ok: true,
    birthDate: { raw, value: `${year}${month}${day}`, lunar: !isCalendarDay(year, month, day) },
  };
}

/** The date as AAAA-MM-JJ, or undefined for a lunar date (it names no day). */
export function isoBirthDate(birthDate: BirthDate): string | undefined {
  if (birthDate.lunar) return undefined;
  const v = birthDate.value;
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}`;
}

function isCalendarDay(year: string, month: string, day: string): boolean {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
