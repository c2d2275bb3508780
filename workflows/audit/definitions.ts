/**
 * What the audit-anchoring workflow and the worker that runs it share: its
 * name, where it runs, its one workflow id, and the activity it calls (types only).
 */

export const AUDIT_ANCHORING_WORKFLOW = 'auditAnchoringWorkflow';

/**
 * Its own task queue beside the pathways' (`<queue>.audit-anchoring`): anchoring
 * never waits behind pathway work, and pathway tasks never reach its worker.
 */
export function auditAnchoringTaskQueue(pathwayTaskQueue: string): string {
  return `${pathwayTaskQueue}.audit-anchoring`;
}

/**
 * One workflow per deployment (per pathway task queue): every worker asks for
 * it at start and all but the first find it running, so anchoring happens
 * once however many workers run.
 */
export function auditAnchoringWorkflowId(pathwayTaskQueue: string): string {
  return `audit-anchoring:${pathwayTaskQueue}`;
}

/** One anchoring round, as the activity reports it (opaque stream ids only). */
export interface AnchoringRound {
  streams: number;
  anchored: number;
  unchanged: number;
  /** Chains not anchored because they no longer check out (the first few). */
  refused: { stream: string; streamSeq: number; problem: string }[];
  refusedCount: number;
  /** When to anchor again: the worker's configured interval, read at each round. */
  nextInMs: number;
}

export interface AuditAnchoringActivities {
  /**
   * Signs the head of every chain that moved since its latest anchor.
   * Idempotent: a retry, or two rounds at once, anchor each head once.
   */
  anchorAuditChains(): Promise<AnchoringRound>;
}
