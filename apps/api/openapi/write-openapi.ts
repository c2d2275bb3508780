import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { ApiModule } from '../api.module';
import type { EngineRuntime } from '../../shared/engine-runtime';
import { openApiDocument } from './openapi-document';

/**
 * Writes the API's OpenAPI document to the file named on the command line,
 * without a database, Temporal or any national service: Nest's preview mode
 * reads the controllers' metadata and instantiates no provider. The web app's
 * client types are generated from this file, so a route or body that changes
 * under a page breaks the web app's type check.
 */
async function main(out: string): Promise<void> {
  const config = loadConfig({});
  // Never connected to: preview mode builds the module graph only.
  const runtime = {
    databaseUrl: 'postgres://openapi.invalid/none',
    api: config.api,
  } as unknown as EngineRuntime;
  const app = await NestFactory.create(ApiModule.forRoot(runtime), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  writeFileSync(out, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
}

const out = process.argv[2];
if (!out) {
  console.error('usage: write-openapi <file.json>');
  process.exit(2);
}
main(out).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
