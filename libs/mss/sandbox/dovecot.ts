import { findExecutable, isExecutable, pathDirectories, runQuietly } from '@app/toolchain';

/**
 * Finding, and on a fresh machine installing, Debian's Dovecot: the IMAP
 * server the sandbox runs over its Maildirs. The sandbox only spawns it with
 * its own configuration; nothing of the system's Dovecot is used or touched
 * (the package's own service, if enabled, is left as it is).
 */

export const DOVECOT_PACKAGES = ['dovecot-imapd', 'dovecot-lmtpd'] as const;
const SYSTEM_PATH = '/usr/sbin/dovecot';
const INSTALL_HINT = `sudo apt-get install -y --no-install-recommends ${DOVECOT_PACKAGES.join(' ')}`;

export interface LocateDovecotOptions {
  /** MSS_SANDBOX_DOVECOT by default: when set it must exist, there is no silent fallback. */
  configuredPath?: string;
  env?: NodeJS.ProcessEnv;
}

/** MSS_SANDBOX_DOVECOT → /usr/sbin/dovecot → PATH; undefined when none. */
export async function locateDovecot(
  options: LocateDovecotOptions = {},
): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const configured = options.configuredPath ?? env.MSS_SANDBOX_DOVECOT;
  if (configured) {
    if (!(await isExecutable(configured))) {
      throw new Error(`MSS_SANDBOX_DOVECOT=${configured} is not an executable file`);
    }
    return configured;
  }
  if (await isExecutable(SYSTEM_PATH)) return SYSTEM_PATH;
  // sbin directories are often missing from a user's PATH: look there too.
  return findExecutable('dovecot', [
    ...pathDirectories(env),
    '/usr/local/sbin',
    '/usr/sbin',
    '/sbin',
  ]);
}

export interface EnsureDovecotOptions extends LocateDovecotOptions {
  log?: (line: string) => void;
}

/**
 * The dovecot binary, installed with apt-get when missing and running as
 * root (CI, containers). Otherwise an error that says which command to run.
 */
export async function ensureDovecot(options: EnsureDovecotOptions = {}): Promise<string> {
  const log = options.log ?? (() => undefined);
  const found = await locateDovecot(options);
  if (found) return found;
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw new Error(
      `Dovecot (IMAP server of the MSSanté sandbox) is not installed. Install it with:\n  ${INSTALL_HINT}\n` +
        'or set MSS_SANDBOX_DOVECOT to a dovecot binary.',
    );
  }
  if (!(await isExecutable('/usr/bin/apt-get'))) {
    throw new Error(
      `Dovecot is not installed and there is no apt-get here: install ${DOVECOT_PACKAGES.join(', ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '--no-install-recommends', ...DOVECOT_PACKAGES];
  log(`Installing ${DOVECOT_PACKAGES.join(' ')} with apt-get…`);
  try {
    await runQuietly('apt-get', install, env, log);
  } catch {
    // A fresh image has empty package lists: refresh them once and try again.
    log('apt-get install failed; running apt-get update and trying again…');
    await runQuietly('apt-get', ['update'], env, log);
    await runQuietly('apt-get', install, env, log);
  }
  const installed = await locateDovecot(options);
  if (!installed)
    throw new Error(
      `apt-get installed ${DOVECOT_PACKAGES.join(' ')} but no dovecot binary was found`,
    );
  return installed;
}
