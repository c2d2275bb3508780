/**
 * Calendar days as practitioners mean them: in France's time zone. A document
 * written at 00:30 on 3 March in Paris is dated 3 March, even though it is still
 * 2 March in UTC.
 */
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Paris calendar day (YYYY-MM-DD) of an instant. */
export function parisDay(instant: number | Date): string {
  return PARIS_DAY.format(instant);
}

/** True for an existing calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
