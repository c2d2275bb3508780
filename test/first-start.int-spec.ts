import { chmod, cp, lstat, mkdir, mkdtemp, readlink, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { Client } from 'pg';
import { freePort, loadConfig } from '@app/config';
import { startEmbeddedPostgres } from '@app/persistence';
import { packagedDistribution } from '../libs/persistence/postgres-distribution';
import { startLocalStack } from '../apps/local/local-stack';
import { freePortsFor } from './support/ports';

const asRoot = process.getuid?.() === 0;

/**
 * A first `npm start` as a new user makes it: root in a container, the clone
 * in root's home (0700), where the `postgres` user that root's PostgreSQL runs
 * as can reach neither node_modules nor .data; and a port already taken.
 */
describe('a first start', () => {
  let base: string;
  let shared: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'acces-direct-first-start-'));
    await chmod(base, 0o755);
    // Stands for /var/lib/acces-direct: root-owned, 0755.
    shared = join(base, 'shared');
    await mkdir(shared, { mode: 0o755 });
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  /** The cluster's folder and the binaries' folder as the running server reports them. */
  const serverFolders = async (url: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ data: string; bin: string }>(
        `SELECT current_setting('data_directory') AS data,
                (SELECT setting FROM pg_config WHERE name = 'BINDIR') AS bin`,
      );
      return rows[0];
    } finally {
      await client.end();
    }
  };

  const query = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('runs the embedded PostgreSQL from a private (0700) folder, binaries included, and finds its data again', async () => {
    const home = join(base, 'root');
    await mkdir(home, { mode: 0o700 });
    // The checkout's node_modules is inside the private folder too: its binaries with it.
    const distributionDir = join(home, 'clone', 'node_modules', 'native');
    await cp(packagedDistribution(), distributionDir, { recursive: true, verbatimSymlinks: true });
    const dataDir = join(home, 'clone', '.data');
    const options = { dataDir, port: await freePort(), distributionDir, sharedDir: shared };

    let postgres = await startEmbeddedPostgres(options);
    let folders: { data: string; bin: string };
    try {
      await query(postgres.url, `CREATE TABLE kept AS SELECT 'still here' AS value`);
      folders = await serverFolders(postgres.url);
    } finally {
      await postgres.stop();
    }
    if (asRoot) {
      // Run as `postgres`, from places it can reach: out of the private folder.
      expect(folders.bin.startsWith(shared + sep)).toBe(true);
      expect(folders.data.startsWith(join(shared, 'clusters') + sep)).toBe(true);
      expect(postgres.clusterDir).toBe(folders.data);
      expect((await lstat(join(dataDir, 'postgres'))).isSymbolicLink()).toBe(true);
      expect(await readlink(join(dataDir, 'postgres'))).toBe(folders.data);
    } else {
      // Run as the owner of the private folder, who can reach it: everything in place.
      expect(folders).toEqual({
        data: join(dataDir, 'postgres'),
        bin: join(distributionDir, 'bin'),
      });
    }
    const binary = await stat(join(folders.bin, 'postgres'));

    postgres = await startEmbeddedPostgres(options);
    try {
      expect(await query(postgres.url, 'SELECT value FROM kept')).toEqual([
        { value: 'still here' },
      ]);
      // The same cluster, and the same copy of the binaries: made once, not per start.
      expect(await serverFolders(postgres.url)).toEqual(folders);
      expect((await stat(join(folders.bin, 'postgres'))).ino).toBe(binary.ino);
    } finally {
      await postgres.stop();
    }
  });

  (asRoot ? it : it.skip)(
    'moves a cluster whose folder became private, and keeps its data',
    async () => {
      const home = join(base, 'home');
      await mkdir(home, { mode: 0o755 });
      const dataDir = join(home, 'clone', '.data');
      const options = { dataDir, port: await freePort(), sharedDir: shared };

      let postgres = await startEmbeddedPostgres(options);
      try {
        expect(postgres.clusterDir).toBe(join(dataDir, 'postgres'));
        await query(postgres.url, `CREATE TABLE kept AS SELECT 'moved along' AS value`);
      } finally {
        await postgres.stop();
      }

      await chmod(home, 0o700);
      postgres = await startEmbeddedPostgres(options);
      try {
        expect(postgres.clusterDir.startsWith(join(shared, 'clusters') + sep)).toBe(true);
        expect(await readlink(join(dataDir, 'postgres'))).toBe(postgres.clusterDir);
        expect(await query(postgres.url, 'SELECT value FROM kept')).toEqual([
          { value: 'moved along' },
        ]);
      } finally {
        await postgres.stop();
      }
    },
  );

  describe('with a port already in use', () => {
    let occupant: Server;

    afterEach(async () => {
      await new Promise((resolve) => occupant.close(resolve));
    });

    it('stops before starting anything, with one line naming the port and its variable', async () => {
      const apiPort = await freePort();
      occupant = createServer();
      await new Promise<void>((resolve) => occupant.listen(apiPort, '127.0.0.1', resolve));
      const env: Record<string, string> = {
        DATA_DIR: join(base, 'data'),
        API_PORT: String(apiPort),
        ...(await freePortsFor(
          [
            'EMBEDDED_POSTGRES_PORT',
            'TEMPORAL_DEV_SERVER_PORT',
            'TEMPORAL_DEV_SERVER_UI_PORT',
            'DMP_SANDBOX_PORT',
            'MSS_SANDBOX_SMTP_PORT',
            'MSS_SANDBOX_IMAP_PORT',
            'ANNUAIRE_SANDBOX_PORT',
            'PSC_SANDBOX_PORT',
            'INSI_SANDBOX_PORT',
          ],
          new Set([apiPort]),
        )),
      };
      const lines: string[] = [];

      const start = startLocalStack(loadConfig(env, base), {
        seedDemoData: false,
        log: (line) => lines.push(line),
      });

      await expect(start).rejects.toThrow(
        new Error(
          `Port ${apiPort} is already in use (API_PORT): stop what uses it or set API_PORT to a free port.`,
        ),
      );
      expect(lines).toEqual([]);
      expect(existsSync(join(base, 'data'))).toBe(false);
    });
  });
});
