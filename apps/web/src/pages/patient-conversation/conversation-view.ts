import type { Schema } from '../../api/client';

/**
 * The answer of GET /pathways/{id}/patient-conversation (and of a message
 * written), as the API's OpenAPI document describes it
 * (apps/api/patient-messages/patient-conversation.view.ts).
 */
export type PatientConversation = Schema<'PatientConversation'>;
export type PatientMessageView = Schema<'PatientMessageView'>;
export type AttachableDocument = Schema<'AttachableDocument'>;
export type WritePatientMessage = Schema<'WritePatientMessageDto'>;

/** Not under ['pathway', id]: an action on the pathway need not read the conversation again. */
export function conversationKey(pathwayId: string) {
  return ['patient-conversation', pathwayId] as const;
}

/** The API's limits (apps/api/patient-messages/patient-message.dto.ts). */
export const MAX_SUBJECT_LENGTH = 200;
export const MAX_TEXT_LENGTH = 20_000;
export const MAX_DOCUMENTS = 5;

/** The convention that ends a conversation: in the subject, upper case, in brackets. */
export const END_TAG = '[FIN]';

/** The subject of a message that ends the conversation (the tag once, at the front). */
export function endingSubject(subject: string): string {
  const trimmed = subject.trim();
  return trimmed.includes(END_TAG) ? trimmed : `${END_TAG} ${trimmed}`;
}

/** A message on its way to the operator: its fate shows within seconds. */
export const SENDING_REFETCH_MS = 2_000;
/** The patient may answer at any time: their reply shows without reloading. */
export const OPEN_REFETCH_MS = 5_000;
/** Ended: only a reply written before the end reached the patient may still come. */
export const ENDED_REFETCH_MS = 30_000;

/** TanStack Query's refetchInterval for the conversation. */
export function refetchEvery(conversation: PatientConversation | undefined): number | false {
  if (!conversation) return false;
  if (conversation.messages.some((m) => m.status === 'sending')) return SENDING_REFETCH_MS;
  if (conversation.state === 'open') return OPEN_REFETCH_MS;
  if (conversation.state === 'ended') return ENDED_REFETCH_MS;
  return false;
}
