import { randomUUID, X509Certificate } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLog, Directory } from '@app/persistence';
import {
  type Credential,
  DEFAULT_TEST_PRACTITIONER,
  SECOND_TEST_PRACTITIONER,
  type TestCpsPki,
  generateTestCpsPki,
  issueCpsCredentialFromUntrustedCa,
  issueExpiredCpsCredential,
  issueTestCpsCredential,
  issueTestCrl,
} from '@app/pki';
import type { CpsRuntime } from '../apps/shared/cps-runtime';
import {
  browserAgent,
  seedReferences,
  startTestApi,
  testDataSource,
  testRuntime,
} from './support/harness';

const HEADER = 'x-ssl-client-cert';
const DAY = 86_400_000;

/** The header as nginx forwards it (`$ssl_client_escaped_cert`): URL-encoded PEM. */
const forwarded = (credential: Credential) => encodeURIComponent(credential.certificatePem);

/**
 * Logging in with a CPS card behind a TLS-terminating proxy: the proxy
 * forwards the card's authentication certificate in a header, the API
 * checks it against the (test) IGC-Santé CAs and their CRLs, and opens a
 * session for the practitioner it names, or says why not.
 */
describe('login with a CPS card', () => {
  let dataSource: DataSource;
  let pki: TestCpsPki;
  let revokedCard: Credential;
  let revocations: { serialNumber: string; revokedAt: Date }[];
  let api: INestApplication;

  /** The CAs and their current CRLs, as the deployment's files would hold them. */
  function trust() {
    const now = new Date();
    const crl = (issuer: Credential, revoked = [] as typeof revocations) =>
      issueTestCrl({
        issuer,
        revoked,
        thisUpdate: new Date(now.getTime() - DAY),
        nextUpdate: new Date(now.getTime() + 7 * DAY),
      }).pem;
    return {
      trustedCas: pki.caPem,
      crls: [crl(pki.rootCa), crl(pki.personnesCa, revocations)],
    };
  }

  async function apiWith(cps: Partial<CpsRuntime>): Promise<INestApplication> {
    return startTestApi({
      ...testRuntime(),
      cps: {
        readTrust: trust,
        clientCertHeader: HEADER,
        trustedProxies: ['::ffff:127.0.0.1', '127.0.0.1', '::1'],
        ...cps,
      },
    });
  }

  beforeAll(async () => {
    dataSource = await testDataSource();
    pki = generateTestCpsPki();
    const now = Date.now();
    revokedCard = issueTestCpsCredential(pki, {
      practitioner: DEFAULT_TEST_PRACTITIONER,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 365 * DAY),
    });
    revocations = [
      {
        serialNumber: new X509Certificate(revokedCard.certificatePem).serialNumber.toLowerCase(),
        revokedAt: new Date(now - 3_600_000),
      },
    ];
    const refs = await seedReferences(dataSource);
    // Hélène PHONIE-TEST practises here; Paul LOGOS-TEST has a valid card but does not.
    const directory = new Directory(dataSource);
    const rpps = DEFAULT_TEST_PRACTITIONER.idNatPs.slice(1);
    await directory.savePractitioners([
      {
        id: (await directory.practitionerByRpps(rpps))?.id ?? randomUUID(),
        rpps,
        familyName: 'PHONIE-TEST',
        givenNames: 'Hélène',
        professionCode: '91',
        cptsId: refs.cptsId,
        mssAddress: null,
      },
    ]);
    api = await apiWith({});
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
  });

  const login = (app: INestApplication, credential?: Credential) => {
    const req = request(app.getHttpServer()).post('/auth/cps');
    return credential ? req.set(HEADER, forwarded(credential)) : req;
  };

  it("opens a session for the card's practitioner, audited with the certificate's serial", async () => {
    const answer = await login(api, pki.practitioner).expect(200);
    expect(answer.body).toMatchObject({
      idNatPs: DEFAULT_TEST_PRACTITIONER.idNatPs,
      practitioner: { rpps: DEFAULT_TEST_PRACTITIONER.idNatPs.slice(1) },
    });
    const cookie = (answer.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('acces_direct_session='))!
      .split(';')[0];
    await request(api.getHttpServer()).get('/pathways').set('Cookie', cookie).expect(200);
    // No PSC session behind it: logout closes the engine's only.
    const out = await browserAgent(api, cookie).post('/auth/logout').expect(200);
    expect(out.body).toEqual({ logoutUrl: null });
    await request(api.getHttpServer()).get('/pathways').set('Cookie', cookie).expect(401);

    const audit = await new AuditLog(dataSource).stream(
      `user:${DEFAULT_TEST_PRACTITIONER.idNatPs}`,
    );
    const logins = audit.filter((e) => e.type === 'login');
    expect(logins.at(-1)?.payload).toMatchObject({
      method: 'cps',
      certificateSerial: expect.stringMatching(/^[0-9a-f]+$/),
    });
  });

  it.each([
    ['expired', () => issueExpiredCpsCredential(pki), /EXPIRED/],
    [
      'issued by another CA',
      () => issueCpsCredentialFromUntrustedCa().credential,
      /UNTRUSTED_ISSUER/,
    ],
    ['revoked (in the CA’s CRL)', () => revokedCard, /REVOKED/],
    [
      'a signature certificate, not an authentication one',
      () =>
        issueTestCpsCredential(pki, {
          usage: 'SIGN',
          notBefore: new Date(Date.now() - DAY),
          notAfter: new Date(Date.now() + DAY),
        }),
      /NOT_AN_AUTHENTICATION_CERTIFICATE/,
    ],
  ])('refuses a card certificate %s, and says why', async (_, card, reason) => {
    const refused = await login(api, card()).expect(401);
    expect(refused.body.message).toMatch(reason);
    expect(refused.headers['set-cookie']).toBeUndefined();
  });

  it('refuses no certificate, something else in the header, and a valid card of a practitioner unknown here', async () => {
    expect((await login(api).expect(401)).body.message).toMatch(/aucun certificat/);
    await request(api.getHttpServer())
      .post('/auth/cps')
      .set(HEADER, 'not a certificate')
      .expect(401);
    const stranger = issueTestCpsCredential(pki, {
      practitioner: SECOND_TEST_PRACTITIONER,
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + DAY),
    });
    const refused = await login(api, stranger).expect(403);
    expect(refused.body.message).toMatch(/aucun praticien de ce numéro/);
  });

  it('believes the header only on the proxy’s connections, and answers 503 when the CRLs are stale', async () => {
    const elsewhere = await apiWith({ trustedProxies: ['10.0.0.1'] });
    try {
      const refused = await login(elsewhere, pki.practitioner).expect(401);
      expect(refused.body.message).toMatch(/believed from the TLS proxy only/);
    } finally {
      await elsewhere.close();
    }
    const stale = await apiWith({
      readTrust: () => ({
        trustedCas: pki.caPem,
        crls: [pki.rootCa, pki.personnesCa].map(
          (issuer) =>
            issueTestCrl({
              issuer,
              thisUpdate: new Date(Date.now() - 10 * DAY),
              nextUpdate: new Date(Date.now() - DAY),
            }).pem,
        ),
      }),
    });
    try {
      const unavailable = await login(stale, pki.practitioner).expect(503);
      expect(unavailable.body.message).toMatch(/CRL_STALE/);
    } finally {
      await stale.close();
    }
  });
});
