import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { AuditAnchoringActivities } from './definitions';

const { anchorAuditChains } = proxyActivities<AuditAnchoringActivities>({
  // A first round over a large log reads every chain once; later rounds only what is new.
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  // No attempt limit: a round that fails (PostgreSQL away) is tried again until it succeeds.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Rounds per run before continuing as new: about ten history events each. */
const ROUNDS_PER_RUN = 100;

/** Never sooner than this between two rounds, whatever the activity says. */
const SHORTEST_PAUSE_MS = 1_000;

/**
 * Anchors the audit log's chains at intervals, for as long as the deployment
 * runs: a round (an activity), then a durable timer, again; continues as new
 * every hundred rounds. Started once per deployment by the workers (fixed
 * workflow id), so a restart or a second worker never skips or doubles a round.
 */
export async function auditAnchoringWorkflow(): Promise<void> {
  for (let round = 1; ; round += 1) {
    const { nextInMs } = await anchorAuditChains();
    await sleep(Math.max(nextInMs, SHORTEST_PAUSE_MS));
    if (round >= ROUNDS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof auditAnchoringWorkflow>();
    }
  }
}
