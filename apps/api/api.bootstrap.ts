import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { EngineRuntime } from '../shared/engine-runtime';
import { ApiModule } from './api.module';
import { openApiDocument } from './openapi/openapi-document';
import { ProblemFilter } from './common/problem.filter';
import { validationPipe } from './common/validation';
import { apiOrigins, refuseCrossSiteRequests } from './security/cross-site-requests';
import { securityHeaders } from './security/security-headers';
import { RefuseUnexpectedBody } from './security/unexpected-body';
import { webApp } from './web/web-app';

/**
 * JSON bodies of this API are small (files come as multipart); the largest is a
 * document written online (MAX_WRITTEN_DOCUMENT_LENGTH characters, four bytes
 * each at worst, with its fields). Larger is a 413.
 */
const JSON_BODY_LIMIT = '256kb';

/**
 * Builds the HTTP API (not yet listening), its protections in the order a
 * request meets them: security headers; cross-site requests refused before
 * the body is read; the JSON body parsed; the session guard and rate limits;
 * bodies sent to operations that take none refused; hostile values (too deep,
 * prototype keys, control characters) refused, then validation; one error
 * shape. OpenAPI at /docs; the web app at / (apps/web, built into dist/web).
 */
export async function createApi(
  runtime: EngineRuntime,
  logger?: NestApplicationOptions['logger'],
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(runtime), {
    logger: logger ?? undefined,
    // Parsed below, after the cross-site check.
    bodyParser: false,
  });
  // The client address rate limits count by: the socket's, or what a named reverse proxy says.
  if (runtime.api.trustedProxies.length > 0) app.set('trust proxy', runtime.api.trustedProxies);
  app.use(securityHeaders({ https: runtime.api.publicUrl?.startsWith('https://') ?? false }));
  app.use(refuseCrossSiteRequests(apiOrigins(runtime.api)));
  // The web app's files and pages: no body, no session, no health data.
  app.use(webApp());
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useGlobalInterceptors(new RefuseUnexpectedBody());
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  SwaggerModule.setup('docs', app, () => openApiDocument(app), {
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
