import { chmod, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockingFolder } from './reach';

/** Someone who owns none of these folders: only their "other" bits count for them. */
const STRANGER = { uid: 54_321, gid: 54_321 };

describe('blockingFolder', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'acces-direct-reach-'));
    await chmod(root, 0o755);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('names the private folder (0700) on the way, not the folders below it', async () => {
    const home = join(root, 'home');
    await mkdir(join(home, 'clone', '.data'), { recursive: true });
    await chmod(home, 0o700);
    await expect(blockingFolder(join(home, 'clone', '.data', 'postgres'), STRANGER)).resolves.toBe(
      home,
    );
  });

  it('finds nothing in the way of open folders (0755, 0711), nor in folders still to be made', async () => {
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    await chmod(join(root, 'a'), 0o711);
    await expect(blockingFolder(join(root, 'a', 'b', 'not-yet', 'made'), STRANGER)).resolves.toBe(
      undefined,
    );
  });

  it('goes where a link leads, as the kernel does', async () => {
    const hidden = join(root, 'hidden');
    await mkdir(join(hidden, 'native'), { recursive: true });
    await chmod(hidden, 0o700);
    await symlink(join(hidden, 'native'), join(root, 'native'));
    await expect(blockingFolder(join(root, 'native', 'bin'), STRANGER)).resolves.toBe(hidden);
  });

  it('lets the owner through a folder private to them', async () => {
    const home = join(root, 'home');
    await mkdir(home);
    await chmod(home, 0o700);
    await expect(
      blockingFolder(home, { uid: process.getuid!(), gid: process.getgid!() }),
    ).resolves.toBe(undefined);
  });
});
