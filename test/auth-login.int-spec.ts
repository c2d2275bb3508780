import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLog, Directory } from '@app/persistence';
import { PscSandbox } from '@app/psc';
import { seedReferences, startTestApi, testDataSource, testRuntime } from './support/harness';
import { TEST_API_URL as API_URL, logInThroughPsc, startTestPsc } from './support/psc';

/** Camille LEROY of the PSC sandbox: an orthophoniste in an MSP. */
const CAMILLE_RPPS = '10000000101';
/** Léa MOREL of the PSC sandbox: known to PSC, not to this engine. */
const LEA_RPPS = '10000000103';

/**
 * Logging in through Pro Santé Connect (the PSC sandbox: a real OpenID
 * Connect provider over HTTPS): the session cookie, who it belongs to, the
 * refusals, logout, and the audit trail of each.
 */
describe('login through Pro Santé Connect', () => {
  let psc: PscSandbox;
  let api: INestApplication;
  let dataSource: DataSource;
  let practitionerId: string;

  beforeAll(async () => {
    const started = await startTestPsc();
    psc = started.psc;
    dataSource = await testDataSource();
    const refs = await seedReferences(dataSource);
    // RPPS are unique: another test file of the run may have registered this one already.
    const directory = new Directory(dataSource);
    practitionerId = (await directory.practitionerByRpps(CAMILLE_RPPS))?.id ?? randomUUID();
    await directory.savePractitioners([
      {
        id: practitionerId,
        rpps: CAMILLE_RPPS,
        familyName: 'LEROY',
        givenNames: 'Camille',
        professionCode: '91',
        cptsId: refs.cptsId,
        mssAddress: null,
      },
    ]);
    api = await startTestApi({ ...testRuntime(), psc: started.runtime });
  });

  afterAll(async () => {
    await api?.close();
    await psc?.stop();
    await dataSource?.destroy();
  });

  const http = () => request(api.getHttpServer());

  const logIn = (rpps: string) => logInThroughPsc(api, psc, rpps);

  function sessionCookie(answer: request.Response): string {
    const cookies = answer.headers['set-cookie'] as unknown as string[];
    const cookie = cookies.find((c) => c.startsWith('acces_direct_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    return (cookie as string).split(';')[0];
  }

  it('opens a session for a known practitioner, and closes it at logout', async () => {
    const { answer } = await logIn(CAMILLE_RPPS);
    expect(answer.status).toBe(200);
    expect(answer.body.practitioner).toMatchObject({ id: practitionerId, rpps: CAMILLE_RPPS });
    const cookie = sessionCookie(answer);

    const me = await http().get('/auth/me').set('Cookie', cookie).expect(200);
    expect(me.body).toMatchObject({ idNatPs: `8${CAMILLE_RPPS}`, practitionerId });

    const out = await http().post('/auth/logout').set('Cookie', cookie).expect(200);
    const logoutUrl = new URL(out.body.logoutUrl as string);
    expect(logoutUrl.searchParams.get('id_token_hint')).toBeTruthy();
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${API_URL}/`);
    await http().get('/auth/me').set('Cookie', cookie).expect(401);

    const audit = await new AuditLog(dataSource).stream(`user:8${CAMILLE_RPPS}`);
    expect(audit.map((e) => e.type)).toEqual(expect.arrayContaining(['login', 'logout']));
  });

  it('refuses a callback replayed, and one with a state it never issued', async () => {
    const { callback, answer } = await logIn(CAMILLE_RPPS);
    expect(answer.status).toBe(200);
    const replayed = await http().get(`/auth/callback${callback.search}`).expect(401);
    expect(replayed.body.problems).toEqual([
      { field: 'state', problem: 'no login under way has this state' },
    ]);
    const forged = new URLSearchParams(callback.search);
    forged.set('state', 'not-a-state-we-issued');
    await http().get(`/auth/callback?${forged.toString()}`).expect(401);
    expect(answer.headers['set-cookie']).toBeDefined();
  });

  it('refuses a practitioner PSC knows but this engine does not, and says what to do', async () => {
    const { answer } = await logIn(LEA_RPPS);
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/aucun praticien de ce numéro n'est enregistré ici/);
    expect(answer.headers['set-cookie']).toBeUndefined();
    const audit = await new AuditLog(dataSource).stream(`user:8${LEA_RPPS}`);
    expect(audit.map((e) => e.type)).toEqual(['login_refused']);
  });

  it('answers 401 without a session or with a made-up one', async () => {
    await http().get('/auth/me').expect(401);
    await http().get('/auth/me').set('Cookie', 'acces_direct_session=forged').expect(401);
  });
});
