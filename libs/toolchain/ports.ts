import { createServer } from 'node:net';
import { StartupError } from './startup-error';

/** A port the local set-up is about to open, and the variable that chose it. */
export interface PortUse {
  port: number;
  host: string;
  variable: string;
}

const WILDCARDS = new Set(['0.0.0.0', '::']);

/** The one sentence for a port something else already holds. */
export function portInUse(use: PortUse): StartupError {
  return new StartupError(
    `Port ${use.port} is already in use (${use.variable}): stop what uses it or set ${use.variable} to a free port.`,
  );
}

/**
 * Opens and closes each port before anything starts, so that a port in use
 * stops the start-up at once with its variable named, rather than minutes
 * later inside PostgreSQL, Temporal or Dovecot with their own words for it.
 * Port 0 (any free port) needs no check.
 */
export async function assertPortsFree(uses: readonly PortUse[]): Promise<void> {
  const checked: PortUse[] = [];
  for (const use of uses.filter((u) => u.port !== 0)) {
    const twin = checked.find(
      (other) =>
        other.port === use.port &&
        (other.host === use.host || WILDCARDS.has(other.host) || WILDCARDS.has(use.host)),
    );
    if (twin) {
      throw new StartupError(
        `${twin.variable} and ${use.variable} are both ${use.port}: set one of them to another port.`,
      );
    }
    await probe(use);
    checked.push(use);
  }
}

/**
 * The sentence for a listen() that failed on one of these ports after the
 * check (something took the port in between); undefined for any other error.
 */
export function portInUseFailure(
  error: unknown,
  uses: readonly PortUse[],
): StartupError | undefined {
  const failure = error as { code?: unknown; port?: unknown } | undefined;
  if (failure?.code !== 'EADDRINUSE') return undefined;
  const use = uses.find((u) => u.port === failure.port);
  return use && portInUse(use);
}

function probe(use: PortUse): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(portInUse(use));
      else if (error.code === 'EACCES') {
        reject(
          new StartupError(
            `Port ${use.port} (${use.variable}) may not be opened by this user: set ${use.variable} to a port above 1023.`,
            { cause: error },
          ),
        );
      } else {
        reject(
          new StartupError(
            `Cannot listen on ${use.host}:${use.port} (${use.variable}): ${error.message}; set ${use.variable} to another port.`,
            { cause: error },
          ),
        );
      }
    });
    server.listen({ port: use.port, host: use.host, exclusive: true }, () =>
      server.close(() => resolve()),
    );
  });
}
