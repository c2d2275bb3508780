import { type Letter, frenchDate, renderLetter } from './html';

export interface NoticeLetterInput {
  kind: 'reminder' | 'escalation' | 'action_required';
  /** Who reads it: "Jeanne DURAND" or "la coordination de la CPTS Sud". */
  recipientName: string;
  /** What is late or waiting, in one sentence ("Le bilan initial du parcours … est attendu depuis le …"). */
  summary: string;
  /** What to do about it, in one sentence. */
  action: string;
  /** The pathway's reference (its id), never the patient's identity: notices may be read on a phone. */
  pathwayRef: string;
  /** YYYY-MM-DD: when the document or action was due. */
  dueOn: string;
  /** A link to the pathway in the engine, when the deployment has one. */
  link?: string;
}

const SUBJECT: Record<NoticeLetterInput['kind'], string> = {
  reminder: 'Rappel accès direct',
  escalation: 'Alerte coordination accès direct',
  action_required: 'Action requise accès direct',
};

/**
 * A reminder, escalation or "action required" notice. It names the pathway by
 * its reference only: the practitioner and coordinator know their patients,
 * and a notice needs no health data to be useful.
 */
export function noticeLetter(input: NoticeLetterInput): Letter {
  return renderLetter(
    `${SUBJECT[input.kind]} : parcours ${input.pathwayRef}`,
    `Bonjour ${input.recipientName},`,
    [
      { paragraph: input.summary },
      { label: 'Parcours', value: input.pathwayRef },
      { label: 'Échéance', value: frenchDate(input.dueOn) },
      ...(input.link ? [{ label: 'Lien', value: input.link }] : []),
      { paragraph: input.action },
    ],
    ['Le moteur accès direct de votre CPTS'],
  );
}
