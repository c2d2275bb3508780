import { realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The user a child process runs as. Node drops the supplementary groups when
 * it changes user (libuv calls setgroups(0)), so only the primary group counts.
 */
export interface RunAs {
  uid: number;
  gid: number;
}

const READ = 4;
const EXECUTE = 1;

/** Whether `user` may do `bits` (READ, EXECUTE, or both) on a file with these stats, by its mode. */
export function permits(stats: Stats, user: RunAs, bits: number): boolean {
  if (user.uid === 0) return true;
  const shift = stats.uid === user.uid ? 6 : stats.gid === user.gid ? 3 : 0;
  return ((stats.mode >> shift) & bits) === bits;
}

/**
 * The first folder on the way to `path` that `user` may not go through (no
 * execute bit for them), or undefined when the whole way is open. Symbolic
 * links are resolved first, as the kernel would; folders that do not exist
 * yet are not judged (whoever makes them chooses their mode). Access lists
 * are not read: a folder opened only by one is reported closed, which costs
 * a needless copy at worst.
 */
export async function blockingFolder(path: string, user: RunAs): Promise<string | undefined> {
  let existing = resolve(path);
  for (;;) {
    try {
      existing = await realpath(existing);
      break;
    } catch (error) {
      const parent = dirname(existing);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === existing) throw error;
      existing = parent;
    }
  }
  const chain: string[] = [];
  for (let folder = existing; ; folder = dirname(folder)) {
    chain.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of chain) {
    const stats = await stat(folder);
    if (stats.isDirectory() && !permits(stats, user, EXECUTE)) return folder;
  }
  return undefined;
}

/** Whether `user` can read and run the file at `path` (its folders aside). */
export async function canRun(path: string, user: RunAs): Promise<boolean> {
  try {
    return permits(await stat(path), user, READ | EXECUTE);
  } catch {
    return false;
  }
}
