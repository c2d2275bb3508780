import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { ApiModule } from '../api.module';
import type { EngineRuntime } from '../../shared/engine-runtime';
import { openApiDocument } from './openapi-document';
import type { ResponseSchemas } from './response-schemas';
import { RESPONSE_TYPES } from './responses';

/** The repository's root, from the compiled file (dist/apps/api/openapi). */
const ROOT = resolve(__dirname, '../../../..');

/**
 * JSON schemas of the named answers (apps/api/openapi/responses.ts), made from
 * their TypeScript types; `#/definitions/…` references become the document's
 * `#/components/schemas/…`.
 */
function responseSchemas(): ResponseSchemas {
  const generator = createGenerator({
    path: join(ROOT, 'apps/api/openapi/responses.ts'),
    tsconfig: join(ROOT, 'tsconfig.json'),
    // `npm run build` has type-checked these files already.
    skipTypeCheck: true,
    expose: 'export',
    topRef: false,
    jsDoc: 'basic',
  });
  const schemas: Record<string, unknown> = {};
  for (const name of new Set(Object.values(RESPONSE_TYPES))) {
    const { definitions, $schema: _, ...schema } = generator.createSchema(name);
    Object.assign(schemas, definitions, { [name]: schema });
  }
  // Component names are [A-Za-z0-9._-]: a generic's name (`Page<PathwayListItem>`) is spelled so.
  const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');
  let text = JSON.stringify(
    Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [safe(name), schema])),
  );
  for (const name of Object.keys(schemas)) {
    const target = `"#/components/schemas/${safe(name)}"`;
    text = text
      .replaceAll(`"#/definitions/${encodeURIComponent(name)}"`, target)
      .replaceAll(`"#/definitions/${name}"`, target);
  }
  if (text.includes('#/definitions/')) throw new Error('a schema reference was left unresolved');
  return {
    schemas: JSON.parse(text) as Record<string, unknown>,
    operations: { ...RESPONSE_TYPES },
  };
}

/**
 * Writes the API's OpenAPI document to the file named on the command line,
 * without a database, Temporal or any national service: Nest's preview mode
 * reads the controllers' metadata and instantiates no provider; the answers'
 * schemas are generated from their TypeScript types. The web app's
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
  const responses = responseSchemas();
  // Beside the document: the running API describes the same answers at /docs.
  writeFileSync(join(ROOT, 'dist/openapi-responses.json'), `${JSON.stringify(responses)}\n`);
  writeFileSync(
    out,
    `${JSON.stringify(openApiDocument(app, responses, { strict: true }), null, 2)}\n`,
  );
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
