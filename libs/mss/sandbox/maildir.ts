import { chown, mkdir, open, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeAddress } from './directory';
import { decodeWords, firstMessageId, headerValue, parseHeaders } from './mime';
import type { SandboxFolder, StoredMessage } from './options';

/**
 * The sandbox's mail store: one Maildir++ per mailbox, `<root>/<address>/`
 * for INBOX and `<root>/<address>/.Sent/` for Sent, the layout Dovecot reads
 * with `maildir:<root>/%Lu`. The SMTP side writes, Dovecot reads (and moves
 * new/ to cur/), so files and folders belong to the user Dovecot's mail
 * processes run as (`owner`), when the sandbox runs as root.
 */

export interface FileOwner {
  uid: number;
  gid: number;
}

/** A file name of a Maildir: time, a counter and the exact size, as Dovecot expects (`,S=`). */
const NAME = /^(\d+)\.M(\d+)P\d+(?:Q(\d+))?/;

export class MaildirStore {
  private sequence = 0;

  constructor(
    readonly root: string,
    private readonly owner?: FileOwner,
  ) {}

  /** Creates INBOX and Sent (idempotent), so that IMAP lists them before any mail arrives. */
  async ensureMailbox(address: string): Promise<void> {
    const home = this.home(address);
    await this.ensureDir(this.root);
    await this.ensureDir(home);
    for (const folder of [home, join(home, '.Sent')]) {
      await this.ensureDir(folder);
      for (const sub of ['cur', 'new', 'tmp']) await this.ensureDir(join(folder, sub));
    }
    // Maildir++ marks subfolders; Dovecot lists `.Sent` as "Sent" (subscribed so clients show it).
    await this.ensureFile(join(home, '.Sent', 'maildirfolder'), '');
    await this.ensureFile(join(home, 'subscriptions'), 'Sent\n');
  }

  /**
   * Writes the message into tmp/ and renames it into new/: a reader sees it
   * whole or not at all. Returns the final path.
   */
  async store(
    address: string,
    folder: SandboxFolder,
    data: Buffer,
    at = new Date(),
  ): Promise<string> {
    await this.ensureMailbox(address);
    const dir = this.folder(address, folder);
    const ms = at.getTime();
    const name =
      `${Math.floor(ms / 1000)}.M${(ms % 1000) * 1000}P${process.pid}Q${++this.sequence}` +
      `.mss-sandbox,S=${data.length}`;
    const temporary = join(dir, 'tmp', name);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    if (this.owner) await chown(temporary, this.owner.uid, this.owner.gid);
    const final = join(dir, 'new', name);
    await rename(temporary, final);
    return final;
  }

  /** The messages of a folder, oldest first (new/ and cur/: Dovecot moves them once seen). */
  async list(address: string, folder: SandboxFolder = 'INBOX'): Promise<StoredMessage[]> {
    const dir = this.folder(address, folder);
    const entries: { file: string; key: [number, number, number] }[] = [];
    for (const sub of ['new', 'cur']) {
      let names: string[];
      try {
        names = await readdir(join(dir, sub));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const name of names) {
        const match = NAME.exec(name);
        entries.push({
          file: join(dir, sub, name),
          key: match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : [0, 0, 0],
        });
      }
    }
    entries.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
    const messages: StoredMessage[] = [];
    for (const entry of entries) {
      let raw: Buffer;
      try {
        raw = await readFile(entry.file);
      } catch (error) {
        // Moved from new/ to cur/ by Dovecot meanwhile: it is listed under cur/ on the next call.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      const headers = parseHeaders(raw);
      const subject = headerValue(headers, 'Subject');
      const messageId = firstMessageId(headerValue(headers, 'Message-ID'));
      messages.push({
        file: entry.file,
        raw,
        ...(messageId ? { messageId } : {}),
        ...(subject !== undefined ? { subject: decodeWords(subject) } : {}),
        receivedAt: entry.key[0]
          ? new Date(entry.key[0] * 1000 + Math.floor(entry.key[1] / 1000))
          : (await stat(entry.file)).mtime,
      });
    }
    return messages;
  }

  /** Bytes held by the mailbox, all folders, as a quota counts them. */
  async usage(address: string): Promise<number> {
    let total = 0;
    for (const folder of ['INBOX', 'Sent'] as const) {
      const dir = this.folder(address, folder);
      for (const sub of ['new', 'cur']) {
        let names: string[];
        try {
          names = await readdir(join(dir, sub));
        } catch {
          continue;
        }
        for (const name of names) {
          const size = /,S=(\d+)/.exec(name);
          total += size ? Number(size[1]) : await fileSize(join(dir, sub, name));
        }
      }
    }
    return total;
  }

  home(address: string): string {
    return join(this.root, normalizeAddress(address));
  }

  private folder(address: string, folder: SandboxFolder): string {
    return folder === 'INBOX' ? this.home(address) : join(this.home(address), '.Sent');
  }

  private async ensureDir(path: string): Promise<void> {
    await mkdir(path, { recursive: true, mode: 0o700 });
    if (this.owner) await chown(path, this.owner.uid, this.owner.gid);
  }

  private async ensureFile(path: string, content: string): Promise<void> {
    try {
      await writeFile(path, content, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
      throw error;
    }
    if (this.owner) await chown(path, this.owner.uid, this.owner.gid);
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
