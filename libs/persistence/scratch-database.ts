import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A throw-away database (tests, benchmarks): created on the server of
 * `serverUrl` when one is given, otherwise on an embedded PostgreSQL in a
 * temporary folder. `drop()` removes it.
 */
export async function createScratchDatabase(
  serverUrl: string | undefined,
  prefix: string,
): Promise<ScratchDatabase> {
  if (serverUrl) {
    const name = `${prefix}_${Date.now()}_${process.pid}`;
    await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: () =>
        onServer(serverUrl, (client) =>
          client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
        ),
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), `${prefix}-pg-`));
  const postgres = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: prefix,
  });
  return {
    url: postgres.url,
    drop: async () => {
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function onServer(url: string, action: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await action(client);
  } finally {
    await client.end();
  }
}
