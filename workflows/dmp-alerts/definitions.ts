import { defineSignal } from '@temporalio/workflow';

/**
 * What the DMP-alerts workflow and the worker that runs it share: its name,
 * where it runs, its one workflow id, its signal and its activities (types only).
 */

export const DMP_ALERTS_WORKFLOW = 'dmpAlertsWorkflow';

/** Its own task queue beside the pathways' (`<queue>.dmp-alerts`): a slow DMP never delays pathway work. */
export function dmpAlertsTaskQueue(pathwayTaskQueue: string): string {
  return `${pathwayTaskQueue}.dmp-alerts`;
}

/** One workflow per deployment: every worker asks for it at start, all but the first find it running. */
export function dmpAlertsWorkflowId(pathwayTaskQueue: string): string {
  return `dmp-alerts:${pathwayTaskQueue}`;
}

/** Look now rather than at the end of the pause (a practitioner just turned alerts on; tests; the demo). */
export const lookNowSignal = defineSignal('lookNow');

/** One look at the DMPs of every watched patient, as the activity reports it (counts only). */
export interface DmpLookRound {
  watched: number;
  looked: number;
  /** Patients whose DMP could not be read this time (unavailable, authorisation lapsed): looked at again next round. */
  failed: number;
  /** Documents found that nobody had been alerted of yet. */
  newDocuments: number;
  /** When to look again: the configured interval, read at each round. */
  nextInMs: number;
}

export interface DmpAlertDelivery {
  sent: number;
  /** Left for the next round: the operator was unavailable. */
  deferred: number;
}

export interface DmpAlertsActivities {
  /**
   * Asks the DMP, for every patient of an active pathway whose practitioner
   * wants alerts, which documents are there, and records the ones never seen
   * (the engine's own filings excluded). Idempotent: a document is recorded
   * once per practitioner, whatever the retries.
   */
  lookForNewDmpDocuments(): Promise<DmpLookRound>;
  /**
   * Sends each recorded document's alert (a notification and an MSSanté
   * message: type, date, author, never the content). Idempotent: the
   * message's id is derived from the document, so a retry does not send twice.
   */
  deliverDmpAlerts(): Promise<DmpAlertDelivery>;
}
