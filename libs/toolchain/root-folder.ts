import { chmod, lstat, mkdir } from 'node:fs/promises';

/**
 * Makes, or checks, a folder that only root may write and anyone may go
 * through (0755, owned by root): the place where root keeps what the
 * `postgres` user must reach. An existing folder is used only if it is a
 * real folder (not a link) that nobody but root could have written, since
 * what it holds is run or trusted later. Returns false when no such folder
 * can be had at this path (read-only, missing parent, foreign owner…).
 */
export async function rootOwnedFolder(path: string): Promise<boolean> {
  try {
    await mkdir(path, { mode: 0o755 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  try {
    const stats = await lstat(path);
    if (!stats.isDirectory() || stats.uid !== 0 || (stats.mode & 0o022) !== 0) return false;
    // A umask of 077 makes it 0700, which the postgres user could not go through.
    if ((stats.mode & 0o777) !== 0o755) await chmod(path, 0o755);
    return true;
  } catch {
    return false;
  }
}
