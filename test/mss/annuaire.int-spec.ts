import { ensureTestPki } from '@app/pki';
import { MssError } from '../../libs/mss/errors';
import {
  AnnuaireSandbox,
  AnnuaireSanteClient,
  DEFAULT_SANDBOX_PRACTITIONERS,
} from '../../libs/mss/directory';
import { testEnvironment } from '../support/test-environment';

/**
 * The Annuaire Santé client against the local sandbox of the FHIR API, over
 * real HTTP on loopback: what the engine does to find a médecin traitant's
 * MSSanté address from their RPPS, and what it makes of each failure.
 */
describe('Annuaire Santé: MSSanté address of a médecin traitant', () => {
  const apiKey = 'int-test-esante-api-key';
  let sandbox: AnnuaireSandbox;
  let client: AnnuaireSanteClient;

  beforeAll(async () => {
    sandbox = await AnnuaireSandbox.start({ practitioners: DEFAULT_SANDBOX_PRACTITIONERS, apiKey });
    client = new AnnuaireSanteClient({ baseUrl: sandbox.baseUrl, apiKey, timeoutMs: 5_000 });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  async function failure(promise: Promise<unknown>): Promise<MssError> {
    const error: unknown = await promise.then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );
    if (!(error instanceof MssError)) throw error;
    return error;
  }

  it('finds the personal (PER) address by RPPS', async () => {
    await expect(client.mssAddressOf('99700000011')).resolves.toBe(
      'claire.martin@medecin.sandbox.mssante.fr',
    );
  });

  it('finds it by idNat_PS "8" + RPPS', async () => {
    await expect(client.mssAddressOf('899700000011')).resolves.toBe(
      'claire.martin@medecin.sandbox.mssante.fr',
    );
  });

  it('lists every MSSanté mailbox, from the Practitioner and its roles, and no plain e-mail', async () => {
    const claire = await client.findPractitioner('99700000011');
    expect(claire).toMatchObject({
      rpps: '99700000011',
      displayName: 'Dr Claire MARTIN',
      active: true,
    });
    expect(claire?.mailboxes).toEqual([
      {
        address: 'claire.martin@medecin.sandbox.mssante.fr',
        type: 'PER',
        description: 'BAL personnelle du Dr Claire MARTIN, médecin généraliste',
        source: 'Practitioner',
        active: true,
      },
    ]);

    const sophie = await client.findPractitioner('99700000033');
    expect(sophie?.mailboxes.map((m) => [m.address, m.type, m.source, m.organizationName])).toEqual(
      [
        [
          'secretariat@cds-sandbox.sandbox.mssante.fr',
          'ORG',
          'PractitionerRole',
          'CENTRE DE SANTE SANDBOX',
        ],
        [
          'sophie.lefevre@cds-sandbox.sandbox.mssante.fr',
          'PER',
          'PractitionerRole',
          'CENTRE DE SANTE SANDBOX',
        ],
      ],
    );
  });

  it('prefers PER over ORG, and takes a cabinet mailbox when there is no personal one', async () => {
    await expect(client.mssAddressOf('99700000033')).resolves.toBe(
      'sophie.lefevre@cds-sandbox.sandbox.mssante.fr',
    );
    await expect(client.mssAddressOf('99700000022')).resolves.toBe(
      'cabinet.durand@medecin.sandbox.mssante.fr',
    );
  });

  it('is DIRECTORY_NOT_FOUND for an unknown RPPS, an inactive practitioner, or no mailbox', async () => {
    for (const rpps of ['99799999999', '99700000044', '99700000055']) {
      const error = await failure(client.mssAddressOf(rpps));
      expect(error.code).toBe('DIRECTORY_NOT_FOUND');
      expect(error.retryable).toBe(false);
    }
    await expect(client.findPractitioner('99799999999')).resolves.toBeUndefined();
  });

  it('a wrong API key is a typed, retryable DIRECTORY_UNAVAILABLE that says so', async () => {
    const wrongKey = new AnnuaireSanteClient({ baseUrl: sandbox.baseUrl, apiKey: 'wrong-key' });
    const error = await failure(wrongKey.mssAddressOf('99700000011'));
    expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('refused the API key');
    expect(error.response).toMatch(/^HTTP 401: /);
  });

  it('works over HTTPS with the test PKI', async () => {
    const env = testEnvironment();
    const pki = ensureTestPki(env.pkiDir, { password: env.pkiPassword });
    const secure = await AnnuaireSandbox.start({
      practitioners: DEFAULT_SANDBOX_PRACTITIONERS,
      apiKey,
      tls: {
        privateKeyPem: pki.server.privateKeyPem,
        certificatePem: [pki.server.certificatePem, ...pki.server.chainPem].join('\n'),
      },
    });
    try {
      expect(secure.baseUrl.startsWith('https://127.0.0.1:')).toBe(true);
      const trusting = new AnnuaireSanteClient({
        baseUrl: secure.baseUrl,
        apiKey,
        tls: { caPem: pki.caPem },
      });
      await expect(trusting.mssAddressOf('99700000022')).resolves.toBe(
        'cabinet.durand@medecin.sandbox.mssante.fr',
      );
      // Without the test CA, the certificate is not trusted: the directory is unavailable.
      const untrusting = new AnnuaireSanteClient({ baseUrl: secure.baseUrl, apiKey });
      expect((await failure(untrusting.mssAddressOf('99700000022'))).code).toBe(
        'DIRECTORY_UNAVAILABLE',
      );
    } finally {
      await secure.stop();
    }
  });

  it('a stopped sandbox is DIRECTORY_UNAVAILABLE', async () => {
    const gone = await AnnuaireSandbox.start({ practitioners: [], apiKey });
    const orphan = new AnnuaireSanteClient({ baseUrl: gone.baseUrl, apiKey, timeoutMs: 2_000 });
    await gone.stop();
    const error = await failure(orphan.mssAddressOf('99700000011'));
    expect(error.code).toBe('DIRECTORY_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('cannot be reached');
  });
});
