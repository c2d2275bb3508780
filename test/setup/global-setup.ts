// The global set-up runs outside jest's module registry, where tsconfig paths are not mapped.
import 'tsconfig-paths/register';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  ScratchDatabase,
  createDataSource,
  createScratchDatabase,
  runMigrations,
} from '@app/persistence';
import { DmpSandbox, ValueSets } from '@app/dmp';
import { InsiSandbox } from '@app/insi';
import { ensureTestPki } from '@app/pki';
import { bundleWorkflows, locateTemporalCli } from '@app/temporal';
import { PATHWAY_SEARCH_ATTRIBUTES } from '@app/workflows';
import { ensureDovecot } from '@app/mss';
import { loadConfig } from '@app/config';
import { MssSandboxes, startMssSandboxes } from '../../apps/shared/mss-sandboxes';
import { publishTestEnvironment } from '../support/test-environment';

export interface GlobalTestState {
  temporal: TestWorkflowEnvironment;
  database: ScratchDatabase;
  dmpSandbox: DmpSandbox;
  mssSandboxes: MssSandboxes;
  insiSandbox: InsiSandbox;
}

declare global {
  var accesDirectTestState: GlobalTestState | undefined;
}

/**
 * Starts, once for the whole integration run: a real Temporal dev server (the
 * CLI binary, found or built; the SDK's download only as a last resort), a
 * fresh PostgreSQL database with the migrations applied, and the workflow
 * bundle that every test worker loads.
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[test setup] ${line}\n`);
  await ensureDovecot({ log }); // IMAP server of the MSSanté operator sandbox (apt-get as root)
  const cli = await locateTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH, log });
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli ? { type: 'existing-path', path: cli.path } : undefined,
      ip: '127.0.0.1',
      namespace: 'default',
      searchAttributes: [...PATHWAY_SEARCH_ATTRIBUTES],
      log: { format: 'pretty', level: 'error' },
    },
  });

  // A fresh database: on DATABASE_URL's server when set (CI uses the machine's PostgreSQL), embedded otherwise.
  const database = await createScratchDatabase(process.env.DATABASE_URL, 'acces_direct_test');
  const dataSource = await createDataSource({ url: database.url }).initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }

  const bundleDir = await mkdtemp(join(tmpdir(), 'acces-direct-test-bundle-'));
  const workflowBundlePath = join(bundleDir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, (await bundleWorkflows()).code);

  // The DMP sandbox, over mutual TLS with a test PKI, storing in the test database.
  const pkiDir = join(bundleDir, 'pki');
  const pkiPassword = 'acces-direct-tests';
  const pki = ensureTestPki(pkiDir, { password: pkiPassword });
  const dmpSandbox = await DmpSandbox.start({
    port: 0,
    serverTls: pki.server,
    trustedCaPem: pki.caPem,
    databaseUrl: database.url,
    valueSets: ValueSets.load(),
  });

  // The MSSanté operator and Annuaire Santé sandboxes every test worker sends through.
  const mssSandboxes = await startMssSandboxes({
    dataDir: bundleDir,
    pki,
    config: loadConfig({}).mss,
    ports: { smtp: 0, imap: 0, directory: 0 },
  });

  // The INSi sandbox, over mutual TLS with the same PKI (the client's INSI-AUTO certificate from it).
  const insiSandbox = await InsiSandbox.start({
    port: 0,
    serverTls: pki.server,
    trustedCaPem: pki.caPem,
  });

  globalThis.accesDirectTestState = { temporal, database, dmpSandbox, mssSandboxes, insiSandbox };
  publishTestEnvironment({
    temporalAddress: temporal.address,
    databaseUrl: database.url,
    workflowBundlePath,
    dmpEndpoints: JSON.stringify(dmpSandbox.endpoints),
    pkiDir,
    pkiPassword,
    insiUrl: insiSandbox.url,
    temporalCliPath: cli?.path ?? '',
    mssSandbox: JSON.stringify({
      smtp: mssSandboxes.operator.smtp,
      imap: mssSandboxes.operator.imap,
      imapPassword: mssSandboxes.runtime.client.mailbox.password,
      directoryUrl: mssSandboxes.directory.baseUrl,
      maildirs: join(bundleDir, 'mss-operator'),
    }),
  });
}
