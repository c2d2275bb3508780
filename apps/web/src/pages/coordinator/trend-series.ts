import { formatCount, monthInWords, shortMonth } from './figures-format';
import type { Indicators } from './indicator-view';

/** One line of the monthly trend: what the chart draws and its text alternative reads. */
export interface TrendRow {
  month: string;
  opened: number;
  bilanOnTime: number;
  bilanLate: number;
  bilanMissingOverdue: number;
}

/** The series of the chart, in the order of its legend and of the table's columns. */
export const TREND_SERIES = [
  { key: 'opened', label: 'Parcours ouverts' },
  { key: 'bilanOnTime', label: 'Bilans reçus dans le délai' },
  { key: 'bilanLate', label: 'Bilans reçus en retard' },
  { key: 'bilanMissingOverdue', label: 'Bilans manquants et en retard' },
] as const satisfies ReadonlyArray<{ key: Exclude<keyof TrendRow, 'month'>; label: string }>;

export function trendRows(monthly: Indicators['monthly']): TrendRow[] {
  return monthly.map(({ month, figures }) => ({
    month,
    opened: figures.pathways.opened,
    bilanOnTime: figures.duties.bilanInitial.receivedOnTime,
    bilanLate: figures.duties.bilanInitial.receivedLate,
    bilanMissingOverdue: figures.duties.bilanInitial.missingOverdue,
  }));
}

export function monthAxis(rows: readonly TrendRow[]): string[] {
  return rows.map((row) => shortMonth(row.month));
}

/** The chart in one sentence, for its `aria-label` (the table beside it has every figure). */
export function trendSummary(rows: readonly TrendRow[]): string {
  if (rows.length === 0) return 'Évolution mensuelle : aucun mois dans la période.';
  const sum = (key: Exclude<keyof TrendRow, 'month'>) => rows.reduce((n, row) => n + row[key], 0);
  const busiest = rows.reduce((best, row) => (row.opened > best.opened ? row : best), rows[0]);
  const first = monthInWords(rows[0].month);
  const last = monthInWords(rows[rows.length - 1].month);
  const opened = sum('opened');
  const parts = [
    `Évolution mensuelle de ${first} à ${last} : ${formatCount(opened)} parcours ouverts`,
    opened > 0
      ? `le plus en ${monthInWords(busiest.month)} (${formatCount(busiest.opened)})`
      : undefined,
    `bilans initiaux : ${formatCount(sum('bilanOnTime'))} reçus dans le délai, ${formatCount(
      sum('bilanLate'),
    )} reçus en retard, ${formatCount(sum('bilanMissingOverdue'))} manquants et en retard.`,
  ];
  return parts.filter(Boolean).join(', ');
}
