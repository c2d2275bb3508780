import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  StartupError,
  findExecutable,
  isExecutable,
  pathDirectories,
  runQuietly,
} from '@app/toolchain';

/** The Temporal CLI release the engine is tested with. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export type TemporalCliSource = 'configured' | 'path' | 'cache' | 'built';

export interface TemporalCli {
  path: string;
  source: TemporalCliSource;
}

export interface LocateOptions {
  /** TEMPORAL_CLI_PATH: when set it must exist, there is no silent fallback. */
  configuredPath?: string;
  /** Defaults to the user-level cache, shared by every checkout of the engine. */
  cacheDir?: string;
  /** Build with `go install` when no binary is found and Go is present. */
  build?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** `$XDG_CACHE_HOME/acces-direct/bin`, or `~/.cache/acces-direct/bin`. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'acces-direct', 'bin');
}

/**
 * Finds a `temporal` CLI: configured path → PATH → user cache → `go install`
 * into the user cache. Returns undefined when none can be had; the caller then
 * falls back to the SDK's own download.
 */
export async function locateTemporalCli(
  options: LocateOptions = {},
): Promise<TemporalCli | undefined> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  if (options.configuredPath) {
    if (!(await isExecutable(options.configuredPath))) {
      throw new StartupError(
        `TEMPORAL_CLI_PATH=${options.configuredPath} is not an executable file: point it at a temporal binary, or unset it to let the engine find or build one.`,
      );
    }
    return { path: options.configuredPath, source: 'configured' };
  }
  const onPath = await findExecutable('temporal', pathDirectories(env));
  if (onPath) return { path: onPath, source: 'path' };

  const cacheDir = options.cacheDir ?? userCacheDir(env);
  const cached = join(cacheDir, 'temporal');
  if (await isExecutable(cached)) return { path: cached, source: 'cache' };

  if (options.build === false) return undefined;
  const go =
    (await findExecutable('go', pathDirectories(env))) ??
    ((await isExecutable('/usr/local/go/bin/go')) ? '/usr/local/go/bin/go' : undefined);
  if (!go) return undefined;
  log(`Building the Temporal CLI with Go into ${cacheDir} (once; several minutes)…`);
  await mkdir(cacheDir, { recursive: true });
  // What to do instead, whatever went wrong (no network for the Go proxy, an old Go, no disk…).
  const ways = `put a temporal binary on the PATH or in ${cacheDir}, set TEMPORAL_CLI_PATH to one, or set TEMPORAL_ADDRESS to a running Temporal server`;
  try {
    await runQuietly(go, ['install', TEMPORAL_CLI_MODULE], { ...env, GOBIN: cacheDir }, log);
  } catch (error) {
    throw new StartupError(
      `Building the Temporal CLI failed (${(error as Error).message}; Go's last lines are above): fix that, or ${ways}.`,
      { cause: error },
    );
  }
  if (!(await isExecutable(cached))) {
    throw new StartupError(`go install finished but ${cached} is missing: ${ways}.`);
  }
  return { path: cached, source: 'built' };
}
