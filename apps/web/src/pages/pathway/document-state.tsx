import { formatBytes, formatDateTime, formatDay, relativeToNow } from '../../components/format';
import type { DocumentView, DutyView, PathwayView } from './pathway-view';
import { StateLine } from './state-line';

const MEDIA_WORDS: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'text/plain': 'texte',
  'text/rtf': 'RTF',
  'image/gif': 'GIF',
  'image/tiff': 'TIFF',
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/** A received document: when, what, and the link to open it (when the reader may). */
export function ReceivedLine({ document, canOpen }: { document: DocumentView; canOpen: boolean }) {
  return (
    <StateLine tone="done" word="Reçu">
      <p>
        Reçu le {formatDateTime(document.receivedAt)} : « {document.title} », daté du{' '}
        {formatDay(document.documentDate)}.
      </p>
      {canOpen ? (
        <p>
          <a href={document.href}>
            Ouvrir le document
            <span className="muted">
              {' '}
              ({MEDIA_WORDS[document.mediaType] ?? document.mediaType},{' '}
              {formatBytes(document.sizeBytes)})
            </span>
          </a>
        </p>
      ) : null}
    </StateLine>
  );
}

/** A document still owed: when it is due, whether it is late, the reminders it cost. */
export function AwaitedLine({ duty, now = Date.now() }: { duty: DutyView; now?: number }) {
  const late = Date.parse(duty.dueAt) <= now;
  return (
    <StateLine tone={late ? 'late' : 'todo'} word={late ? 'En retard' : 'À faire'}>
      <p>
        {late
          ? `En retard : attendu le ${formatDay(duty.dueAt)} (${relativeToNow(duty.dueAt, now)}).`
          : `À envoyer avant le ${formatDay(duty.dueAt)} (${relativeToNow(duty.dueAt, now)}).`}
      </p>
      {duty.remindersSent > 0 ? (
        <p className="muted">
          {plural(duty.remindersSent, 'relance envoyée', 'relances envoyées')}
          {duty.escalatedAt
            ? ` ; coordinateur de la CPTS alerté le ${formatDateTime(duty.escalatedAt)}.`
            : '.'}
        </p>
      ) : null}
    </StateLine>
  );
}

/** The compte rendu before it is owed (no due date yet), or never owed. */
export function CompteRenduNotDueLine({ pathway }: { pathway: PathwayView }) {
  if (pathway.status !== 'active') {
    return (
      <StateLine tone="skipped" word="Non dû">
        <p>Le parcours est clos sans que le compte rendu ait été dû.</p>
      </StateLine>
    );
  }
  if (pathway.step === 'care') {
    return (
      <StateLine tone="info" word="Soins en cours">
        <p>
          Le compte rendu sera dû à la fin des soins. Envoyez-le quand les soins sont terminés :
          cela déclare aussi la fin des soins.
        </p>
      </StateLine>
    );
  }
  return (
    <StateLine tone="neutral" word="Pas encore dû">
      <p>Le compte rendu viendra après le bilan initial et les soins.</p>
    </StateLine>
  );
}

/** A document that will not come: the pathway closed before it was received. */
export function NeverReceivedLine({ duty }: { duty: DutyView }) {
  return (
    <StateLine tone="skipped" word="Non reçu">
      <p>Non reçu : il était attendu le {formatDay(duty.dueAt)}, le parcours est clos.</p>
    </StateLine>
  );
}
