/**
 * `npm run bench`: what the engine adds on top of Temporal itself.
 *
 * On one Temporal dev server and one PostgreSQL, it drives complete pathways
 * (open → bilan initial → end of care → compte-rendu → closed, delays long
 * enough that no timer fires) through the real worker (state machine,
 * encryption, search attributes, audit and read model in PostgreSQL), and a
 * bare workflow of the same shape (three updates, four activities, nothing
 * else). Rounds alternate so both see the same machine; medians are reported.
 * It ends with one machine-readable line per figure.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
} from '@temporalio/worker';
import { freePort, loadConfig } from '@app/config';
import {
  Directory,
  createDataSource,
  createScratchDatabase,
  runMigrations,
} from '@app/persistence';
import { TemporalDevServer, encryptingDataConverter, locateTemporalCli } from '@app/temporal';
import {
  PATHWAY_SEARCH_ATTRIBUTES,
  PATHWAY_WORKFLOW_TYPE,
  PathwayOpening,
  PathwayWorkflow,
  depositDocumentUpdate,
  endCareUpdate,
} from '@app/workflows';
import { sandboxDmpRuntime } from '../apps/shared/dmp-runtime';
import { runWebBench } from './web-dashboard';
import { EngineRuntime, databaseTimeouts } from '../apps/shared/engine-runtime';
import { pathwayStartOptions } from '../apps/shared/pathway-start';
import { startWorker } from '../apps/worker/worker.bootstrap';
import { bareStepUpdate } from './bare.workflow';
import { measureDmpFiling, summarise } from './dmp-filing';
import { measureMssSending } from './mss-send';
import { runReadModelBench } from './read-model';
import { median, percentile, runPool } from './stats';

const PATHWAYS_PER_ROUND = Number(process.env.BENCH_PATHWAYS ?? 150);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LATENCY_PATHWAYS = Number(process.env.BENCH_LATENCY_PATHWAYS ?? 100);
const KEYS = [{ id: 'bench', key: Buffer.alloc(32, 7) }];
const UNUSED_DMP_ENDPOINTS = {
  repositoryUrl: 'https://dmp.invalid/repository',
  registryUrl: 'https://dmp.invalid/registry',
  transactionsUrl: 'https://dmp.invalid/transactions',
  webPortalUrl: 'https://dmp.invalid/web',
};
const actor = { kind: 'user', id: 'bench' } as const;

interface Driver {
  name: string;
  /**
   * Drives one workflow from start to result and reports each update's round
   * trip in ms. With `settle`, each update waits until the workflow is idle (no
   * workflow task, no activity pending), as a practitioner's next step would.
   */
  drive(onUpdate: (ms: number) => void, settle: boolean): Promise<void>;
}

