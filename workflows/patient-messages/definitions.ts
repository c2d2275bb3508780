/**
 * The sending of one message a practitioner wrote to their patient: its
 * workflow's name and id, and its activity (types only). It runs on the
 * pathways' task queue.
 */

export const PATIENT_MESSAGE_WORKFLOW = 'patientMessageWorkflow';

/** One workflow per message: a repeated request for the same message starts nothing twice. */
export function patientMessageWorkflowId(patientMessageId: string): string {
  return `patient-message:${patientMessageId}`;
}

export interface PatientMessageInput {
  patientMessageId: string;
}

export type PatientMessageOutcome =
  | { outcome: 'sent'; messageId: string; alreadySent: boolean }
  /** The operator refused it for good (an unknown patient mailbox…): said on the message. */
  | { outcome: 'failed'; reason: string };

export interface PatientMessageActivities {
  /**
   * Sends one message the practitioner wrote to their patient's Mon espace
   * santé mailbox (with the documents they chose), from PostgreSQL.
   * Idempotent: a message the operator already accepted is reported sent.
   * Throws (and is retried) only while the operator is unavailable.
   */
  sendToPatient(input: PatientMessageInput): Promise<PatientMessageOutcome>;
}
