import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  TestEngine,
  TestReferences,
  browserAgent,
  openingBody,
  seedReferences,
  startTestApi,
  startTestEngine,
  testRuntime,
} from './support/harness';
import { TcpProxy } from './support/tcp-proxy';
import { testEnvironment } from './support/test-environment';

/**
 * What the API answers when PostgreSQL or Temporal is out of its reach: a 503
 * that says when to try again (Retry-After), never a 500, and a /health that
 * says which is down without repeating the driver's words.
 */
describe('outages answer honestly', () => {
  let engine: TestEngine;
  let refs: TestReferences;
  let pathwayId: string;

  beforeAll(async () => {
    // The worker and the pathway, on the real servers.
    engine = await startTestEngine();
    refs = await seedReferences(engine.dataSource);
    pathwayId = (await engine.http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;
  });

  afterAll(async () => {
    await engine?.close();
  });

  /** A second API, on the same servers but through relays a test can cut. */
  async function apiBehindRelays(): Promise<{
    api: INestApplication;
    temporal: TcpProxy;
    postgres: TcpProxy;
    close(): Promise<void>;
  }> {
    const runtime = { ...engine.runtime };
    const [host, port] = testEnvironment().temporalAddress.split(':');
    const temporal = await TcpProxy.start({ host, port: Number(port) });
    const database = new URL(testEnvironment().databaseUrl);
    const postgres = await TcpProxy.start({
      host: database.hostname,
      port: Number(database.port || 5432),
    });
    database.host = postgres.address;
    const api = await startTestApi({
      ...runtime,
      databaseUrl: database.toString(),
      // Short, so that the test does not wait for the defaults.
      databaseTimeouts: { statementTimeoutMs: 5_000, connectTimeoutMs: 1_000 },
      temporal: { ...runtime.temporal, address: temporal.address },
    });
    return {
      api,
      temporal,
      postgres,
      close: async () => {
        await temporal.restore();
        await postgres.restore();
        await api.close();
        await temporal.cut();
        await postgres.cut();
      },
    };
  }

  function expectOutage(answer: request.Response, what: RegExp) {
    expect(answer.status).toBe(503);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(answer.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(what) });
  }

  it('Temporal down: 503 with Retry-After for what needs it; what PostgreSQL knows still answers', async () => {
    const relayed = await apiBehindRelays();
    try {
      const http = () => browserAgent(relayed.api, refs.session);
      await http().get(`/pathways/${pathwayId}`).expect(200);
      await relayed.temporal.cut();

      expectOutage(
        await http().post(`/pathways/${pathwayId}/end-of-care`).send({}),
        /Temporal|engine/,
      );
      expectOutage(await http().post('/pathways').send(openingBody(refs)), /Temporal|engine/);
      // A pathway the read model does not know yet needs Temporal to say whose it is.
      expectOutage(await http().get(`/pathways/${randomUUID()}`), /Temporal|engine/);
      // The read model answers for a recorded pathway.
      const view = await http().get(`/pathways/${pathwayId}`).expect(200);
      expect(view.body.source).toBe('read-model');

      const health = await request(relayed.api.getHttpServer()).get('/health').expect(503);
      expect(Number(health.headers['retry-after'])).toBeGreaterThan(0);
      expect(health.body).toMatchObject({
        status: 'down',
        postgres: { status: 'up' },
        temporal: { status: 'down', problem: expect.stringMatching(/^(unreachable|timed_out)$/) },
      });
      expect(JSON.stringify(health.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|No connection/);
    } finally {
      await relayed.close();
    }
  });

  it('PostgreSQL down: 503 with Retry-After, and /health says so without the driver’s words', async () => {
    const relayed = await apiBehindRelays();
    try {
      const http = () => browserAgent(relayed.api, refs.session);
      await http().get('/pathways').expect(200);
      await relayed.postgres.cut();

      // The session itself is in PostgreSQL: every guarded route is an outage, not a 401 or a 500.
      expectOutage(await http().get('/pathways'), /database/);
      expectOutage(await http().get(`/pathways/${pathwayId}`), /database/);
      expectOutage(
        await http().post(`/pathways/${pathwayId}/abandon`).send({ reason: 'x' }),
        /database/,
      );

      const health = await request(relayed.api.getHttpServer()).get('/health').expect(503);
      expect(health.body).toMatchObject({
        status: 'down',
        postgres: { status: 'down', problem: expect.stringMatching(/^(unreachable|timed_out)$/) },
        temporal: { status: 'up' },
      });
      expect(JSON.stringify(health.body)).not.toMatch(
        /Connection terminated|ECONNREFUSED|timeout exceeded/,
      );

      // Back: the API answers again, nothing to restart.
      await relayed.postgres.restore();
      await http().get('/pathways').expect(200);
    } finally {
      await relayed.close();
    }
  });

  it('never lets a statement run past the configured timeout', async () => {
    const api = await startTestApi({
      ...testRuntime(),
      databaseTimeouts: { statementTimeoutMs: 200, connectTimeoutMs: 1_000 },
    });
    try {
      const dataSource = api.get(DataSource);
      await expect(dataSource.query('SELECT pg_sleep(2)')).rejects.toMatchObject({
        code: '57014',
      });
    } finally {
      await api.close();
    }
  });
});
