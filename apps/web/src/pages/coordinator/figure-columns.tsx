import { formatShare } from '../../components/format';
import { formatCount, formatDays } from './figures-format';
import { type IndicatorFigures, shareOf, sharingTotals } from './indicator-view';
import type { Column } from './sortable-table';

/**
 * The figures a per-orthophoniste or per-CPTS table shows after its first
 * column: the same for both, so that a CPTS reads like the sum of its people.
 */
export function figureColumns<R>(figuresOf: (row: R) => IndicatorFigures): Column<R>[] {
  const count = (
    key: string,
    label: string,
    value: (f: IndicatorFigures) => number,
  ): Column<R> => ({
    key,
    label,
    numeric: true,
    sortValue: (row) => value(figuresOf(row)),
    render: (row) => formatCount(value(figuresOf(row))),
  });
  const sentShare = (f: IndicatorFigures) => {
    const totals = sharingTotals(f);
    return shareOf(totals.sent, totals.received);
  };
  return [
    count('opened', 'Parcours ouverts', (f) => f.pathways.opened),
    count('active', 'Parcours actifs', (f) => f.pathways.active),
    count('bilanOverdue', 'Bilans initiaux en retard', (f) => f.duties.bilanInitial.missingOverdue),
    count(
      'compteRenduOverdue',
      'Comptes rendus en retard',
      (f) => f.duties.compteRendu.missingOverdue,
    ),
    count(
      'reminders',
      'Relances envoyées',
      (f) => f.duties.bilanInitial.remindersSent + f.duties.compteRendu.remindersSent,
    ),
    {
      key: 'sent',
      label: 'Envoyés au médecin traitant',
      numeric: true,
      sortValue: (row) => sentShare(figuresOf(row)),
      render: (row) => formatShare(sentShare(figuresOf(row))),
    },
    {
      key: 'delayBilan',
      label: 'Délai médian ouverture → bilan (jours)',
      numeric: true,
      sortValue: (row) => figuresOf(row).delays.openingToBilanInitial.medianDays,
      render: (row) => formatDays(figuresOf(row).delays.openingToBilanInitial.medianDays),
    },
  ];
}
