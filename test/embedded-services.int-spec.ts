import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { startEmbeddedPostgres } from '@app/persistence';
import { TemporalDevServer, ensureSearchAttributes, locateTemporalCli } from '@app/temporal';
import { PATHWAY_SEARCH_ATTRIBUTES } from '@app/workflows';
import { freePort } from '@app/config';

/**
 * What `npm start` relies on to keep pathways across a stop and a start: the
 * Temporal dev server on its SQLite file and the embedded PostgreSQL on its
 * data folder, each stopped cleanly and started again.
 */
describe('embedded services', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'acces-direct-embedded-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the Temporal dev server keeps workflows in its SQLite file across a restart, with our search attributes', async () => {
    const cli = await locateTemporalCli({
      configuredPath: process.env.TEMPORAL_CLI_PATH,
      build: false,
    });
    if (!cli) throw new Error('the global set-up found a Temporal CLI; this test needs it too');
    const options = {
      cliPath: cli.path,
      dbFile: join(dataDir, 'temporal.sqlite'),
      port: await freePort(),
      namespace: 'default',
      searchAttributes: PATHWAY_SEARCH_ATTRIBUTES,
    };
    const workflowId = randomUUID();

    let server = await TemporalDevServer.start(options);
    let connection = await Connection.connect({ address: server.address });
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: 'default',
    });
    expect(Object.keys(customAttributes ?? {})).toEqual(
      expect.arrayContaining(PATHWAY_SEARCH_ATTRIBUTES.map((k) => k.name)),
    );
    // No worker polls this queue: the workflow simply waits, durably.
    await new Client({ connection }).workflow.start('pathwayWorkflow', {
      workflowId,
      taskQueue: 'nobody',
      args: [],
    });
    await connection.close();
    await server.stop();

    server = await TemporalDevServer.start(options);
    connection = await Connection.connect({ address: server.address });
    try {
      const description = await new Client({ connection }).workflow
        .getHandle(workflowId)
        .describe();
      expect(description.status.name).toBe('RUNNING');
    } finally {
      await connection.close();
      await server.stop();
    }
  });

  it('registers the search attributes on a server that lacks them', async () => {
    const cli = await locateTemporalCli({
      configuredPath: process.env.TEMPORAL_CLI_PATH,
      build: false,
    });
    const server = await TemporalDevServer.start({
      cliPath: cli!.path,
      port: await freePort(),
      namespace: 'default',
      searchAttributes: [],
    });
    const connection = await Connection.connect({ address: server.address });
    try {
      await ensureSearchAttributes(connection, 'default', PATHWAY_SEARCH_ATTRIBUTES);
      await ensureSearchAttributes(connection, 'default', PATHWAY_SEARCH_ATTRIBUTES);
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      expect(Object.keys(customAttributes ?? {})).toEqual(
        expect.arrayContaining(PATHWAY_SEARCH_ATTRIBUTES.map((k) => k.name)),
      );
    } finally {
      await connection.close();
      await server.stop();
    }
  });

  it('the embedded PostgreSQL keeps its data across a restart', async () => {
    const port = await freePort();
    let postgres = await startEmbeddedPostgres({ dataDir, port });
    let client = new PgClient({ connectionString: postgres.url });
    await client.connect();
    await client.query('CREATE TABLE kept (value text)');
    await client.query(`INSERT INTO kept VALUES ('still here')`);
    await client.end();
    await postgres.stop();

    postgres = await startEmbeddedPostgres({ dataDir, port });
    client = new PgClient({ connectionString: postgres.url });
    await client.connect();
    try {
      expect((await client.query('SELECT value FROM kept')).rows).toEqual([
        { value: 'still here' },
      ]);
    } finally {
      await client.end();
      await postgres.stop();
    }
  });
});
