import { useId, useState } from 'react';
import { formatDateTime } from '../../components/format';
import type { HistoryEntry } from './pathway-view';
import { actorWords, eventSentence } from './timeline-wording';

/** A long pathway has hundreds of entries (reminders): the latest first, the rest on demand. */
const FIRST_SHOWN = 30;

/** The pathway's history, newest first, each entry dated in Paris time. */
export function Timeline({ history, myIdNatPs }: { history: HistoryEntry[]; myIdNatPs: string }) {
  const headingId = useId();
  const [all, setAll] = useState(false);
  const newestFirst = [...history].sort((a, b) => b.seq - a.seq);
  const shown = all ? newestFirst : newestFirst.slice(0, FIRST_SHOWN);
  const hidden = newestFirst.length - shown.length;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Historique</h2>
      <p className="hint">Du plus récent au plus ancien.</p>
      {newestFirst.length === 0 ? (
        <p className="muted">Rien n’est encore arrivé sur ce parcours.</p>
      ) : (
        <ol className="timeline">
          {shown.map((entry) => (
            <li key={entry.seq}>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              <span>{eventSentence(entry.event)}</span>{' '}
              <span className="muted">({actorWords(entry, myIdNatPs)})</span>
            </li>
          ))}
        </ol>
      )}
      {hidden > 0 ? (
        <button type="button" className="button" onClick={() => setAll(true)}>
          Afficher les {hidden} événements plus anciens
        </button>
      ) : null}
    </section>
  );
}
