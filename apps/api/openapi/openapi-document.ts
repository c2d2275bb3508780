import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The API's own description: served at /docs, and the source of the web app's client types. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Accès direct — pathway engine')
    .setDescription(
      'Accès-direct orthophonie pathways: bilan initial, care, compte-rendu, with reminders and escalation. ' +
        'Log in through Pro Santé Connect at /auth/login: every route but /health and /auth needs the session it opens.',
    )
    .setVersion('0.1.0')
    .build();
  return SwaggerModule.createDocument(app, config);
}
