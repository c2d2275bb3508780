import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { INestApplication, INestApplicationContext, NestApplicationOptions } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { DmpSandbox, ValueSets } from '@app/dmp';
import { InsiSandbox } from '@app/insi';
import { type MssOperatorSandbox, ensureDovecot } from '@app/mss';
import { TestPki, ensureTestPki } from '@app/pki';
import { PscSandbox } from '@app/psc';
import {
  AuditAnchorKey,
  EngineConfig,
  PayloadKey,
  parseAuditAnchorKeys,
  parsePayloadKeys,
} from '@app/config';
import {
  CoordinatorStore,
  Directory,
  SituationStore,
  createDataSource,
  localSecret,
  runMigrations,
  startEmbeddedPostgres,
} from '@app/persistence';
import {
  TemporalDevServer,
  connectionOptions,
  ensureSearchAttributes,
  locateTemporalCli,
  userCacheDir,
} from '@app/temporal';
import { StartupError, assertPortsFree, portInUseFailure } from '@app/toolchain';
import { PATHWAY_SEARCH_ATTRIBUTES } from '@app/workflows';
import { startApi } from '../api/api.bootstrap';
import { DmpRuntime, configuredDmpRuntime, sandboxDmpRuntime } from '../shared/dmp-runtime';
import { EngineRuntime, databaseTimeouts, temporalTarget } from '../shared/engine-runtime';
import { configuredInsiRuntime, sandboxInsiRuntime } from '../shared/insi-runtime';
import { MssRuntime, configuredMssRuntime } from '../shared/mss-runtime';
import { SANDBOX_ENGINE_ADDRESS, startMssSandboxes } from '../shared/mss-sandboxes';
import { PscRuntime, configuredPscRuntime, sandboxPscRuntime } from '../shared/psc-runtime';
import { startWorker } from '../worker/worker.bootstrap';
import { DEMO_MSS_MAILBOXES, seedDemoData, seedDemoDmp } from './demo-data';
import { localPorts } from './local-ports';

export interface LocalStackOptions {
  seedDemoData: boolean;
  log: (line: string) => void;
  nestLogger?: NestApplicationOptions['logger'];
}

export interface LocalStack {
  runtime: EngineRuntime;
  apiUrl: string;
  temporalUiUrl?: string;
  /** The local DMP sandbox, when no DMP endpoint is configured. */
  dmpSandboxUrl?: string;
  /** The same sandbox, for the demo and the page tests (another author adds a document). */
  dmpSandbox?: DmpSandbox;
  /** The local MSSanté operator and directory, when no operator is configured. */
  mssSandbox?: {
    smtp: string;
    imap: string;
    maildirs: string;
    directoryUrl: string;
    engineAddress: string;
    /** The operator itself, for the demo and the page tests (a patient answers). */
    operator: MssOperatorSandbox;
  };
  /** The local Pro Santé Connect, when no PSC issuer is configured. */
  pscSandbox?: { issuer: string; loginUrl: string };
  /** The INSi sandbox's endpoint, when it runs. */
  insiSandboxUrl?: string;
  /**
   * What was started here rather than configured, for the start-up banner: where the
   * embedded PostgreSQL keeps its data, where the Temporal dev server came from.
   */
  embedded: { postgres: string | false; temporal: string | false };
  stop(): Promise<void>;
}

/** The prebuilt workflow bundle of `npm run build`, when this runs from dist. */
const PREBUILT_BUNDLE = resolve(__dirname, '../../workflow-bundle.js');

/**
 * Everything `npm start` runs, in order: PostgreSQL (configured or embedded) and
 * its migrations, Temporal (configured, or the CLI dev server with a SQLite file
 * under the data folder), demo data, the worker, the API. `stop()` undoes it in
 * reverse order; each step that fails undoes the ones before it. A failure
 * whose cause is known is a StartupError: one sentence saying what to do.
 */
