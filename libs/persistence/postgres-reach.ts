import { StartupError, blockingFolder, type RunAs } from '@app/toolchain';

/**
 * The one sentence for a folder the `postgres` user must reach and cannot:
 * root's PostgreSQL runs as that user, and a checkout in a private home (0700)
 * is out of its reach. The two ways out: another PostgreSQL, or a checkout
 * outside the private folder.
 */
export function postgresCannotReach(folder: string, blocker: string, tried?: string): StartupError {
  return new StartupError(
    `The embedded PostgreSQL runs as the "postgres" user (PostgreSQL refuses to run as root), who cannot reach ${folder} because ${blocker} is private to its owner` +
      (tried ? `, and no folder it can reach could be set up in ${tried}` : '') +
      ': set DATABASE_URL to use another PostgreSQL server, or put the checkout (or DATA_DIR) outside a private folder.',
  );
}

/** Throws the sentence above when `user` cannot reach `folder`. */
export async function assertPostgresReaches(
  folder: string,
  user: RunAs,
  tried?: string,
): Promise<void> {
  const blocker = await blockingFolder(folder, user);
  if (blocker) throw postgresCannotReach(folder, blocker, tried);
}
