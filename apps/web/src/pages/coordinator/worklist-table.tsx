import { Link } from 'react-router';
import { formatDateTime, formatDay } from '../../components/format';
import { Badge } from '../../components/ui';
import { formatCount, wholeDays } from './figures-format';
import { DUTY_LABELS, type OverdueDuty } from './worklist-view';

/**
 * Overdue documents, most overdue first (the API's order). Every row is
 * late: the badge says so in words, and by how many days, besides the red
 * edge of the row. Each row opens its pathway.
 */
export function WorklistTable({
  items,
  caption,
}: {
  items: readonly OverdueDuty[];
  caption: string;
}) {
  return (
    <div className="table-wrap">
      <table className="data responsive worklist">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Parcours</th>
            <th scope="col">Document attendu</th>
            <th scope="col">Retard</th>
            <th scope="col">Orthophoniste</th>
            <th scope="col">Échéance</th>
            <th scope="col">Relances envoyées</th>
            <th scope="col">Coordinateur alerté</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.pathwayId}-${item.duty}`} className="late">
              <td data-label="Parcours">
                <Link to={`/parcours/${item.pathwayId}`}>
                  Parcours ouvert le {formatDay(item.openedAt)}
                  <span className="visually-hidden">
                    {' '}
                    ({DUTY_LABELS[item.duty]}, {item.practitioner.givenNames}{' '}
                    {item.practitioner.familyName})
                  </span>
                </Link>
              </td>
              <td data-label="Document attendu">{DUTY_LABELS[item.duty]}</td>
              <td data-label="Retard">
                <Badge tone="late">En retard de {wholeDays(item.daysOverdue)}</Badge>
              </td>
              <td data-label="Orthophoniste">
                {item.practitioner.givenNames} {item.practitioner.familyName}
              </td>
              <td data-label="Échéance">{formatDay(item.dueAt)}</td>
              <td data-label="Relances envoyées">{formatCount(item.remindersSent)}</td>
              <td data-label="Coordinateur alerté">
                {item.lastEscalatedAt ? `Le ${formatDateTime(item.lastEscalatedAt)}` : 'Pas encore'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