export async function startLocalStack(
  config: EngineConfig,
  options: LocalStackOptions,
): Promise<LocalStack> {
  const { log } = options;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (let step = stops.pop(); step; step = stops.pop()) {
      await step().catch((error: Error) => log(`while stopping: ${error.message}`));
    }
  };
  const ports = localPorts(config);
  try {
    // Before anything starts: a port in use is named with its variable, not found minutes later.
    await assertPortsFree(ports);
    const logsDir = join(config.dataDir, 'logs');
    await mkdir(logsDir, { recursive: true });

    // ---- PostgreSQL
    let databaseUrl = config.database.url;
    let postgresData: string | false = false;
    if (!databaseUrl) {
      log(`Starting embedded PostgreSQL on 127.0.0.1:${config.database.embeddedPort}…`);
      const pgLog = createWriteStream(join(logsDir, 'postgres.log'), { flags: 'a' });
      const postgres = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.database.embeddedPort,
        log: (line) => pgLog.write(`${line}\n`),
      });
      stops.push(async () => {
        await postgres.stop();
        pgLog.end();
      });
      databaseUrl = postgres.url;
      const link = join(config.dataDir, 'postgres');
      postgresData = postgres.clusterDir === link ? link : `${link} → ${postgres.clusterDir}`;
    }
    const dataSource = await createDataSource({
      url: databaseUrl,
      applicationName: 'acces-direct-launcher',
    }).initialize();
    try {
      const applied = await runMigrations(dataSource);
      if (applied.length > 0) log(`Migrations applied: ${applied.join(', ')}`);
      if (options.seedDemoData) {
        await seedDemoData(
          new Directory(dataSource),
          new SituationStore(dataSource),
          new CoordinatorStore(dataSource),
        );
      }
    } finally {
      await dataSource.destroy();
    }

    // ---- Temporal
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | undefined;
    let embeddedTemporal: string | false = false;
    if (temporalAddress) {
      const connection = await Connection.connect(
        await connectionOptions(temporalTarget(config, temporalAddress)),
      );
      try {
        await ensureSearchAttributes(
          connection,
          config.temporal.namespace,
          PATHWAY_SEARCH_ATTRIBUTES,
        );
      } finally {
        await connection.close();
      }
    } else {
      const server = await startEmbeddedTemporal(config, logsDir, log);
      stops.push(() => server.stop());
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
      embeddedTemporal = server.source;
    }

    // One test PKI for the sandboxes (DMP, MSSanté operator), made on first use.
    let testPki: TestPki | undefined;
    const pkiOf = async () =>
      (testPki ??= ensureTestPki(join(config.dataDir, 'pki'), {
        password: await localSecret(join(config.dataDir, 'secrets', 'pki-password')),
      }));

    // ---- DMP
    let dmp: DmpRuntime;
    let dmpSandboxUrl: string | undefined;
    let dmpSandbox: DmpSandbox | undefined;
    if (config.dmp.endpoints) {
      dmp = configuredDmpRuntime(config.dmp);
    } else {
      const pki = await pkiOf();
      log(
        `Starting the DMP sandbox on 127.0.0.1:${config.dmp.sandboxPort} (test PKI in ${config.dataDir}/pki)…`,
      );
      const sandbox = await DmpSandbox.start({
        port: config.dmp.sandboxPort,
        serverTls: pki.server,
        trustedCaPem: pki.caPem,
        databaseUrl,
        valueSets: ValueSets.load(),
        authorizationMaxAgeMonths: config.dmp.authorizationMaxAgeMonths,
      });
      stops.push(() => sandbox.stop());
      if (options.seedDemoData) await seedDemoDmp(sandbox);
      dmp = sandboxDmpRuntime(config.dmp, sandbox.endpoints, pki);
      dmpSandboxUrl = sandbox.baseUrl;
      dmpSandbox = sandbox;
    }

    // ---- MSSanté operator and Annuaire Santé
    let mss: MssRuntime;
    let mssSandbox: LocalStack['mssSandbox'];
    if (config.mss.operator) {
      mss = configuredMssRuntime(config.mss);
    } else {
      await ensureDovecot({ log }).catch((error: Error) => {
        throw new StartupError(
          `The MSSanté operator sandbox needs Dovecot, which could not be found or installed (${gist(error)}): install dovecot-imapd (or set MSS_SANDBOX_DOVECOT to a dovecot binary), or configure an MSSanté operator (MSS_SMTP_URL, MSS_IMAP_URL…).`,
          { cause: error },
        );
      });
      log(
        `Starting the MSSanté operator sandbox (SMTP 127.0.0.1:${config.mss.sandbox.smtpPort}, IMAP 127.0.0.1:${config.mss.sandbox.imapPort}) and the Annuaire Santé sandbox…`,
      );
      const sandboxes = await startMssSandboxes({
        dataDir: config.dataDir,
        pki: await pkiOf(),
        config: config.mss,
        mailboxes: DEMO_MSS_MAILBOXES.map((m) => ({ ...m })),
      });
      stops.push(() => sandboxes.stop());
      mss = sandboxes.runtime;
      mssSandbox = {
        smtp: `${sandboxes.operator.smtp.host}:${sandboxes.operator.smtp.port}`,
        imap: `${sandboxes.operator.imap.host}:${sandboxes.operator.imap.port}`,
        maildirs: join(config.dataDir, 'mss-operator'),
        directoryUrl: sandboxes.directory.baseUrl,
        engineAddress: SANDBOX_ENGINE_ADDRESS,
        operator: sandboxes.operator,
      };
    }

    // ---- Pro Santé Connect
    let psc: PscRuntime | undefined = configuredPscRuntime(config.psc);
    let pscSandbox: LocalStack['pscSandbox'];
    if (!config.psc.issuer) {
      // Plain http on loopback: a browser would not trust the test PKI's CA.
      const apiUrl = config.psc.publicUrl ?? `http://127.0.0.1:${config.api.port}`;
      const clientSecret = await localSecret(join(config.dataDir, 'secrets', 'psc-client-secret'));
      const sandbox = await PscSandbox.start({
        port: config.psc.sandboxPort,
        clients: [
          {
            clientId: config.psc.clientId,
            clientSecret,
            redirectUris: [`${apiUrl}/auth/callback`],
            postLogoutRedirectUris: [`${apiUrl}/`],
          },
        ],
      });
      stops.push(() => sandbox.stop());
      psc = sandboxPscRuntime(config.psc, { issuer: sandbox.issuer, clientSecret }, apiUrl);
      pscSandbox = { issuer: sandbox.issuer, loginUrl: `${apiUrl}/auth/login` };
      log(`Pro Santé Connect sandbox at ${sandbox.issuer}`);
    }

    // ---- INSi
    let insi = configuredInsiRuntime(config.insi);
    let insiSandboxUrl: string | undefined;
    if (!config.insi.endpoint) {
      const pki = await pkiOf();
      const sandbox = await InsiSandbox.start({
        port: config.insi.sandboxPort,
        serverTls: pki.server,
        trustedCaPem: pki.caPem,
      });
      stops.push(() => sandbox.stop());
      insi = sandboxInsiRuntime(
        pki,
        sandbox.url,
        // This installation's LPS/Instance: a UUID kept across restarts.
        await localSecret(join(config.dataDir, 'secrets', 'insi-instance-id'), () => randomUUID()),
      );
      insiSandboxUrl = sandbox.url;
      log(`INSi sandbox at ${sandbox.url}`);
    }

    const runtime: EngineRuntime = {
      ...(psc ? { psc } : {}),
      ...(insi ? { insi } : {}),
      databaseUrl,
      databaseTimeouts: databaseTimeouts(config),
      temporal: temporalTarget(config, temporalAddress),
      payloadKeys: config.security.payloadKeys ?? (await localPayloadKeys(config.dataDir)),
      audit: {
        anchorKeys: config.audit.anchorKeys ?? (await localAuditAnchorKeys(config.dataDir)),
        anchorEveryMs: config.audit.anchorEveryMs,
      },
      dmpAlerts: { everyMs: config.dmp.alertsEveryMs },
      api: config.api,
      dmp,
      mss,
      workflowBundlePath: existsSync(PREBUILT_BUNDLE) ? PREBUILT_BUNDLE : undefined,
    };

    // ---- worker and API
    const worker: INestApplicationContext = await startWorker(runtime, options.nestLogger);
    stops.push(() => worker.close());
    const api: { app: INestApplication; url: string } = await startApi(runtime, options.nestLogger);
    stops.push(() => api.app.close());

    return {
      runtime,
      apiUrl: api.url,
      temporalUiUrl,
      dmpSandboxUrl,
      ...(dmpSandbox ? { dmpSandbox } : {}),
      mssSandbox,
      pscSandbox,
      insiSandboxUrl,
      embedded: { postgres: postgresData, temporal: embeddedTemporal },
      stop,
    };
  } catch (error) {
    await stop();
    // A server of this process (the API, a sandbox) lost its port after the check.
    throw portInUseFailure(error, ports) ?? error;
  }
}

