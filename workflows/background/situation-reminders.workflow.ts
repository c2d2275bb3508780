import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { SituationRemindersActivities } from './definitions';

const { remindSituations } = proxyActivities<SituationRemindersActivities>({
  startToCloseTimeout: '30 minutes',
  // No attempt limit: a round that fails (PostgreSQL away) is tried again until it succeeds.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const ROUNDS_PER_RUN = 100;

/**
 * Reminders of situations of exercise coming to their end, once a round
 * (hourly: a reminder is about days, not minutes), for as long as the
 * deployment runs. Each reminder is once per declared period (PostgreSQL),
 * and the round once per deployment (this workflow's fixed id).
 */
export async function situationRemindersWorkflow(): Promise<void> {
  for (let round = 1; ; round += 1) {
    const { nextInMs } = await remindSituations();
    await sleep(nextInMs);
    if (round >= ROUNDS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof situationRemindersWorkflow>();
    }
  }
}
