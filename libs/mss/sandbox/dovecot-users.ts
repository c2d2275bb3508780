import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';

/**
 * Which system users Dovecot's processes run as. Dovecot refuses mail access
 * as uid 0, so when the sandbox runs as root (CI) the mail processes run as
 * Debian's `mail` user and the SMTP side gives it the Maildir files; the
 * login and internal processes keep the package's `dovenull` and `dovecot`.
 * As an ordinary user Dovecot cannot switch users: everything runs as that
 * user and nothing changes owner.
 */
export interface DovecotUsers {
  /** Owner of the Maildirs, uid of the mail (imap) processes. */
  mail: { name: string; uid: number; gid: number };
  internalUser: string;
  loginUser: string;
  /** Group that may read the passwd-file (the auth process's). */
  authGroup: { name: string; gid: number };
  /** True when the sandbox must chown what it writes. */
  changeOwner: boolean;
}

export async function resolveDovecotUsers(): Promise<DovecotUsers> {
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0) {
    const me = userInfo();
    const gid = process.getgid?.() ?? me.gid;
    const group = (await readGroups()).find((entry) => entry.id === gid)?.name ?? me.username;
    return {
      mail: { name: me.username, uid: me.uid, gid },
      internalUser: me.username,
      loginUser: me.username,
      authGroup: { name: group, gid },
      changeOwner: false,
    };
  }
  const users = await readUsers();
  const groups = await readGroups();
  const user = (name: string) => users.find((entry) => entry.name === name);
  const mail = user('mail') ?? user('dovecot');
  const internal = user('dovecot');
  const login = user('dovenull');
  if (!mail || !internal || !login) {
    throw new Error(
      'the system users of the dovecot package (dovecot, dovenull) are missing: reinstall dovecot-core',
    );
  }
  const authGroup = groups.find((entry) => entry.id === internal.gid);
  return {
    mail: { name: mail.name, uid: mail.id, gid: mail.gid },
    internalUser: internal.name,
    loginUser: login.name,
    authGroup: { name: authGroup?.name ?? internal.name, gid: internal.gid },
    changeOwner: true,
  };
}

interface PasswdEntry {
  name: string;
  id: number;
  gid: number;
}

async function readUsers(): Promise<PasswdEntry[]> {
  return (await readLines('/etc/passwd')).map((fields) => ({
    name: fields[0],
    id: Number(fields[2]),
    gid: Number(fields[3]),
  }));
}

async function readGroups(): Promise<PasswdEntry[]> {
  return (await readLines('/etc/group')).map((fields) => ({
    name: fields[0],
    id: Number(fields[2]),
    gid: Number(fields[2]),
  }));
}

async function readLines(path: string): Promise<string[][]> {
  try {
    return (await readFile(path, 'utf8'))
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(':'));
  } catch {
    return [];
  }
}
