import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from '@app/toolchain';
import { assertPostgresReaches } from './postgres-reach';

describe('assertPostgresReaches', () => {
  const postgres = { uid: 54_321, gid: 54_321 };
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'acces-direct-pg-reach-'));
    await chmod(root, 0o755);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stops with one sentence naming the folder, what blocks it and the two ways out', async () => {
    const home = join(root, 'root');
    const cluster = join(home, 'clone', '.data', 'postgres');
    await mkdir(cluster, { recursive: true });
    await chmod(home, 0o700);
    const check = assertPostgresReaches(cluster, postgres, '/var/lib/acces-direct/clusters');
    await expect(check).rejects.toBeInstanceOf(StartupError);
    await expect(check).rejects.toThrow(
      new Error(
        `The embedded PostgreSQL runs as the "postgres" user (PostgreSQL refuses to run as root), who cannot reach ${cluster} because ${home} is private to its owner, and no folder it can reach could be set up in /var/lib/acces-direct/clusters: set DATABASE_URL to use another PostgreSQL server, or put the checkout (or DATA_DIR) outside a private folder.`,
      ),
    );
  });

  it('lets a folder on an open way pass', async () => {
    await mkdir(join(root, 'srv', 'data'), { recursive: true });
    await expect(
      assertPostgresReaches(join(root, 'srv', 'data', 'postgres'), postgres),
    ).resolves.toBeUndefined();
  });
});
