/**
 * The engine's background work as Temporal work, one workflow each per
 * deployment (started by every worker with a fixed id: however many workers
 * run, each round happens once): the MSSanté mailbox (reading it, delivering
 * the notification outbox) and the situation-of-exercise reminders. Names,
 * task queues, ids and activities (types only).
 */

export const MSS_MAILBOX_WORKFLOW = 'mssMailboxWorkflow';
export const SITUATION_REMINDERS_WORKFLOW = 'situationRemindersWorkflow';

/** Their own task queue beside the pathways' (`<queue>.background`): a slow operator never delays pathway work. */
export function backgroundTaskQueue(pathwayTaskQueue: string): string {
  return `${pathwayTaskQueue}.background`;
}

export function mssMailboxWorkflowId(pathwayTaskQueue: string): string {
  return `mss-mailbox:${pathwayTaskQueue}`;
}

export function situationRemindersWorkflowId(pathwayTaskQueue: string): string {
  return `situation-reminders:${pathwayTaskQueue}`;
}

export interface MssMailboxActivities {
  /**
   * Reads what arrived in the engine's mailbox since the last round and
   * records it against the messages it answers; a message that cannot be read
   * or recorded is quarantined and the reading goes on. Idempotent: the
   * cursor and the rows are keyed by the message's uid.
   */
  readMailbox(): Promise<{ received: number; quarantined: number; nextInMs: number }>;
  /**
   * Mails the reminders and escalations that are due. Idempotent: each
   * notification's Message-ID is derived from it, and it is marked sent once.
   */
  deliverNotifications(): Promise<{ delivered: number; deferred: number }>;
}

export interface SituationRemindersActivities {
  /** Reminds once per declared period the practitioners whose situation of exercise ends within 30 days. */
  remindSituations(): Promise<{ reminded: number; nextInMs: number }>;
}
