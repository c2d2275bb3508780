import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

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
      throw new Error(`TEMPORAL_CLI_PATH=${options.configuredPath} is not an executable file`);
    }
    return { path: options.configuredPath, source: 'configured' };
  }
  const onPath = await findOnPath('temporal', env);
  if (onPath) return { path: onPath, source: 'path' };

  const cacheDir = options.cacheDir ?? userCacheDir(env);
  const cached = join(cacheDir, 'temporal');
  if (await isExecutable(cached)) return { path: cached, source: 'cache' };

  if (options.build === false) return undefined;
  const go =
    (await findOnPath('go', env)) ??
    ((await isExecutable('/usr/local/go/bin/go')) ? '/usr/local/go/bin/go' : undefined);
  if (!go) return undefined;
  log(`Building the Temporal CLI with Go into ${cacheDir} (once; several minutes)…`);
  await mkdir(cacheDir, { recursive: true });
  await run(go, ['install', TEMPORAL_CLI_MODULE], { ...env, GOBIN: cacheDir }, log);
  if (!(await isExecutable(cached))) {
    throw new Error(`go install finished but ${cached} is missing`);
  }
  return { path: cached, source: 'built' };
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else {
        tail.forEach(log);
        reject(new Error(`${command} ${args.join(' ')} exited with code ${code}`));
      }
    });
  });
}
