import { ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  /** SQLite file that keeps workflows across restarts; in memory when omitted (tests). */
  dbFile?: string;
  ip?: string;
  port: number;
  /** Web UI port; no UI when omitted. */
  uiPort?: number;
  namespace: string;
  searchAttributes: readonly SearchAttributeKey<SearchAttributeType>[];
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/**
 * `temporal server start-dev`: a complete Temporal server (frontend, history,
 * matching, SQLite persistence, Web UI) in one process, started and stopped by
 * the engine when no TEMPORAL_ADDRESS is configured.
 */
export class TemporalDevServer {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly address: string,
    readonly uiUrl: string | undefined,
    private readonly exit: Promise<number | null>,
  ) {
    void exit.then(() => (this.exited = true));
  }

  static async start(options: DevServerOptions): Promise<TemporalDevServer> {
    const ip = options.ip ?? '127.0.0.1';
    const args = [
      'server',
      'start-dev',
      '--ip',
      ip,
      '--port',
      String(options.port),
      '--namespace',
      options.namespace,
    ];
    args.push('--log-level', 'warn');
    if (options.dbFile) {
      await mkdir(dirname(options.dbFile), { recursive: true });
      args.push('--db-filename', options.dbFile);
    }
    if (options.uiPort) args.push('--ui-port', String(options.uiPort));
    else args.push('--headless');
    for (const key of options.searchAttributes) {
      args.push('--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`);
    }

    // Its own process group: a Ctrl-C in the terminal reaches the engine, which stops the server in order.
    const child = spawn(options.cliPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
        if (output.length > 50) output.shift();
        options.log?.(line);
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
    // A crashed parent must not leave an orphan server holding the SQLite file and the ports.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    void exit.then(() => process.removeListener('exit', killOnExit));

    const address = `${ip}:${options.port}`;
    const server = new TemporalDevServer(
      child,
      address,
      options.uiPort ? `http://${ip}:${options.uiPort}` : undefined,
      exit,
    );
    try {
      await server.waitUntilReady(options.namespace, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      await server.stop();
      throw new Error(`${(error as Error).message}\n${output.slice(-15).join('\n')}`);
    }
    return server;
  }

  private async waitUntilReady(namespace: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error('The Temporal dev server exited during start-up');
      try {
        const connection = await Connection.connect({
          address: this.address,
          connectTimeout: 1_000,
        });
        try {
          await connection.workflowService.describeNamespace({ namespace });
          return;
        } finally {
          await connection.close();
        }
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw new Error(
      `The Temporal dev server did not answer on ${this.address} within ${timeoutMs} ms`,
    );
  }

  /** Asks the server to stop and waits for it, so the SQLite file is closed cleanly. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}
