import {
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { type DmpAlertsActivities, lookNowSignal } from './definitions';

const { lookForNewDmpDocuments, deliverDmpAlerts } = proxyActivities<DmpAlertsActivities>({
  // One DMP query per watched patient; the activity heartbeats between them.
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  // No attempt limit: a round that fails (PostgreSQL away) is tried again until it succeeds.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Rounds per run before continuing as new: about fifteen history events each. */
const ROUNDS_PER_RUN = 100;

/** Never sooner than this between two rounds, whatever the activity says. */
const SHORTEST_PAUSE_MS = 1_000;

/**
 * Alerts on new documents in patients' DMPs, for as long as the deployment
 * runs: a look at every watched DMP, the alerts of what is new, then a
 * durable pause (cut short by the `lookNow` signal); continues as new every
 * hundred rounds. Started once per deployment by the workers (fixed id), so a
 * restart or a second worker never skips or doubles a round. What a round
 * could not do (the DMP or the operator unavailable) is done by a later one:
 * documents are kept by uniqueId, not by time window, so none is lost.
 */
export async function dmpAlertsWorkflow(): Promise<void> {
  let lookNow = false;
  setHandler(lookNowSignal, () => {
    lookNow = true;
  });
  for (let round = 1; ; round += 1) {
    lookNow = false;
    const look = await lookForNewDmpDocuments();
    await deliverDmpAlerts();
    await condition(() => lookNow, Math.max(look.nextInMs, SHORTEST_PAUSE_MS));
    if (round >= ROUNDS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof dmpAlertsWorkflow>();
    }
  }
}
