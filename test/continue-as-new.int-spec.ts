import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/persistence';
import {
  PATHWAY_WORKFLOW_TYPE,
  PathwayWorkflowInput,
  depositDocumentUpdate,
  endCareUpdate,
  pathwayStateQuery,
} from '@app/workflows';
import {
  seedReferences,
  startTestWorker,
  temporalClient,
  testDataSource,
  testRuntime,
  today,
  waitFor,
} from './support/harness';

/**
 * A pathway late for a long time keeps sending reminders; its history must not
 * grow without bound. Here the run is continued as new every 40 events (the
 * default is 2 000), and the pathway carries on as if nothing happened.
 */
describe('continue-as-new', () => {
  let dataSource: DataSource;
  let worker: INestApplicationContext;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  const runtime = testRuntime();

  beforeAll(async () => {
    dataSource = await testDataSource();
    worker = await startTestWorker(runtime);
    temporal = await temporalClient();
  });

  afterAll(async () => {
    await worker?.close();
    await temporal?.close();
    await dataSource?.destroy();
  });

  it('keeps state, history and recording across runs, and finishes the pathway', async () => {
    const policy = {
      bilanInitialDueAfter: 'PT1S',
      compteRenduDueAfter: 'P30D',
      reminderEvery: 'PT1S',
      escalateAfterReminders: 3,
    };
    const refs = await seedReferences(dataSource, policy);
    const id = randomUUID();
    const input: PathwayWorkflowInput = {
      opening: {
        pathwayId: id,
        ...refs,
        medecinTraitant: { declared: false },
        consentementDmp: 'not_asked',
        policy,
        openedBy: { kind: 'user', id: 'test' },
      },
      limits: { maxHistoryEvents: 40 },
    };
    const first = await temporal.client.workflow.start(PATHWAY_WORKFLOW_TYPE, {
      workflowId: id,
      taskQueue: runtime.temporal.taskQueue,
      args: [input],
    });
    const handle = temporal.client.workflow.getHandle(id);

    // Three reminders fill the first run; the escalation that follows them comes in the second.
    const state = await waitFor('a second run and the escalation', async () => {
      const s = await handle.query(pathwayStateQuery);
      return s.run >= 2 && s.bilanInitial.escalatedAt ? s : undefined;
    });
    const description = await handle.describe();
    expect(description.runId).not.toBe(first.firstExecutionRunId);
    // The new run goes on where the last one stopped.
    expect(state.history.map((h) => h.seq)).toEqual(state.history.map((_, i) => i + 1));
    const ladder = state.history.map((h) => h.event.type).filter((t) => t !== 'opened');
    expect(ladder.slice(0, 4)).toEqual([
      'reminder_sent',
      'reminder_sent',
      'reminder_sent',
      'escalated',
    ]);
    expect(
      (await temporal.client.workflow.getHandle(id, first.firstExecutionRunId).describe()).status
        .name,
    ).toBe('CONTINUED_AS_NEW');

    const actor = { kind: 'user', id: 'test' } as const;
    await handle.executeUpdate(depositDocumentUpdate, {
      args: [
        {
          actor,
          document: {
            documentId: randomUUID(),
            kind: 'bilan_initial',
            title: 'Bilan',
            documentDate: today(),
            mediaType: 'text/plain',
            sizeBytes: 4,
            sha256: '1'.repeat(64),
          },
        },
      ],
    });
    await handle.executeUpdate(endCareUpdate, { args: [{ actor, careEndedOn: today() }] });
    const final = await handle.query(pathwayStateQuery);
    expect(final.step).toBe('compte_rendu');

    // Every entry of every run is in the audit log once, in order, with an unbroken chain.
    const audit = new AuditLog(dataSource);
    await waitFor(
      'the audit log to catch up',
      async () => (await audit.stream(`pathway:${id}`)).length === final.history.length,
    );
    expect((await audit.stream(`pathway:${id}`)).map((e) => e.streamSeq)).toEqual(
      final.history.map((h) => h.seq),
    );
    expect(await audit.verify(`pathway:${id}`)).toEqual({ ok: true, events: final.history.length });
    await handle.terminate('end of test');
  });
});
