import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { freePort } from '@app/config';
import { DmpSandbox, ValueSets } from '@app/dmp';
import { pathwayStateQuery } from '@app/workflows';
import {
  TEST_INS,
  dmpSandboxAdmin,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestApi,
  startTestWorker,
  temporalClient,
  testDataSource,
  testPki,
  testRuntime,
  today,
  waitFor,
  loggedInHttp,
  throughOutage,
} from './support/harness';
import { testEnvironment } from './support/test-environment';

const OUTAGE_MS = 60_000;

/**
 * The DMP goes away for a minute while a bilan is being filed: the pathway
 * waits, retries with backoff, and files the document once the DMP is back,
 * once. Nothing is lost, nothing is sent twice.
 */
describe('DMP outage during filing', () => {
  let dataSource: DataSource;
  let sandbox: DmpSandbox | undefined;
  let worker: INestApplicationContext;
  let api: INestApplication;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let port: number;

  const startSandbox = async () =>
    DmpSandbox.start({
      port,
      serverTls: testPki().server,
      trustedCaPem: testPki().caPem,
      databaseUrl: testEnvironment().databaseUrl,
      valueSets: ValueSets.load(),
    });

  beforeAll(async () => {
    dataSource = await testDataSource();
    temporal = await temporalClient();
    port = await freePort();
    sandbox = await startSandbox();
    const runtime = {
      ...testRuntime(),
      dmp: { ...testRuntime().dmp, endpoints: sandbox.endpoints },
    };
    worker = await startTestWorker(runtime);
    api = await startTestApi(runtime);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await sandbox?.stop();
    await temporal?.close();
    await dataSource?.destroy();
  });

  it('delays the filing while the DMP is down, and files the document once when it is back', async () => {
    const http = await loggedInHttp(api, dataSource);
    const refs = await seedReferences(dataSource);
    const id = (await http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;

    await sandbox?.stop();
    const downSince = Date.now();
    await http()
      .post(`/pathways/${id}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', 'Bilan déposé pendant la panne')
      .field('documentDate', today())
      .expect(200);

    // For a minute the filing keeps being attempted, and the document stays to file.
    const handle = temporal.client.workflow.getHandle(id);
    const pending = await throughOutage(
      handle,
      'fileInDmp',
      { downSince, outageMs: OUTAGE_MS },
      (state) => expect(state.sharing?.bilan_initial?.status).toBe('to_file'),
    );
    expect(pending?.attempt).toBeGreaterThanOrEqual(3);
    expect(pending?.lastFailure?.message).toMatch(/unavailable|ECONNREFUSED|connect/i);

    sandbox = await startSandbox();
    const filed = await waitFor(
      'the filing after the outage',
      async () => {
        const state = await handle.query(pathwayStateQuery);
        return state.sharing?.bilan_initial?.status === 'filed' ? state : undefined;
      },
      180_000,
    );
    const admin = await dmpSandboxAdmin();
    try {
      const inDmp = (await admin.documents(TEST_INS)).filter(
        (d) => d.uniqueId === filed.sharing?.bilan_initial?.dmpUniqueId,
      );
      expect(inDmp).toHaveLength(1);
      expect(inDmp[0].title).toBe('Bilan déposé pendant la panne');
    } finally {
      await admin.close();
    }
    // The outage left no trace in the pathway's history but a later filing time.
    expect(filed.history.filter((h) => h.event.type === 'dmp_filed')).toHaveLength(1);
    expect(filed.history.some((h) => h.event.type === 'dmp_action_required')).toBe(false);
  });
});
