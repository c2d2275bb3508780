import { formatDay } from '../../components/format';
import { Badge } from '../../components/ui';
import type { Renewal } from './dmp-view';

function daysWords(days: number): string {
  if (days <= 0) return 'dernier jour aujourd’hui';
  return `dans ${days} jour${days > 1 ? 's' : ''}`;
}

/**
 * When the patient's authorisation must be asked again, in words, marked
 * (word and colour) when the day is near or gone: the orthophoniste asks at
 * the next session rather than finding the DMP closed.
 */
export function RenewBy({ renewal }: { renewal: Renewal }) {
  if (renewal.state === 'unknown')
    return <span className="muted">date non indiquée par le DMP</span>;
  if (renewal.state === 'past' || renewal.renewBy === null) {
    return (
      <>
        <Badge tone="late">Expirée</Badge>{' '}
        {renewal.renewBy
          ? `à renouveler : elle valait jusqu’au ${formatDay(renewal.renewBy)}`
          : 'à renouveler auprès du patient'}
      </>
    );
  }
  const day = formatDay(renewal.renewBy);
  if (renewal.state === 'soon') {
    return (
      <>
        <Badge tone="todo">Bientôt</Badge> à renouveler avant le {day} (
        {daysWords(renewal.daysLeft ?? 0)})
      </>
    );
  }
  return <>à renouveler avant le {day}</>;
}
