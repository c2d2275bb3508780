import { createHash } from 'node:crypto';
import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { renderDovecotConfig } from './dovecot-config';
import { DovecotProcess } from './dovecot-server';
import type { DovecotUsers } from './dovecot-users';
import { ImapAccounts } from './imap-accounts';
import type { SandboxTls } from './options';

/**
 * The sandbox's IMAP side: writes Dovecot's configuration, TLS files and
 * passwd-file under `<dataDir>/dovecot`, and runs Dovecot over the Maildirs
 * in `<dataDir>/mail`. `stop`/`start` stop and start the process on the
 * same port (an operator outage); the files stay.
 */

export interface ImapServiceOptions {
  dataDir: string;
  mailRoot: string;
  host: string;
  port: number;
  tls: SandboxTls;
  dovecotPath: string;
  users: DovecotUsers;
  log: (line: string) => void;
}

/** Dovecot's UNIX sockets live in base_dir, and sun_path holds 107 bytes: leave room for names. */
const MAX_BASE_DIR_LENGTH = 70;

export class ImapService {
  private process: DovecotProcess | undefined;

  private constructor(
    private readonly options: ImapServiceOptions,
    readonly accounts: ImapAccounts,
    private readonly paths: { config: string; baseDir: string; logFile: string; runtime: string },
    private readonly home: string,
  ) {}

  static async prepare(options: ImapServiceOptions): Promise<ImapService> {
    const { users } = options;
    const home = join(options.dataDir, 'dovecot');
    await mkdir(home, { recursive: true, mode: 0o700 });
    // Dovecot's unprivileged processes (auth, login) need to reach base_dir and the
    // passwd-file: when the data dir's parents are closed to them, or the path is too long
    // for UNIX sockets, those two live in a per-data-dir folder under the temp dir instead.
    const open = !users.changeOwner || (await traversable(dirname(resolve(options.dataDir))));
    const runtime = runtimeDir(home, options.dataDir, open);
    if (users.changeOwner) {
      await chmod(options.dataDir, 0o711);
      await chmod(home, 0o711);
    }
    await mkdir(runtime, { recursive: true, mode: 0o711 });
    await chmod(runtime, users.changeOwner ? 0o711 : 0o700);
    const stateDir = join(home, 'state');
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    const baseDir = join(runtime, 'run');
    await mkdir(baseDir, { recursive: true, mode: 0o755 });

    const tlsDir = join(home, 'tls');
    await mkdir(tlsDir, { recursive: true, mode: 0o700 });
    const certFile = join(tlsDir, 'server.pem');
    const keyFile = join(tlsDir, 'server.key.pem');
    const caFile = join(tlsDir, 'ca.pem');
    await writeFile(certFile, options.tls.certificatePem, { mode: 0o644 });
    await writeFile(keyFile, options.tls.keyPem, { mode: 0o600 });
    await writeFile(caFile, options.tls.caPem.join('\n'), { mode: 0o644 });

    const passwdFile = join(runtime, 'passwd');
    const accounts = await ImapAccounts.open(
      join(options.dataDir, 'imap-passwords.json'),
      passwdFile,
      users.changeOwner ? { uid: 0, gid: users.authGroup.gid } : undefined,
    );
    const logFile = join(home, 'dovecot.log');
    const config = join(home, 'dovecot.conf');
    await writeFile(
      config,
      renderDovecotConfig({
        host: options.host,
        port: options.port,
        baseDir,
        stateDir,
        logFile,
        certFile,
        keyFile,
        caFile,
        passwdFile,
        mailRoot: options.mailRoot,
        users,
      }),
      { mode: 0o644 },
    );
    return new ImapService(options, accounts, { config, baseDir, logFile, runtime }, home);
  }

  async start(): Promise<void> {
    if (this.process) return;
    this.process = await DovecotProcess.start({
      dovecotPath: this.options.dovecotPath,
      configFile: this.paths.config,
      baseDir: this.paths.baseDir,
      logFile: this.paths.logFile,
      host: this.options.host,
      port: this.options.port,
      log: this.options.log,
    });
  }

  async stop(): Promise<void> {
    const running = this.process;
    this.process = undefined;
    await running?.stop();
  }

  /** Stops Dovecot and removes the temp-dir runtime folder, if one was needed (the data dir stays). */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.paths.runtime !== this.home) {
      await rm(this.paths.runtime, { recursive: true, force: true });
    }
  }
}

/** `<dataDir>/dovecot`, or `$TMPDIR/mss-sandbox-<hash of dataDir>` (see above). */
function runtimeDir(home: string, dataDir: string, open: boolean): string {
  if (open && join(home, 'run').length <= MAX_BASE_DIR_LENGTH) return home;
  const hash = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
  return join(tmpdir(), `mss-sandbox-${hash}`);
}

/** Can other users go through every folder from here up to the root (x for others)? */
async function traversable(folder: string): Promise<boolean> {
  for (let current = folder; ; current = dirname(current)) {
    if (((await stat(current)).mode & 0o001) === 0) return false;
    if (dirname(current) === current) return true;
  }
}
