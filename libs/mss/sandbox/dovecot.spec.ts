import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateDovecot } from './dovecot';

describe('locateDovecot', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mss-dovecot-spec-'));
    await writeFile(join(folder, 'dovecot'), '#!/bin/sh\n');
    await chmod(join(folder, 'dovecot'), 0o755);
  });

  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('takes MSS_SANDBOX_DOVECOT when set, and fails when it names no executable', async () => {
    const configured = join(folder, 'dovecot');
    await expect(locateDovecot({ env: { MSS_SANDBOX_DOVECOT: configured } })).resolves.toBe(
      configured,
    );
    await expect(
      locateDovecot({ env: { MSS_SANDBOX_DOVECOT: join(folder, 'absent') } }),
    ).rejects.toThrow(/MSS_SANDBOX_DOVECOT=.*absent is not an executable/);
  });
});
