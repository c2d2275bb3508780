import { useId } from 'react';
import { formatDateTime } from '../../components/format';
import { Badge, type Tone } from '../../components/ui';
import type { PatientMessageView } from './conversation-view';

const STATUS: Readonly<Record<PatientMessageView['status'], { tone: Tone; words: string }>> = {
  sending: { tone: 'todo', words: 'Envoi en cours' },
  sent: { tone: 'done', words: 'Envoyé' },
  failed: { tone: 'late', words: 'Échec de l’envoi' },
  received: { tone: 'info', words: 'Reçu' },
};

/** The messages with the patient, oldest first, as a mail thread reads. */
export function ConversationThread({ messages }: { messages: PatientMessageView[] }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Échanges</h2>
      {messages.length === 0 ? (
        <p className="muted">Aucun message pour l’instant.</p>
      ) : (
        <>
          <p className="hint">Du plus ancien au plus récent.</p>
          {/* Polite: a reply, or a message's fate (sent, failed), is read out when it shows. */}
          <ol className="plain conversation-thread" aria-live="polite">
            {messages.map((message) => (
              <MessageItem key={message.id} message={message} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function MessageItem({ message }: { message: PatientMessageView }) {
  const subjectId = useId();
  const mine = message.direction === 'to_patient';
  const status = STATUS[message.status];
  return (
    <li className={`conversation-message conversation-message--${mine ? 'mine' : 'theirs'}`}>
      <article aria-labelledby={subjectId}>
        <p className="conversation-meta">
          <strong>{mine ? 'Vous avez écrit' : 'Le patient a répondu'}</strong>{' '}
          <time dateTime={message.at}>{formatDateTime(message.at)}</time>{' '}
          <Badge tone={status.tone}>{status.words}</Badge>
          {message.endsConversation ? (
            <>
              {' '}
              <Badge tone="neutral">Fin de la conversation</Badge>
            </>
          ) : null}
          {message.afterEnd ? (
            <>
              {' '}
              <Badge tone="todo">Reçu après la fin de la conversation</Badge>
            </>
          ) : null}
        </p>
        <h3 id={subjectId} className="conversation-subject">
          {message.subject}
        </h3>
        {/* A reply read from mail has CRLF line ends: a CR would show as a space. */}
        <p className="conversation-text">{message.text.replace(/\r\n?/g, '\n')}</p>
        {message.documents.length > 0 ? (
          <div className="conversation-attachments">
            <p>Pièces jointes :</p>
            <ul>
              {message.documents.map((d) => (
                <li key={d.documentId}>{d.title}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {message.status === 'failed' ? (
          <p className="pathway-problem">
            Le message n’a pas pu être remis
            {message.detail ? <> : {message.detail}</> : '.'} Vous pouvez l’écrire à nouveau.
          </p>
        ) : null}
        {message.afterEnd ? (
          <p className="hint">
            Le patient a répondu avant d’avoir reçu la fin de la conversation. Pour lui répondre,
            écrivez-lui un nouveau message : il rouvre la conversation.
          </p>
        ) : null}
      </article>
    </li>
  );
}
