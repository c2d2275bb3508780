import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { configuredRuntime } from '../shared/engine-runtime';
import { startApi } from './api.bootstrap';

/** The API on its own, against configured PostgreSQL and Temporal (a deployment). */
async function main(): Promise<void> {
  const runtime = configuredRuntime(loadConfig());
  const { app, url } = await startApi(runtime);
  app.enableShutdownHooks();
  new Logger('API').log(`Listening on ${url} (OpenAPI at ${url}/docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
