import { randomBytes } from 'node:crypto';
import {
  chmod,
  chown,
  cp,
  lchown,
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  rm,
  stat,
  symlink,
} from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { blockingFolder, rootOwnedFolder, type RunAs } from '@app/toolchain';
import { assertPostgresReaches, postgresCannotReach } from './postgres-reach';

export interface ClusterFolderOptions {
  dataDir: string;
  /** Who runs PostgreSQL; undefined: this process's user, who owns the data folder. */
  runAs: RunAs | undefined;
  /** Root-owned folder whose `clusters/` holds the clusters out of the postgres user's reach. */
  sharedDir: string;
}

/**
 * Where the cluster lives: `<dataDir>/postgres`, as always, when PostgreSQL
 * runs as this process's user or when the `postgres` user can reach it; and
 * when it cannot (root's checkout in a private home), in
 * `<sharedDir>/clusters/<name>`, with `<dataDir>/postgres` a link to it so
 * later starts find it. A cluster made before in an unreachable
 * `<dataDir>/postgres` is moved there whole. Returns the folder PostgreSQL
 * runs on (`-D`), which exists and belongs to `runAs`.
 */
export async function placeClusterFolder(options: ClusterFolderOptions): Promise<string> {
  const { dataDir, runAs } = options;
  const home = join(dataDir, 'postgres');
  if (!runAs) {
    await mkdir(home, { recursive: true });
    return home;
  }
  await mkdir(dataDir, { recursive: true });
  const entry = await lstat(home).catch(() => undefined);

  if (entry?.isSymbolicLink()) {
    const dir = resolve(dataDir, await readlink(home));
    await assertPostgresReaches(dir, runAs);
    await ownedFolder(dir, runAs); // made again if someone removed it: a fresh cluster
    return dir;
  }

  const blocker = await blockingFolder(dirname(dataDir), runAs);
  if (!blocker) {
    // The data folder is the engine's: its group becomes postgres's, which may go through it
    // (not list it), so no other user gains a way in to the logs and secrets beside the cluster.
    await chown(dataDir, -1, runAs.gid);
    await chmod(dataDir, ((await stat(dataDir)).mode & 0o777) | 0o010);
    await ownedFolder(home, runAs);
    return home;
  }

  const clusters = join(options.sharedDir, 'clusters');
  if (
    !(await rootOwnedFolder(options.sharedDir)) ||
    !(await rootOwnedFolder(clusters)) ||
    (await blockingFolder(clusters, runAs))
  ) {
    throw postgresCannotReach(home, blocker, clusters);
  }
  // Named after the checkout, for whoever lists the folder; random, so that a fresh data
  // folder (whose new password would not open an old cluster) never lands on an old one.
  const dir = join(clusters, `${clusterName(dataDir)}-${randomBytes(4).toString('hex')}`);
  if (entry?.isDirectory() && (await readdir(home)).length > 0) {
    await moveFolder(home, dir);
    await chownTree(dir, runAs);
    await chmod(dir, 0o700);
  } else {
    if (entry) await rm(home, { recursive: true }); // the empty folder of an earlier, failed start
    await ownedFolder(dir, runAs);
  }
  await symlink(dir, home);
  return dir;
}

/** `clone` for `/root/clone/.data`; `data` for `/srv/data`. */
function clusterName(dataDir: string): string {
  const base = basename(dataDir).startsWith('.') ? basename(dirname(dataDir)) : basename(dataDir);
  return base.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40) || 'cluster';
}

async function ownedFolder(dir: string, runAs: RunAs): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chown(dir, runAs.uid, runAs.gid);
}

/** A rename when both sides are on one file system, a copy and removal otherwise. */
async function moveFolder(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await rm(from, { recursive: true });
  }
}

async function chownTree(path: string, runAs: RunAs): Promise<void> {
  await lchown(path, runAs.uid, runAs.gid);
  if (!(await lstat(path)).isDirectory()) return;
  for (const name of await readdir(path)) await chownTree(join(path, name), runAs);
}
