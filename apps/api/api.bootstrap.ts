import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { EngineRuntime } from '../shared/engine-runtime';
import { ApiModule } from './api.module';
import { ProblemFilter } from './common/problem.filter';
import { validationPipe } from './common/validation';

/** Builds the HTTP API (not yet listening): validation, error answers and OpenAPI at /docs. */
export async function createApi(
  runtime: EngineRuntime,
  logger?: NestApplicationOptions['logger'],
): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forRoot(runtime), { logger: logger ?? undefined });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  const openApi = new DocumentBuilder()
    .setTitle('Accès direct — pathway engine')
    .setDescription(
      'Accès-direct orthophonie pathways: bilan initial, care, compte-rendu, with reminders and escalation. ' +
        'Log in through Pro Santé Connect at /auth/login: every route but /health and /auth needs the session it opens.',
    )
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
  return app;
}

/** Starts the API on the configured loopback address; returns its base URL. */
export async function startApi(
  runtime: EngineRuntime,
  logger?: NestApplicationOptions['logger'],
): Promise<{ app: INestApplication; url: string }> {
  const app = await createApi(runtime, logger);
  await app.listen(runtime.api.port, runtime.api.host);
  const url = `http://${runtime.api.host.includes(':') ? `[${runtime.api.host}]` : runtime.api.host}:${runtime.api.port}`;
  return { app, url };
}
