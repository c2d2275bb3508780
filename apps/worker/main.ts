import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { configuredRuntime } from '../shared/engine-runtime';
import { startWorker } from './worker.bootstrap';

const PREBUILT_BUNDLE = resolve(__dirname, '../../workflow-bundle.js');

/** The worker on its own, against configured PostgreSQL and Temporal (a deployment). Runs migrations first. */
async function main(): Promise<void> {
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
  const worker = await startWorker(runtime);
  worker.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
