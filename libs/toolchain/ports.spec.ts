import { Server, createServer } from 'node:net';
import { freePort } from '@app/config';
import { StartupError } from './startup-error';
import { assertPortsFree, portInUseFailure } from './ports';

describe('assertPortsFree', () => {
  let occupant: Server | undefined;

  afterEach(async () => {
    await new Promise((resolve) => (occupant ? occupant.close(resolve) : resolve(undefined)));
    occupant = undefined;
  });

  const occupy = async (): Promise<number> => {
    const port = await freePort();
    occupant = createServer();
    await new Promise<void>((resolve) => occupant!.listen(port, '127.0.0.1', resolve));
    return port;
  };

  it('names a port in use and the variable that set it, in one sentence', async () => {
    const port = await occupy();
    const check = assertPortsFree([
      { port: await freePort(), host: '127.0.0.1', variable: 'EMBEDDED_POSTGRES_PORT' },
      { port, host: '127.0.0.1', variable: 'API_PORT' },
    ]);
    await expect(check).rejects.toThrow(StartupError);
    await expect(check).rejects.toThrow(
      new Error(
        `Port ${port} is already in use (API_PORT): stop what uses it or set API_PORT to a free port.`,
      ),
    );
  });

  it('sees a port taken on every address when it checks loopback', async () => {
    const port = await freePort();
    occupant = createServer();
    await new Promise<void>((resolve) => occupant!.listen(port, '0.0.0.0', resolve));
    await expect(
      assertPortsFree([{ port, host: '127.0.0.1', variable: 'DMP_SANDBOX_PORT' }]),
    ).rejects.toThrow(`Port ${port} is already in use (DMP_SANDBOX_PORT)`);
  });

  it('passes free ports and port 0, and leaves them free', async () => {
    const port = await freePort();
    await assertPortsFree([
      { port, host: '127.0.0.1', variable: 'API_PORT' },
      { port: 0, host: '127.0.0.1', variable: 'PSC_SANDBOX_PORT' },
    ]);
    occupant = createServer();
    await new Promise<void>((resolve, reject) => {
      occupant!.once('error', reject);
      occupant!.listen(port, '127.0.0.1', resolve);
    });
  });

  it('refuses two variables set to one port', async () => {
    const port = await freePort();
    await expect(
      assertPortsFree([
        { port, host: '127.0.0.1', variable: 'DMP_SANDBOX_PORT' },
        { port, host: '0.0.0.0', variable: 'API_PORT' },
      ]),
    ).rejects.toThrow(
      new Error(`DMP_SANDBOX_PORT and API_PORT are both ${port}: set one of them to another port.`),
    );
  });
});

describe('portInUseFailure', () => {
  const uses = [{ port: 3000, host: '127.0.0.1', variable: 'API_PORT' }];

  it("turns a listen() error on a known port into that port's sentence", () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use'), {
      code: 'EADDRINUSE',
      port: 3000,
    });
    expect(portInUseFailure(error, uses)?.message).toBe(
      'Port 3000 is already in use (API_PORT): stop what uses it or set API_PORT to a free port.',
    );
  });

  it('leaves other errors alone', () => {
    expect(portInUseFailure(new Error('boom'), uses)).toBeUndefined();
    expect(
      portInUseFailure(Object.assign(new Error(), { code: 'EADDRINUSE', port: 4000 }), uses),
    ).toBeUndefined();
  });
});
