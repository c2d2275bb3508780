import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/**
 * The benchmark's yardstick: a workflow with the pathway's shape (three
 * updates, four activities) and nothing else — no state machine, no audit, no
 * search attributes, no encryption. What it costs is what Temporal itself costs.
 */
export const bareStepUpdate = defineUpdate<number, [string]>('bareStep');

const { bareRecord } = proxyActivities<{ bareRecord(step: string): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
});

export async function bareWorkflow(): Promise<void> {
  const received: string[] = [];
  setHandler(bareStepUpdate, (step: string) => received.push(step));
  await bareRecord('opened');
  for (let step = 1; step <= 3; step++) {
    await condition(() => received.length >= step);
    await bareRecord(received[step - 1]);
  }
}
