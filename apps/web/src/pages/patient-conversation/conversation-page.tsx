import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useParams } from 'react-router';
import { api, ApiProblem, read } from '../../api/client';
import { Badge, Loading, type Tone } from '../../components/ui';
import { ProblemBanner } from '../pathway/problem-banner';
import { PathwaySubPage } from '../pathway/sub-page';
import { ConversationThread } from './conversation-thread';
import { conversationKey, type PatientConversation, refetchEvery } from './conversation-view';
import { MessageForm } from './message-form';
import './conversation.css';

const STATE: Readonly<
  Record<PatientConversation['state'], { tone: Tone; words: string; sentence: string }>
> = {
  none: {
    tone: 'neutral',
    words: 'Pas encore de message',
    sentence:
      'C’est à vous d’écrire le premier : un patient ne peut pas commencer une conversation.',
  },
  open: {
    tone: 'info',
    words: 'Conversation ouverte',
    sentence: 'Le patient peut vous répondre ; ses réponses s’affichent ici d’elles-mêmes.',
  },
  ended: {
    tone: 'skipped',
    words: 'Conversation terminée',
    sentence: 'Le patient ne peut plus y répondre. Un nouveau message rouvre la conversation.',
  },
};

/** Why the API will not take a message for this patient, in the orthophoniste's words. */
function cannotWriteSentence(reason: string): string {
  if (/INS is not qualified/.test(reason)) {
    return 'Vous ne pouvez pas encore écrire à ce patient : son identité INS n’est pas qualifiée. Sa messagerie Mon espace santé ne s’utilise qu’avec une identité qualifiée (une INS erronée écrirait à quelqu’un d’autre) : qualifiez-la depuis la page du parcours.';
  }
  return 'Vous ne pouvez pas écrire à ce patient pour l’instant.';
}

/**
 * /parcours/:id/patient — the conversation with the patient over MSSanté,
 * at their Mon espace santé address: where it stands, what was written and
 * answered, and a new message. Followed live while a message is on its way
 * or the patient may answer.
 */
export default function PatientConversationPage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: conversationKey(id),
    queryFn: () =>
      read<PatientConversation>(
        api.GET('/pathways/{id}/patient-conversation', { params: { path: { id } } }),
      ),
    refetchInterval: (q) => {
      // A refusal (not found, not yours) will not change by asking again; an outage may.
      const { data, error } = q.state;
      if (!data && error instanceof ApiProblem && error.status >= 400 && error.status < 500)
        return false;
      return refetchEvery(data);
    },
  });
  const conversation = query.data;
  return (
    <PathwaySubPage pathwayId={id} title="Écrire au patient">
      {query.isPending ? <Loading what="Chargement de la conversation" /> : null}
      {!conversation && query.error ? (
        <>
          {query.error instanceof ApiProblem && query.error.status === 403 ? (
            <p className="banner banner--error" role="alert">
              Seul(e) l’orthophoniste du parcours écrit à son patient.
            </p>
          ) : (
            <ProblemBanner error={query.error} />
          )}
          <button type="button" className="button" onClick={() => void query.refetch()}>
            Réessayer
          </button>
        </>
      ) : null}
      {conversation ? (
        <>
          <ConversationStanding conversation={conversation} />
          {query.isRefetchError ? (
            <p className="banner banner--warning" role="status">
              La page n’arrive pas à se mettre à jour : elle réessaie d’elle-même. Une réponse
              récente du patient peut ne pas encore s’afficher.
            </p>
          ) : null}
          <ConversationThread messages={conversation.messages} />
          <MessageForm pathwayId={id} conversation={conversation} />
        </>
      ) : null}
    </PathwaySubPage>
  );
}

function ConversationStanding({ conversation }: { conversation: PatientConversation }) {
  const headingId = useId();
  const state = STATE[conversation.state];
  return (
    <section className="panel conversation-standing" aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        La conversation
      </h2>
      <dl className="pathway-facts">
        <div>
          <dt>Messagerie du patient</dt>
          <dd>
            {conversation.patientAddress ? (
              <span className="mono">{conversation.patientAddress}</span>
            ) : (
              'inconnue tant que son identité INS n’est pas qualifiée'
            )}
          </dd>
        </div>
        <div>
          <dt>Conversation</dt>
          <dd>
            {/* Polite: « Conversation terminée » is read when the end is recorded. */}
            <span aria-live="polite">
              <Badge tone={state.tone}>{state.words}</Badge>
            </span>
            {/* Who may write first does not matter to a patient nobody may write to yet. */}
            {conversation.cannotWrite ? null : <> {state.sentence}</>}
          </dd>
        </div>
      </dl>
      {conversation.cannotWrite ? (
        <div className="banner banner--warning" role="status">
          <p className="pathway-banner-text">{cannotWriteSentence(conversation.cannotWrite)}</p>
          <p className="pathway-banner-detail">
            Réponse du serveur : <span lang="en">{conversation.cannotWrite}</span>
          </p>
        </div>
      ) : null}
    </section>
  );
}
