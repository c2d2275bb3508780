import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';

/**
 * One running `dovecot -F -c <conf>`: started in its own process group,
 * ready once its imaps port accepts connections, stopped with SIGTERM (the
 * master then stops its imap, auth and login processes). A master left by a
 * crashed run is found through base_dir/master.pid and stopped first: it
 * would hold the port and refuse to share its base_dir.
 */

export interface DovecotProcessOptions {
  dovecotPath: string;
  configFile: string;
  baseDir: string;
  logFile: string;
  host: string;
  port: number;
  startTimeoutMs?: number;
  log: (line: string) => void;
}

export class DovecotProcess {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly exit: Promise<number | null>,
    private readonly watchdog: ChildProcess | undefined,
  ) {
    void exit.then(() => (this.exited = true));
  }

  static async start(options: DovecotProcessOptions): Promise<DovecotProcess> {
    await stopStaleMaster(options.baseDir, options.log);
    const child = spawn(options.dovecotPath, ['-F', '-c', options.configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
        if (output.length > 30) output.shift();
        options.log(`dovecot: ${line}`);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exit = new Promise<number | null>((resolveExit) => {
      child.on('error', (error) => {
        output.push(String(error));
        resolveExit(-1);
      });
      child.on('exit', (code) => resolveExit(code));
    });
    const watchdog = child.pid ? startWatchdog(child.pid) : undefined;
    // A parent that exits must not leave Dovecot holding the port: SIGTERM is enough, the
    // master stops its children. A SIGKILLed parent is the watchdog's job.
    const stopOnExit = () => {
      try {
        child.kill('SIGTERM');
      } catch {
        // Already gone.
      }
    };
    process.once('exit', stopOnExit);
    void exit.then(() => process.removeListener('exit', stopOnExit));

    const server = new DovecotProcess(child, exit, watchdog);
    try {
      await server.waitUntilListening(options);
    } catch (error) {
      await server.stop();
      const logTail = await tail(options.logFile, 15);
      throw new Error(
        `${(error as Error).message}\n${[...output.slice(-15), ...logTail].join('\n')}`,
      );
    }
    return server;
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the master is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    this.watchdog?.kill('SIGKILL');
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }

  private async waitUntilListening(options: DovecotProcessOptions): Promise<void> {
    const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
    while (Date.now() < deadline) {
      if (this.exited) throw new Error('dovecot exited during start-up');
      if (await accepts(options.host, options.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`dovecot did not listen on ${options.host}:${options.port} in time`);
  }
}

/**
 * A shell that waits for end-of-file on a pipe from this process, then stops
 * Dovecot: the kernel closes the pipe however the parent dies (even SIGKILL,
 * or a jest worker torn down), which 'exit' handlers cannot see.
 */
function startWatchdog(dovecotPid: number): ChildProcess {
  const watchdog = spawn('/bin/sh', ['-c', `read _; kill -TERM ${dovecotPid} 2>/dev/null`], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.on('error', () => undefined);
  // Neither the shell nor its pipe may keep the parent's event loop alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Stops the master named by base_dir/master.pid, if it is still a running dovecot. */
async function stopStaleMaster(baseDir: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(join(baseDir, 'master.pid'), 'utf8')).trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !(await isDovecot(pid))) return;
  log(`stopping a dovecot left by an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (!(await isDovecot(pid))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, 'SIGKILL');
}

async function isDovecot(pid: number): Promise<boolean> {
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    // A zombie has an empty command line: it is gone for our purpose.
    return cmdline.includes('dovecot');
  } catch {
    return false;
  }
}

async function tail(path: string, lines: number): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter(Boolean).slice(-lines);
  } catch {
    return [];
  }
}