async function idle(handle: WorkflowHandle): Promise<void> {
  for (;;) {
    const { raw } = await handle.describe();
    if (!raw.pendingWorkflowTask && (raw.pendingActivities?.length ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function timed<T>(onUpdate: (ms: number) => void, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  onUpdate(performance.now() - started);
  return result;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  const log = (line: string) => console.log(`[bench] ${line}`);
  const parts = (process.env.BENCH_PARTS ?? 'engine,read-model,web').split(',');
  if (parts.includes('engine')) await engineBench(log);
  // Last, on a database of its own: the coordinators' figures over a million pathways.
  if (parts.includes('read-model')) {
    for (const line of await runReadModelBench(log)) console.log(line);
  }
  // The coordinator's dashboard in Chromium, over a CPTS of 10,000 pathways.
  if (parts.includes('web')) {
    for (const line of await runWebBench(log)) console.log(line);
  }
}

/** The workflow engine against a bare workflow, the DMP filing and MSSanté sending. */
async function engineBench(log: (line: string) => void): Promise<void> {
  // First, with nothing else running: building and serialising one DMP filing of a 5 MB PDF.
  const filing = await measureDmpFiling();
  const filingFigures = summarise(filing);
  log(
    `DMP filing of a ${filing.documentBytes} B PDF: request ${filing.requestBytes} B, ` +
      `median ${filingFigures.median.toFixed(1)} ms, keeps ${filing.retainedCopies.toFixed(2)} copies of the document`,
  );

  // Then MSSanté: messages with the XDM of a 5 MB PDF, composed and sent to the operator sandbox.
  const mss = await measureMssSending(filing.pki);
  log(
    `MSSanté: ${mss.timing.messages} messages with a 5 MB PDF and its XDM in ${mss.timing.seconds.toFixed(1)} s`,
  );

  const cli = await locateTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH, log });
  if (!cli) throw new Error('no Temporal CLI found and no Go toolchain to build one');
  const server = await TemporalDevServer.start({
    cliPath: cli.path,
    port: await freePort(),
    namespace: 'default',
    searchAttributes: PATHWAY_SEARCH_ATTRIBUTES,
  });
  const database = await createScratchDatabase(process.env.DATABASE_URL, 'acces_direct_bench');
  const cleanups: (() => Promise<unknown>)[] = [
    () => database.drop(),
    () => server.stop(),
    () => mss.cleanup(),
  ];
  try {
    const dataSource = await createDataSource({ url: database.url }).initialize();
    cleanups.unshift(() => dataSource.destroy());
    await runMigrations(dataSource);
    const refs = { cptsId: randomUUID(), practitionerId: randomUUID(), patientId: randomUUID() };
    const policy = {
      bilanInitialDueAfter: 'P30D',
      compteRenduDueAfter: 'P30D',
      reminderEvery: 'P7D',
      escalateAfterReminders: 2,
    };
    const directory = new Directory(dataSource);
    await directory.saveCpts([{ id: refs.cptsId, name: 'CPTS bench', ...policy }]);
    await directory.savePractitioners([
      {
        id: refs.practitionerId,
        rpps: '10000000999',
        familyName: 'BENCH',
        givenNames: 'Ortho',
        professionCode: '91',
        cptsId: refs.cptsId,
        mssAddress: null,
      },
    ]);
    await directory.savePatients([
      {
        id: refs.patientId,
        insMatricule: null,
        insOid: null,
        identityStatus: 'PROV',
        birthFamilyName: 'BENCH',
        firstNames: 'TEST',
        usedFamilyName: null,
        birthDate: '2015-01-01',
        sex: 'F',
        birthPlaceCode: null,
      },
    ]);

    // The engine's own worker, as deployed (prebuilt bundle, Nest providers, PostgreSQL).
    const runtime: EngineRuntime = {
      databaseUrl: database.url,
      databaseTimeouts: databaseTimeouts(loadConfig({})),
      temporal: { address: server.address, namespace: 'default', taskQueue: 'bench-pathways' },
      payloadKeys: KEYS,
      api: { ...loadConfig({}).api, port: 0 },
      // Never called: these pathways refuse DMP filing.
      dmp: sandboxDmpRuntime(loadConfig({}).dmp, UNUSED_DMP_ENDPOINTS, filing.pki),
      // No médecin traitant in these pathways: the mailbox is only polled.
      mss: mss.runtime,
      workflowBundlePath: resolve(__dirname, '../workflow-bundle.js'),
    };
    const engineWorker = await startWorker(runtime, false);
    cleanups.unshift(() => engineWorker.close());

    // The bare yardstick, on its own task queue of the same server.
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const bareWorker = await Worker.create({
      connection: nativeConnection,
      taskQueue: 'bench-bare',
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: require.resolve('./bare.workflow'),
        logger: new DefaultLogger('ERROR'),
      }),
      activities: { bareRecord: async () => undefined },
    });
    const bareRun = bareWorker.run();
    cleanups.unshift(async () => {
      bareWorker.shutdown();
      await bareRun;
      await nativeConnection.close();
    });

    const connection = await Connection.connect({ address: server.address });
    cleanups.unshift(() => connection.close());
    const engineClient = new Client({ connection, dataConverter: encryptingDataConverter(KEYS) });
    const bareClient = new Client({ connection });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const document = (kind: 'bilan_initial' | 'compte_rendu') => ({
      documentId: randomUUID(),
      kind,
      title: kind,
      documentDate: today,
      mediaType: 'application/pdf',
      sizeBytes: 2048,
      sha256: 'b'.repeat(64),
    });

    const pathway: Driver = {
      name: 'pathway',
      async drive(onUpdate, settle) {
        const opening: PathwayOpening = {
          pathwayId: randomUUID(),
          ...refs,
          medecinTraitant: { declared: false },
          // The backbone against Temporal itself: no DMP filing here (measured on its own above).
          consentementDmp: 'refused',
          policy,
          openedBy: actor,
        };
        const handle = await engineClient.workflow.start<PathwayWorkflow>(
          PATHWAY_WORKFLOW_TYPE,
          pathwayStartOptions(opening, 'bench-pathways'),
        );
        const steps = [
          () =>
            handle.executeUpdate(depositDocumentUpdate, {
              args: [{ actor, document: document('bilan_initial') }],
            }),
          () => handle.executeUpdate(endCareUpdate, { args: [{ actor, careEndedOn: today }] }),
          () =>
            handle.executeUpdate(depositDocumentUpdate, {
              args: [{ actor, document: document('compte_rendu') }],
            }),
        ];
        for (const step of steps) {
          if (settle) await idle(handle);
          await timed(onUpdate, step);
        }
        await handle.result();
      },
    };
    const bare: Driver = {
      name: 'bare',
      async drive(onUpdate, settle) {
        const handle = await bareClient.workflow.start('bareWorkflow', {
          workflowId: randomUUID(),
          taskQueue: 'bench-bare',
        });
        for (const step of ['bilan', 'end-of-care', 'compte-rendu']) {
          if (settle) await idle(handle);
          await timed(onUpdate, () => handle.executeUpdate(bareStepUpdate, { args: [step] }));
        }
        await handle.result();
      },
    };

    /** Workflows driven to completion per second, `concurrency` at a time. */
    async function throughput(driver: Driver, count: number, concurrency: number): Promise<number> {
      const started = performance.now();
      await runPool(
        Array.from({ length: count }, (_, i) => i),
        concurrency,
        () => driver.drive(() => undefined, false),
      );
      return count / ((performance.now() - started) / 1000);
    }

    log(`warming up (Temporal CLI: ${cli.path})…`);
    await throughput(pathway, 20, CONCURRENCY);
    await throughput(bare, 20, CONCURRENCY);

    // One update's round trip, on an idle workflow with nothing else in flight; engine and bare
    // alternate, so that both see the server in the same state.
    const engineLatency: number[] = [];
    const bareLatency: number[] = [];
    for (let i = 0; i < LATENCY_PATHWAYS; i++) {
      await pathway.drive((ms) => engineLatency.push(ms), true);
      await bare.drive((ms) => bareLatency.push(ms), true);
    }
    log(
      `update round trip, alone (${engineLatency.length} updates each): pathway p50 ${percentile(engineLatency, 50).toFixed(1)} ms, ` +
        `bare p50 ${percentile(bareLatency, 50).toFixed(1)} ms`,
    );

    const rates: Record<string, number[]> = { pathway: [], bare: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const driver of round % 2 ? [bare, pathway] : [pathway, bare]) {
        const perSecond = await throughput(driver, PATHWAYS_PER_ROUND, CONCURRENCY);
        rates[driver.name].push(perSecond);
        log(
          `round ${round}: ${driver.name} ${perSecond.toFixed(1)} workflows/s (${PATHWAYS_PER_ROUND} at ${CONCURRENCY} in flight)`,
        );
      }
    }

    // Both shapes must really be the same: count the activities and updates of one pathway.
    const sample = await engineClient.workflow
      .list({ query: `PathwayStatus = "completed"` })
      [Symbol.asyncIterator]()
      .next();
    if (!sample.done) {
      const history = await engineClient.workflow.getHandle(sample.value.workflowId).fetchHistory();
      const activities = history.events?.filter(
        (e) => e.activityTaskScheduledEventAttributes,
      ).length;
      const updates = history.events?.filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
      ).length;
      log(
        `one pathway: ${activities} activities (4 at most; recordings batch when updates arrive during one), ` +
          `${updates} updates; bare: 4 activities, 3 updates`,
      );
    }

    const pathwaysPerSecond = median(rates.pathway);
    const barePerSecond = median(rates.bare);
    console.log(`pathways_per_s: ${pathwaysPerSecond.toFixed(1)}`);
    console.log(`bare_per_s: ${barePerSecond.toFixed(1)}`);
    console.log(`ratio_vs_bare: ${(pathwaysPerSecond / barePerSecond).toFixed(2)}`);
    console.log(`update_p50_ms: ${percentile(engineLatency, 50).toFixed(1)}`);
    console.log(`update_p99_ms: ${percentile(engineLatency, 99).toFixed(1)}`);
    console.log(`bare_update_p99_ms: ${percentile(bareLatency, 99).toFixed(1)}`);
    console.log(`dmp_filing_5mb_median_ms: ${filingFigures.median.toFixed(1)}`);
    console.log(`dmp_filing_5mb_p99_ms: ${filingFigures.p99.toFixed(1)}`);
    console.log(`dmp_filing_5mb_retained_copies: ${filing.retainedCopies.toFixed(2)}`);
    console.log(`mss_send_per_s: ${mss.timing.perSecond.toFixed(1)}`);
    console.log(`mss_send_cpu_ms_per_msg: ${mss.timing.cpuMsPerMessage.toFixed(0)}`);
  } finally {
    for (const cleanup of cleanups)
      await cleanup().catch((error: Error) => log(`cleanup: ${error.message}`));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
