import type { SandboxDirectory } from './directory';
import { bareAddress, headerValue, parseHeaders } from './mime';
import type { StoredMessage } from './options';

/**
 * Mon espace santé's rules for a patient's mailbox, as far as the sandbox
 * imitates them: a patient cannot start a conversation, only answer a
 * professional who wrote to them (facts.md §3.2), and the professional ends
 * the conversation with the header `X-MSS-MES: FIN` (Référentiel socle #2
 * ECO.2.2.8), after which the patient can no longer answer it.
 *
 * The professional of a received message is its envelope sender (the
 * Return-Path delivery wrote on top), which the operator authenticated at
 * MAIL FROM; reports travel with the null reverse-path and name nobody. Only
 * the header ends a conversation: `[FIN]` in the subject is the convention
 * taught to practitioners, which their software turns into the header
 * (facts.md §3.3 found no ANS text on the subject tag).
 */

export type ConversationState = 'none' | 'open' | 'ended';

/** The sandbox mailbox of a professional (not a patient) that sent the message, if any. */
export function professionalSender(
  message: Pick<StoredMessage, 'raw'>,
  directory: SandboxDirectory,
): string | undefined {
  const returnPath = bareAddress(headerValue(parseHeaders(message.raw), 'Return-Path'));
  const mailbox = returnPath ? directory.find(returnPath) : undefined;
  return mailbox && mailbox.kind !== 'PATIENT' ? mailbox.address : undefined;
}

/** The message carries `X-MSS-MES: FIN`. */
export function hasEndHeader(message: Pick<StoredMessage, 'raw'>): boolean {
  return headerValue(parseHeaders(message.raw), 'X-MSS-MES')?.trim().toUpperCase() === 'FIN';
}

/**
 * Between a patient and a professional, from the patient's INBOX (oldest
 * first): 'none' when the professional never wrote, 'ended' when their latest
 * message ended the conversation, 'open' otherwise — a message written after
 * an end starts a new conversation.
 */
export function conversationState(
  patientInbox: readonly StoredMessage[],
  professional: string,
  directory: SandboxDirectory,
): ConversationState {
  const wanted = directory.find(professional)?.address;
  const fromThem = patientInbox.filter(
    (message) => wanted !== undefined && professionalSender(message, directory) === wanted,
  );
  const latest = fromThem[fromThem.length - 1];
  if (!latest) return 'none';
  return hasEndHeader(latest) ? 'ended' : 'open';
}

export interface PatientReplyOptions {
  /**
   * The patient wrote the answer before the end reached them: it is delivered
   * although the conversation has ended since.
   */
  crossingTheEnd?: boolean;
}

/**
 * Why the patient may not answer `patientInbox[originalIndex]`, or undefined
 * when they may: it must come from a professional, and no message of that
 * professional carrying `X-MSS-MES: FIN` may have arrived since (the original
 * itself included), unless the answer crossed the end.
 */
export function patientReplyRefusal(
  patientInbox: readonly StoredMessage[],
  originalIndex: number,
  directory: SandboxDirectory,
  options: PatientReplyOptions = {},
): string | undefined {
  const original = patientInbox[originalIndex];
  const professional = original && professionalSender(original, directory);
  if (!professional) {
    return 'a patient can only answer a message a professional sent them: Mon espace santé does not let a patient start a conversation';
  }
  if (options.crossingTheEnd) return undefined;
  const ended = patientInbox
    .slice(originalIndex)
    .some(
      (message) => professionalSender(message, directory) === professional && hasEndHeader(message),
    );
  return ended
    ? `the professional <${professional}> ended this conversation (X-MSS-MES: FIN): the patient can no longer answer it`
    : undefined;
}
