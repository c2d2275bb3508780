/**
 * Numbers, days and instants as a French reader expects them in a report:
 * `1 234,5`, `31/12/2025`, `31/12/2025 à 14:05` (Europe/Paris), `42 %`.
 * Only characters the PDF's built-in fonts print (plain spaces, no U+202F).
 */

const PARIS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2025-12-31` → `31/12/2025`; anything else is returned as it is. */
export function frenchDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : day;
}

function parisParts(instant: Date | string | number): Record<string, string> {
  const parts = PARIS.formatToParts(new Date(instant));
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** The Paris calendar day of an instant, YYYY-MM-DD. */
export function parisDayOf(instant: Date | string | number): string {
  const p = parisParts(instant);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as `31/12/2025 à 14:05`, Paris time. */
export function frenchDateTime(instant: Date | string | number): string {
  const p = parisParts(instant);
  return `${p.day}/${p.month}/${p.year} à ${p.hour}:${p.minute}`;
}

/** `1234.5` → `1 234,5` (at most `decimals` decimals, none shown when they are zero). */
export function frenchNumber(value: number, decimals = 0): string {
  const fixed = value.toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const trimmed = fraction?.replace(/0+$/, '');
  return `${sign}${grouped}${trimmed ? `,${trimmed}` : ''}`;
}

/** `part` of `whole` as a whole percentage (`42 %`), or `—` when there is nothing to divide. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${Math.round((part / whole) * 100)} %`;
}

/** A count with its share: `12 (40 %)`. */
export function countWithShare(part: number, whole: number): string {
  return whole > 0 ? `${frenchNumber(part)} (${percent(part, whole)})` : frenchNumber(part);
}

/** `2025-Q1` → `T1 2025`. */
export function quarterLabel(quarter: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  return match ? `T${match[2]} ${match[1]}` : quarter;
}

/** Days (fractional) as `3,5 j`, or `—` for none. */
export function days(value: number | null, decimals = 1): string {
  return value === null ? '—' : `${frenchNumber(value, decimals)} j`;
}
