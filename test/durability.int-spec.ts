import { createHash, randomUUID } from 'node:crypto';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { DmpClient, ValueSets } from '@app/dmp';
import {
  AuditLog,
  Directory,
  DocumentStore,
  NotificationStore,
  PathwayReadModel,
  SituationStore,
} from '@app/persistence';
import { encryptingDataConverter } from '@app/temporal';
import {
  PATHWAY_WORKFLOW_TYPE,
  FileInDmpInput,
  PathwayRecording,
  PathwayState,
  PathwayWorkflowInput,
  depositDocumentUpdate,
  endCareUpdate,
  pathwayStateQuery,
} from '@app/workflows';
import { DocumentSubmissions } from '../apps/shared/document-submissions';
import { DmpFilingActivities } from '../apps/worker/dmp-filing.activities';
import { PathwayRecordingActivities } from '../apps/worker/pathway-recording.activities';
import {
  TEST_INS,
  TestReferences,
  dmpSandboxAdmin,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestApi,
  startTestWorker,
  temporalClient,
  testDataSource,
  testRuntime,
  today,
  waitFor,
  loggedInHttp,
} from './support/harness';
import { TEST_PAYLOAD_KEYS, testEnvironment } from './support/test-environment';

const FAST = {
  bilanInitialDueAfter: 'PT2S',
  compteRenduDueAfter: 'PT2S',
  reminderEvery: 'PT2S',
  escalateAfterReminders: 1,
};

/** What PostgreSQL holds for a pathway must be exactly its history: nothing missing, nothing twice. */
async function expectRecordedExactly(dataSource: DataSource, state: PathwayState): Promise<void> {
  const audit = await new AuditLog(dataSource).stream(`pathway:${state.pathwayId}`);
  expect(audit.map((e) => e.streamSeq)).toEqual(state.history.map((h) => h.seq));
  expect(audit.map((e) => e.type)).toEqual(state.history.map((h) => h.event.type));
  expect(await new AuditLog(dataSource).verify(`pathway:${state.pathwayId}`)).toEqual({
    ok: true,
    events: state.history.length,
  });
  const notifications = await new NotificationStore(dataSource).list(
    { pathwayId: state.pathwayId },
    { page: 1, pageSize: 100 },
  );
  const notified = state.history.filter(
    (h) => h.event.type === 'reminder_sent' || h.event.type === 'escalated',
  );
  expect(notifications.items.map((n) => n.id).sort()).toEqual(
    notified.map((h) => `${state.pathwayId}:${h.seq}`).sort(),
  );
  const row = await new PathwayReadModel(dataSource).get(state.pathwayId);
  expect(row).toMatchObject({ status: state.status, step: state.step, lastSeq: state.seq });
}