interface EmbeddedTemporal {
  address: string;
  uiUrl?: string;
  source: string;
  stop(): Promise<void>;
}

async function startEmbeddedTemporal(
  config: EngineConfig,
  logsDir: string,
  log: (line: string) => void,
): Promise<EmbeddedTemporal> {
  const dbFile = join(config.dataDir, 'temporal', 'temporal.sqlite');
  const cli = await locateTemporalCli({ configuredPath: config.temporal.cliPath, log });
  if (cli) {
    log(
      `Starting the Temporal dev server (${cli.path}) on 127.0.0.1:${config.temporal.devServerPort}…`,
    );
    const temporalLogFile = join(logsDir, 'temporal.log');
    const temporalLog = createWriteStream(temporalLogFile, { flags: 'a' });
    const server = await TemporalDevServer.start({
      cliPath: cli.path,
      dbFile,
      port: config.temporal.devServerPort,
      uiPort: config.temporal.devServerUiPort,
      namespace: config.temporal.namespace,
      searchAttributes: PATHWAY_SEARCH_ATTRIBUTES,
      log: (line) => temporalLog.write(`${line}\n`),
    }).catch((error: Error) => {
      temporalLog.end();
      throw new StartupError(
        `The Temporal dev server (${cli.path}) did not start (${gist(error)}): see ${temporalLogFile}, or set TEMPORAL_ADDRESS to a running Temporal server.`,
        { cause: error },
      );
    });
    return {
      address: server.address,
      uiUrl: server.uiUrl,
      source: `CLI, ${cli.source}`,
      stop: async () => {
        await server.stop();
        temporalLog.end();
      },
    };
  }
  // Last resort, for machines with internet but neither a CLI nor Go: the SDK downloads one.
  log('No Temporal CLI and no Go toolchain: letting the Temporal SDK download the dev server…');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download', downloadDir: userCacheDir() },
      dbFilename: dbFile,
      ip: '127.0.0.1',
      port: config.temporal.devServerPort,
      ui: true,
      uiPort: config.temporal.devServerUiPort,
      namespace: config.temporal.namespace,
      searchAttributes: [...PATHWAY_SEARCH_ATTRIBUTES],
    },
  }).catch((error: Error) => {
    throw new StartupError(
      `No Temporal CLI was found, there is no Go to build one, and the Temporal SDK could not download the dev server (${gist(error)}): install Go (https://go.dev/dl/), put a temporal binary on the PATH or set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to a running Temporal server.`,
      { cause: error },
    );
  });
  return {
    address: env.address,
    uiUrl: `http://127.0.0.1:${config.temporal.devServerUiPort}`,
    source: 'SDK download',
    stop: () => env.teardown(),
  };
}

