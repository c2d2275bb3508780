/** Dates as people in France read them, always in Paris time (whatever the browser's zone). */
const PARIS = 'Europe/Paris';

const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const isoDayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `2026-12-03` or an ISO instant → « 3 décembre 2026 ». */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return dayFormat.format(date);
}

/** An ISO instant → « 3 déc. 2026, 15:04 » (Paris). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return dateTimeFormat.format(new Date(value));
}

/** Today (or `date`) as the Paris calendar day, YYYY-MM-DD. */
export function parisDay(date: Date = new Date()): string {
  return isoDayFormat.format(date);
}

/** A Paris day moved by whole days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** How long until (positive) or since (negative) an instant, in words. */
export function relativeToNow(value: string, now = Date.now()): string {
  const ms = new Date(value).getTime() - now;
  const abs = Math.abs(ms);
  const unit =
    abs >= 86_400_000
      ? { n: Math.round(abs / 86_400_000), one: 'jour', many: 'jours' }
      : abs >= 3_600_000
        ? { n: Math.round(abs / 3_600_000), one: 'heure', many: 'heures' }
        : abs >= 60_000
          ? { n: Math.round(abs / 60_000), one: 'minute', many: 'minutes' }
          : { n: Math.max(1, Math.round(abs / 1000)), one: 'seconde', many: 'secondes' };
  const text = `${unit.n} ${unit.n > 1 ? unit.many : unit.one}`;
  return ms >= 0 ? `dans ${text}` : `depuis ${text}`;
}

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : percent.format(share);
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : decimal.format(value);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${decimal.format(bytes / (1024 * 1024))} Mo`;
  if (bytes >= 1024) return `${decimal.format(bytes / 1024)} ko`;
  return `${bytes} o`;
}
