import {
  ActivityFailure,
  continueAsNew,
  proxyActivities,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { MssMailboxActivities } from './definitions';

const { readMailbox, deliverNotifications } = proxyActivities<MssMailboxActivities>({
  startToCloseTimeout: '10 minutes',
  // A few quick attempts, then the round goes on: the next round tries again anyway, and one
  // side failing (IMAP down) must not hold the other (delivery by SMTP) back.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

const ROUNDS_PER_RUN = 200;
const SHORTEST_PAUSE_MS = 500;
/** When a read fails, the pause before the next round (the period is the activity's answer). */
const PAUSE_AFTER_FAILURE_MS = 30_000;

/**
 * The engine's MSSanté mailbox, for as long as the deployment runs: read what
 * arrived, deliver what is due, pause, again. Reading and delivering are
 * independent: either may fail without skipping the other.
 */
export async function mssMailboxWorkflow(): Promise<void> {
  for (let round = 1; ; round += 1) {
    let pause = PAUSE_AFTER_FAILURE_MS;
    try {
      pause = (await readMailbox()).nextInMs;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
    }
    try {
      await deliverNotifications();
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
    }
    await sleep(Math.max(pause, SHORTEST_PAUSE_MS));
    if (round >= ROUNDS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof mssMailboxWorkflow>();
    }
  }
}
