import { createHash, randomBytes } from 'node:crypto';
import { chown, readFile, rename, writeFile } from 'node:fs/promises';
import { normalizeAddress } from './directory';

/**
 * IMAP logins of the sandbox's mailboxes: user name = the address, password
 * generated per mailbox. Passwords are kept in the data dir (0600), so that
 * an IMAP client set up against `npm start` keeps working after a restart;
 * Dovecot only sees salted SHA-256 hashes, in a passwd-file it re-reads
 * when it changes, so a mailbox added while running can log in without a
 * restart.
 */
export class ImapAccounts {
  private constructor(
    private readonly passwordsFile: string,
    private readonly passwdFile: string,
    private readonly passwords: Map<string, string>,
    private readonly passwdOwner: { uid: number; gid: number } | undefined,
  ) {}

  static async open(
    passwordsFile: string,
    passwdFile: string,
    passwdOwner: { uid: number; gid: number } | undefined,
  ): Promise<ImapAccounts> {
    let saved: Record<string, string> = {};
    try {
      saved = JSON.parse(await readFile(passwordsFile, 'utf8')) as Record<string, string>;
    } catch {
      // First start, or an unreadable file: new passwords.
    }
    return new ImapAccounts(passwordsFile, passwdFile, new Map(Object.entries(saved)), passwdOwner);
  }

  password(address: string): string | undefined {
    return this.passwords.get(normalizeAddress(address));
  }

  /**
   * Gives each address a password (keeping existing ones) and rewrites both
   * files; resolves once Dovecot will read the new passwd-file.
   */
  async ensure(addresses: readonly string[]): Promise<void> {
    for (const address of addresses.map(normalizeAddress)) {
      if (!this.passwords.has(address)) {
        this.passwords.set(address, randomBytes(18).toString('base64url'));
      }
    }
    await atomicWrite(
      this.passwordsFile,
      `${JSON.stringify(Object.fromEntries(this.passwords), null, 2)}\n`,
      0o600,
    );
    const lines = [...this.passwords].map(
      ([address, password]) => `${address}:${ssha256(password)}`,
    );
    await atomicWrite(this.passwdFile, `${lines.join('\n')}\n`, 0o640, this.passwdOwner);
    await untilNextSecond();
  }
}

/**
 * Dovecot's auth process stats the passwd-file at most once per second of its
 * event loop clock (db-passwd-file.c, passwd_file_sync): a login in the same
 * second as an earlier lookup is answered from the old copy, and a mailbox
 * added in that second is "unknown user". From the next second on, the file
 * is stat'ed again and its new size makes Dovecot reload it.
 */
async function untilNextSecond(): Promise<void> {
  const now = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 1000 - (now % 1000) + 20));
}

/** Dovecot's {SSHA256}: base64(sha256(password ‖ salt) ‖ salt). */
export function ssha256(password: string, salt: Buffer = randomBytes(8)): string {
  const digest = createHash('sha256').update(password).update(salt).digest();
  return `{SSHA256}${Buffer.concat([digest, salt]).toString('base64')}`;
}

async function atomicWrite(
  path: string,
  content: string,
  mode: number,
  owner?: { uid: number; gid: number },
): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode });
  if (owner) await chown(temporary, owner.uid, owner.gid);
  await rename(temporary, path);
}
