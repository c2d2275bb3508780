import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  HTTP_METHODS,
  PUBLIC_ROUTES,
  apiOperations,
  browserAgent,
  startTestApi,
  testDataSource,
  testRuntime,
  testSessionCookie,
} from './support/harness';

/**
 * No route answers without a session: every operation of the API's own
 * OpenAPI document is called without one (path parameters filled with UUIDs,
 * no body) and must be refused with 401 before anything else is looked at.
 */
describe('authentication on every route', () => {
  let api: INestApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    api = await startTestApi(testRuntime());
    dataSource = await testDataSource();
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
  });

  async function operations(): Promise<{ method: (typeof HTTP_METHODS)[number]; path: string }[]> {
    return (await apiOperations(api)).map((operation) => {
      const [method, path] = operation.split(' ');
      return { method: method.toLowerCase() as (typeof HTTP_METHODS)[number], path };
    });
  }

  it('answers 401 on every route but /health and /auth without a session', async () => {
    const all = await operations();
    const guarded = all.filter((o) => !PUBLIC_ROUTES.has(`${o.method.toUpperCase()} ${o.path}`));
    expect(guarded.length).toBeGreaterThanOrEqual(20);
    const answers: string[] = [];
    for (const { method, path } of guarded) {
      const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
      const response = await request(api.getHttpServer())[method](url);
      answers.push(`${method.toUpperCase()} ${path} → ${response.status}`);
      if (response.status === 401) {
        expect(response.body.message).toMatch(/log in first/);
      }
    }
    expect(answers).toEqual(
      guarded.map(({ method, path }) => `${method.toUpperCase()} ${path} → 401`),
    );
  });

  it('refuses a made-up or closed session the same way', async () => {
    await request(api.getHttpServer())
      .get('/pathways')
      .set('Cookie', 'acces_direct_session=made-up')
      .expect(401);
    const cookie = await testSessionCookie(dataSource);
    await request(api.getHttpServer()).get('/pathways').set('Cookie', cookie).expect(200);
    await browserAgent(api, cookie).post('/auth/logout').expect(200);
    await request(api.getHttpServer()).get('/pathways').set('Cookie', cookie).expect(401);
  });
});
