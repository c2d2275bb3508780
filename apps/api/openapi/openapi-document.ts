import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  type ResponseSchemas,
  builtResponseSchemas,
  withResponseSchemas,
} from './response-schemas';

/**
 * The API's own description: served at /docs, and the source of the web app's
 * client types. The answers' schemas come from the build (`responses`, or the
 * file it wrote): they are generated from TypeScript types, which needs the sources.
 */
export function openApiDocument(
  app: INestApplication,
  responses: ResponseSchemas | undefined = builtResponseSchemas(),
  options: { strict?: boolean } = {},
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Accès direct — pathway engine')
    .setDescription(
      'Accès-direct orthophonie pathways: bilan initial, care, compte-rendu, with reminders and escalation. ' +
        'Log in through Pro Santé Connect at /auth/login: every route but /health and /auth needs the session it opens.',
    )
    .setVersion('0.1.0')
    .build();
  return withResponseSchemas(SwaggerModule.createDocument(app, config), responses, options);
}
