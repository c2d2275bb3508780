import { useMe } from '../../api/session';
import { formatDateTime } from '../../components/format';
import type { AuditEntryView } from './audit-view';
import { actorInWords, eventLabel, payloadLabel, payloadValue } from './audit-labels';

/** A page of the CPTS's audit trail, oldest first (the API's order), times in Paris. */
export function AuditTable({
  items,
  caption,
}: {
  items: readonly AuditEntryView[];
  caption: string;
}) {
  const me = useMe();
  return (
    <div className="table-wrap">
      <table className="data responsive audit">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">N°</th>
            <th scope="col">Date et heure (Paris)</th>
            <th scope="col">Événement</th>
            <th scope="col">Auteur</th>
            <th scope="col">Détails</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => {
            const details = Object.entries(entry.payload);
            return (
              <tr key={`${entry.stream}-${entry.streamSeq}`}>
                <td data-label="N°">{entry.streamSeq}</td>
                <td data-label="Date et heure (Paris)">
                  <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
                </td>
                <th scope="row" data-label="Événement">
                  {eventLabel(entry.type)}
                  {eventLabel(entry.type) !== entry.type ? (
                    <span className="muted code"> ({entry.type})</span>
                  ) : null}
                </th>
                <td data-label="Auteur">{actorInWords(entry.actor, me.idNatPs)}</td>
                <td data-label="Détails">
                  {details.length === 0 ? (
                    '—'
                  ) : (
                    <dl className="facts">
                      {details.map(([key, value]) => (
                        <div key={key}>
                          <dt>{payloadLabel(key)}</dt>
                          <dd>{payloadValue(value)}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
