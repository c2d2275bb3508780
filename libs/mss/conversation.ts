/**
 * The practitioner's way to end a conversation with a patient: `[FIN]` in the
 * subject, upper case in square brackets, as practitioners are taught (seed
 * webinar). Operators read the header `X-MSS-MES: FIN` (Référentiel socle #2
 * ECO.2.2.8) instead, so the engine sets that header whenever it sees the tag.
 */
export const END_OF_CONVERSATION_TAG = '[FIN]';

export function endsConversation(subject: string): boolean {
  // Case matters: "[fin]" or "FIN" in a sentence are not the convention.
  return subject.includes(END_OF_CONVERSATION_TAG);
}
