import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { loadConfig } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { connectionOptions, ensureSearchAttributes, redactingLogger } from '@app/temporal';
import { PATHWAY_SEARCH_ATTRIBUTES } from '@app/workflows';
import { configuredRuntime } from '../shared/engine-runtime';
import { startWorker } from './worker.bootstrap';

const PREBUILT_BUNDLE = resolve(__dirname, '../../workflow-bundle.js');

/**
 * The worker on its own, against configured PostgreSQL and Temporal (a deployment). Applies the
 * migrations and makes sure the namespace has the pathway search attributes first.
 */
async function main(): Promise<void> {
  // Failures are logged by kind only: their messages may hold health data.
  Runtime.install({ logger: redactingLogger('INFO') });
  const runtime = configuredRuntime(
    loadConfig(),
    existsSync(PREBUILT_BUNDLE) ? PREBUILT_BUNDLE : undefined,
  );
  const dataSource = await createDataSource({ url: runtime.databaseUrl }).initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  const connection = await Connection.connect(await connectionOptions(runtime.temporal));
  try {
    await ensureSearchAttributes(connection, runtime.temporal.namespace, PATHWAY_SEARCH_ATTRIBUTES);
  } finally {
    await connection.close();
  }
  const worker = await startWorker(runtime);
  worker.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