/** An error's first line and, for a multi-line one (a program's output), its last. */
function gist(error: Error): string {
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.length > 1 ? `${lines[0]}: ${lines.at(-1)}` : (lines[0] ?? error.name);
}

/** A payload key generated on first start and kept under the data folder (local use only). */
async function localPayloadKeys(dataDir: string): Promise<PayloadKey[]> {
  const raw = await localSecret(
    join(dataDir, 'secrets', 'payload-encryption-keys'),
    () => `local:${randomBytes(32).toString('base64')}`,
  );
  const problems: string[] = [];
  const keys = parsePayloadKeys(raw, problems);
  if (!keys) throw new Error(`${dataDir}/secrets/payload-encryption-keys: ${problems.join('; ')}`);
  return keys;
}

/**
 * The audit anchors' HMAC key, generated on first start and kept under the data folder
 * beside the database's password (local use only: a deployment keeps it away from the database).
 */
async function localAuditAnchorKeys(dataDir: string): Promise<AuditAnchorKey[]> {
  const raw = await localSecret(
    join(dataDir, 'secrets', 'audit-anchor-key'),
    () => `local:${randomBytes(32).toString('base64')}`,
  );
  const problems: string[] = [];
  const keys = parseAuditAnchorKeys(raw, problems);
  if (!keys) throw new Error(`${dataDir}/secrets/audit-anchor-key: ${problems.join('; ')}`);
  return keys;
}