describe('durability', () => {
  let dataSource: DataSource;
  let refs: TestReferences;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;

  beforeAll(async () => {
    dataSource = await testDataSource();
    temporal = await temporalClient();
  });

  beforeEach(async () => {
    refs = await seedReferences(dataSource, FAST);
  });

  afterAll(async () => {
    await temporal?.close();
    await dataSource?.destroy();
  });

  it('finishes a pathway whose worker stopped in the middle, with no duplicate audit row or notification', async () => {
    const runtime = testRuntime();
    let worker: INestApplicationContext | undefined = await startTestWorker(runtime);
    const api: INestApplication = await startTestApi(runtime);
    const http = await loggedInHttp(api, dataSource);
    try {
      const id = (await http().post('/pathways').send(openingBody(refs)).expect(201)).body
        .id as string;
      await waitFor(
        'the opening to be recorded',
        async () => (await new PathwayReadModel(dataSource).get(id))?.lastSeq === 1,
      );

      // The worker goes away before the bilan is due: its timer keeps running on the server.
      await worker.close();
      worker = undefined;
      const state = await temporal.client.workflow.getHandle(id).describe();
      expect(state.status.name).toBe('RUNNING');
      const dueAt = Date.parse(
        (await new PathwayReadModel(dataSource).get(id))!.bilanInitialDueAt.toISOString(),
      );
      await waitFor(
        'the due date to pass while no worker runs',
        async () => Date.now() > dueAt + 500,
      );
      expect(
        (await new NotificationStore(dataSource).list({ pathwayId: id }, { page: 1, pageSize: 10 }))
          .total,
      ).toBe(0);
      // Without a worker the read model still shows the pathway as late.
      expect((await new PathwayReadModel(dataSource).get(id))?.overdue).toBe(true);

      // A new worker picks the pathway up where it was and the practitioner finishes it.
      worker = await startTestWorker(runtime);
      await waitFor('the late reminder', async () => {
        const n = await new NotificationStore(dataSource).list(
          { pathwayId: id },
          { page: 1, pageSize: 10 },
        );
        return n.total > 0;
      });
      await http()
        .post(`/pathways/${id}/bilan-initial`)
        .attach('file', pdfBytes(), 'b.pdf')
        .field('title', 'Bilan')
        .field('documentDate', today())
        .expect(200);
      await http().post(`/pathways/${id}/end-of-care`).send({}).expect(200);
      await http()
        .post(`/pathways/${id}/compte-rendu`)
        .attach('file', pdfBytes(), 'c.pdf')
        .field('title', 'CR')
        .field('documentDate', today())
        .expect(200);

      const handle = temporal.client.workflow.getHandle(id);
      expect(await handle.result()).toMatchObject({ status: 'completed' });
      await expectRecordedExactly(dataSource, await handle.query(pathwayStateQuery));
    } finally {
      await api.close();
      await worker?.close();
    }
  });

  it('answers honestly while no worker runs', async () => {
    const runtime = testRuntime();
    const api: INestApplication = await startTestApi(runtime);
    const http = await loggedInHttp(api, dataSource);
    let worker: INestApplicationContext | undefined;
    try {
      // Opening is durable without a worker: the pathway runs as soon as one comes.
      const opened = await http().post('/pathways').send(openingBody(refs)).expect(201);
      expect(opened.body).toMatchObject({
        source: 'pending',
        status: 'active',
        step: 'bilan_initial',
        recordedUpTo: 0,
      });
      const id = opened.body.id as string;

      // No worker has ever polled: a change is refused at once and not sent.
      const refused = await http()
        .post(`/pathways/${id}/referrals`)
        .send({ physician: { name: 'Dr ROUX' }, reason: 'avis' })
        .expect(503);
      expect(refused.body.message).toContain('nothing was sent');

      worker = await startTestWorker(runtime);
      await waitFor(
        'the opening to be recorded',
        async () => (await new PathwayReadModel(dataSource).get(id))?.lastSeq === 1,
      );
      const live = await http().get(`/pathways/${id}`).expect(200);
      expect(live.body).toMatchObject({ source: 'workflow', referrals: [] });
      await worker.close();
      worker = undefined;

      // The workflow cannot be queried without a worker: the API rebuilds the pathway from PostgreSQL.
      const fromDatabase = await http().get(`/pathways/${id}`).expect(200);
      expect(fromDatabase.body).toMatchObject({
        source: 'read-model',
        status: 'active',
        step: 'bilan_initial',
        currentDueAt: live.body.currentDueAt,
        history: live.body.history,
      });

      // The worker has just gone: the change is sent, not confirmed in time, and the answer says it may
      // still be applied — which it is, once a worker is back.
      const unconfirmed = await http()
        .post(`/pathways/${id}/abandon`)
        .send({ reason: 'worker gone' })
        .expect(503);
      expect(unconfirmed.body.message).toContain('it may still be applied');
      worker = await startTestWorker(runtime);
      const after = await waitFor('the late abandon', async () => {
        const view = (await http().get(`/pathways/${id}`)).body;
        return view.status === 'abandoned' ? view : undefined;
      });
      expect(after.history.map((h: { event: { type: string } }) => h.event.type)).toEqual([
        'opened',
        'abandoned',
      ]);
    } finally {
      await api.close();
      await worker?.close();
    }
  });

  it('writes nothing twice, and files each document once, when activities are retried after they committed', async () => {
    // Every first attempt does its work for real, then "crashes" before telling Temporal: the retry finds it done.
    const recorder = new PathwayRecordingActivities(
      dataSource,
      new AuditLog(dataSource),
      new NotificationStore(dataSource),
      new PathwayReadModel(dataSource),
    );
    const documentStore = new DocumentStore(dataSource);
    const filer = new DmpFilingActivities(
      new DmpClient({ ...testRuntime().dmp, valueSets: ValueSets.load() }),
      new DocumentSubmissions(
        documentStore,
        new Directory(dataSource),
        new SituationStore(dataSource),
      ),
    );
    let crashes = 0;
    let filingCrashes = 0;
    const taskQueue = `test-${randomUUID()}`;
    const connection = await NativeConnection.connect({
      address: testEnvironment().temporalAddress,
    });
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: { codePath: testEnvironment().workflowBundlePath },
      dataConverter: encryptingDataConverter(TEST_PAYLOAD_KEYS),
      activities: {
        async recordPathwayTransitions(recording: PathwayRecording) {
          await recorder.recordPathwayTransitions(recording);
          if (Context.current().info.attempt === 1) {
            crashes += 1;
            throw ApplicationFailure.retryable('simulated crash after commit');
          }
        },
        async fileInDmp(input: FileInDmpInput) {
          const outcome = await filer.fileInDmp(input);
          if (Context.current().info.attempt === 1) {
            filingCrashes += 1;
            throw ApplicationFailure.retryable('simulated crash after filing');
          }
          return outcome;
        },
      },
    });
    const id = randomUUID();
    const input: PathwayWorkflowInput = {
      opening: {
        pathwayId: id,
        ...refs,
        medecinTraitant: { declared: false },
        consentementDmp: 'given',
        policy: FAST,
        openedBy: { kind: 'user', id: 'test' },
      },
    };
    const actor = { kind: 'user', id: 'test' } as const;
    const document = async (kind: 'bilan_initial' | 'compte_rendu') => {
      const documentId = randomUUID();
      const content = pdfBytes();
      await documentStore.insert(dataSource.manager, {
        id: documentId,
        pathwayId: id,
        kind,
        title: kind,
        documentDate: today(),
        comment: null,
        fileName: `${kind}.pdf`,
        mediaType: 'application/pdf',
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        uploadedBy: 'test',
        hiddenFromPatient: false,
        hiddenFromProfessionals: false,
        hiddenFromLegalRepresentatives: false,
        writtenOnline: false,
        replacesDocumentId: null,
        versionNumber: 1,
      });
      return {
        documentId,
        kind,
        title: kind,
        documentDate: today(),
        mediaType: 'application/pdf',
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
      };
    };
    await worker.runUntil(async () => {
      const handle = await temporal.client.workflow.start(PATHWAY_WORKFLOW_TYPE, {
        workflowId: id,
        taskQueue,
        args: [input],
      });
      // Let it be late once, so that reminders and the escalation are retried too.
      await waitFor(
        'the escalation',
        async () => (await handle.query(pathwayStateQuery)).bilanInitial.escalatedAt,
      );
      await handle.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: await document('bilan_initial') }],
      });
      await handle.executeUpdate(endCareUpdate, { args: [{ actor, careEndedOn: today() }] });
      await handle.executeUpdate(depositDocumentUpdate, {
        args: [{ actor, document: await document('compte_rendu') }],
      });
      await handle.result();
      const state = await handle.query(pathwayStateQuery);
      // Opening, reminder and escalation each crashed once, then at least one recording of the updates.
      expect(crashes).toBeGreaterThanOrEqual(4);
      await expectRecordedExactly(dataSource, state);
      // Each filing crashed once after the DMP had the document: the retry found it there.
      expect(filingCrashes).toBe(2);
      const filed = [
        state.sharing?.bilan_initial?.dmpUniqueId,
        state.sharing?.compte_rendu?.dmpUniqueId,
      ];
      const admin = await dmpSandboxAdmin();
      try {
        const inDmp = (await admin.documents(TEST_INS)).filter((d) => filed.includes(d.uniqueId));
        expect(inDmp).toHaveLength(2);
      } finally {
        await admin.close();
      }
    });
    await connection.close();
  });

  it('keeps the read model at the newest state when an older recording arrives late', async () => {
    const runtime = testRuntime();
    const worker = await startTestWorker(runtime);
    const api = await startTestApi(runtime);
    try {
      const http = await loggedInHttp(api, dataSource);
      const id = (await http().post('/pathways').send(openingBody(refs)).expect(201)).body
        .id as string;
      await http().post(`/pathways/${id}/abandon`).send({ reason: 'test' }).expect(200);
      const readModel = new PathwayReadModel(dataSource);
      await waitFor(
        'the abandon to be recorded',
        async () => (await readModel.get(id))?.status === 'abandoned',
      );
      const state = await temporal.client.workflow.getHandle(id).query(pathwayStateQuery);
      // Replay the first recording, as a retried activity would deliver it: the row must not go back.
      const recorder = worker.get(PathwayRecordingActivities);
      const firstSnapshot = {
        sharing: {},
        mssDispatches: [],
        ...state,
        status: 'active' as const,
        step: 'bilan_initial' as const,
        lastSeq: 1,
        referralCount: 0,
      };
      await recorder.recordPathwayTransitions({
        entries: state.history.slice(0, 1),
        snapshot: firstSnapshot,
      });
      expect(await readModel.get(id)).toMatchObject({ status: 'abandoned', lastSeq: 2 });
      await expectRecordedExactly(dataSource, state);
    } finally {
      await api.close();
      await worker.close();
    }
  });
});
