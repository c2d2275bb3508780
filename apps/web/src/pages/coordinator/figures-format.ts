/** How the coordinator pages write their figures (French; the shared ones are in components/format.ts). */

const count = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('fr-FR', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const monthFormat = new Intl.DateTimeFormat('fr-FR', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const shortMonthFormat = new Intl.DateTimeFormat('fr-FR', {
  month: 'short',
  year: '2-digit',
  timeZone: 'UTC',
});

export function formatCount(value: number): string {
  return count.format(value);
}

/** A delay in days, with one decimal (« 12,5 »); '—' when nothing was measured. */
export function formatDays(value: number | null): string {
  return value === null ? '—' : oneDecimal.format(value);
}

/** « 12,5 jours », « 1,0 jour ». */
export function daysInWords(value: number | null): string {
  if (value === null) return 'non mesuré';
  return `${formatDays(value)} ${value >= 2 ? 'jours' : 'jour'}`;
}

/** Whole days: « 1 jour », « 12 jours ». */
export function wholeDays(value: number): string {
  return `${formatCount(value)} ${Math.abs(value) >= 2 ? 'jours' : 'jour'}`;
}

/** `2026-03` → « mars 2026 » (the month is a Paris calendar month: no time zone to apply). */
export function monthInWords(month: string): string {
  return monthFormat.format(new Date(`${month}-15T12:00:00Z`));
}

/** `2026-03` → « mars 26 », for an axis. */
export function shortMonth(month: string): string {
  return shortMonthFormat.format(new Date(`${month}-15T12:00:00Z`));
}

/** The definitions quote field names between backquotes (Markdown): plain text here. */
export function plain(text: string): string {
  return text.replace(/`/g, '');
}
