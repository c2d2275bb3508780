import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLog, Directory } from '@app/persistence';
import { loadConfig } from '@app/config';
import { PscSandbox } from '@app/psc';
import type { PscRuntime } from '../apps/shared/psc-runtime';
import {
  browserAgent,
  seedReferences,
  startTestApi,
  testDataSource,
  testRuntime,
} from './support/harness';
import {
  TEST_API_URL as API_URL,
  logInThroughPsc,
  loginCookieOf,
  sessionCookieOf,
  startTestPsc,
} from './support/psc';

const LIMITS = loadConfig({}).api.rateLimits;

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
  let pscRuntime: PscRuntime;

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
    pscRuntime = started.runtime;
    api = await startTestApi({ ...testRuntime(), psc: started.runtime });
  });

  afterAll(async () => {
    await api?.close();
    await psc?.stop();
    await dataSource?.destroy();
  });

  const http = () => request(api.getHttpServer());

  const logIn = (rpps: string, browser?: { cookies?: string[] }) =>
    logInThroughPsc(api, psc, rpps, browser);

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

    const out = await browserAgent(api, cookie).post('/auth/logout').expect(200);
    const logoutUrl = new URL(out.body.logoutUrl as string);
    expect(logoutUrl.searchParams.get('id_token_hint')).toBeTruthy();
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${API_URL}/`);
    await http().get('/auth/me').set('Cookie', cookie).expect(401);

    const audit = await new AuditLog(dataSource).stream(`user:8${CAMILLE_RPPS}`);
    expect(audit.map((e) => e.type)).toEqual(expect.arrayContaining(['login', 'logout']));
  });

  it('refuses a callback replayed, and one with a state it never issued', async () => {
    const { callback, answer, loginCookie } = await logIn(CAMILLE_RPPS);
    expect(answer.status).toBe(200);
    // Even from the browser that started it, a login is used once.
    const replayed = await http()
      .get(`/auth/callback${callback.search}`)
      .set('Cookie', loginCookie as string)
      .expect(401);
    expect(replayed.body.problems).toEqual([
      { field: 'state', problem: 'no login under way has this state' },
    ]);
    const forged = new URLSearchParams(callback.search);
    forged.set('state', 'not-a-state-we-issued');
    await http()
      .get(`/auth/callback?${forged.toString()}`)
      .set('Cookie', loginCookie as string)
      .expect(401);
    expect(answer.headers['set-cookie']).toBeDefined();
  });

  it('binds a login to the browser that started it: a callback link sent to a colleague opens no session', async () => {
    // The first practitioner starts a login and stops at the callback URL…
    const start = await http().get('/auth/login').expect(302);
    const loginCookie = loginCookieOf(start) as string;
    expect(start.headers['set-cookie']?.[0]).toMatch(
      /^__Host-acces_direct_login=.*; Max-Age=600; Path=\/; .*HttpOnly; Secure; SameSite=Lax/,
    );
    const callback = await psc.login(CAMILLE_RPPS, start.headers.location);

    // …and sends it to a colleague, whose browser never started it, or started its own.
    const colleague = await http().get(`/auth/callback${callback.search}`).expect(401);
    expect(colleague.body.message).toMatch(/start the login again from this browser/);
    expect(sessionCookieOf(colleague)).toBeUndefined();
    const own = loginCookieOf(await http().get('/auth/login').expect(302)) as string;
    const other = await http()
      .get(`/auth/callback${callback.search}`)
      .set('Cookie', own)
      .expect(401);
    expect(sessionCookieOf(other)).toBeUndefined();
    // The refusal clears the colleague's login cookie.
    expect(other.headers['set-cookie']?.[0]).toMatch(/^__Host-acces_direct_login=;/);

    // In the browser that started it, the login goes through, and its cookie is cleared.
    const mine = await http()
      .get(`/auth/callback${callback.search}`)
      .set('Cookie', loginCookie)
      .expect(200);
    expect(sessionCookieOf(mine)).toBeDefined();
    expect(mine.headers['set-cookie']).toEqual(
      expect.arrayContaining([expect.stringMatching(/^__Host-acces_direct_login=;/)]),
    );
  });

  it('closes the earlier session of a browser that logs in again', async () => {
    const first = sessionCookieOf((await logIn(CAMILLE_RPPS)).answer) as string;
    await http().get('/auth/me').set('Cookie', first).expect(200);
    const again = await logIn(CAMILLE_RPPS, { cookies: [first] });
    expect(again.answer.status).toBe(200);
    const second = sessionCookieOf(again.answer) as string;
    await http().get('/auth/me').set('Cookie', first).expect(401);
    await http().get('/auth/me').set('Cookie', second).expect(200);
    const audit = await new AuditLog(dataSource).stream(`user:8${CAMILLE_RPPS}`);
    expect(audit.map((e) => e.type)).toContain('session_replaced');
  });

  it('closes a session left unused longer than the idle timeout', async () => {
    const cookie = sessionCookieOf((await logIn(CAMILLE_RPPS)).answer) as string;
    await http().get('/auth/me').set('Cookie', cookie).expect(200);
    const token = decodeURIComponent(cookie.split('=')[1]);
    await dataSource.query(
      `UPDATE user_sessions SET last_seen_at = now() - interval '31 minutes'
        WHERE token_sha256 = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    await http().get('/auth/me').set('Cookie', cookie).expect(401);
  });

  it("keeps PSC's id token sealed at rest, and still logs out of PSC with it", async () => {
    const { answer } = await logIn(CAMILLE_RPPS);
    const cookie = sessionCookieOf(answer) as string;
    const token = decodeURIComponent(cookie.split('=')[1]);
    const [row] = await dataSource.query<{ id_token: string }[]>(
      `SELECT id_token FROM user_sessions WHERE token_sha256 = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    expect(row.id_token).toMatch(/^sealed:v1:test:/);
    // A JWT's header and payload start with "eyJ": none of it is in the database.
    expect(row.id_token).not.toContain('eyJ');
    const out = await browserAgent(api, cookie).post('/auth/logout').expect(200);
    const hint = new URL(out.body.logoutUrl as string).searchParams.get('id_token_hint');
    expect(hint).toMatch(/^eyJ/);
  });

  it('answers 429 with Retry-After once a client address has logged in too often', async () => {
    const limited = await startTestApi({
      ...testRuntime(),
      psc: pscRuntime,
      api: { ...testRuntime().api, rateLimits: { ...LIMITS, login: { limit: 3, ttlMs: 60_000 } } },
    });
    try {
      for (let i = 0; i < 3; i++) {
        await request(limited.getHttpServer()).get('/auth/login').expect(302);
      }
      const refused = await request(limited.getHttpServer()).get('/auth/login').expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      // The callback and the CPS login are counted the same way, each on its own.
      const server = limited.getHttpServer();
      for (let i = 0; i < 3; i++) await request(server).get('/auth/callback?state=x').expect(401);
      await request(server).get('/auth/callback?state=x').expect(429);
      // No CPS login is configured here (503), but the attempts count all the same.
      for (let i = 0; i < 3; i++) await request(server).post('/auth/cps').expect(503);
      await request(server).post('/auth/cps').expect(429);
      // Other routes are not limited.
      await request(limited.getHttpServer()).get('/health').expect(200);
    } finally {
      await limited.close();
    }
  });

  it('refuses a practitioner PSC knows but this engine does not, and says what to do', async () => {
    const { answer } = await logIn(LEA_RPPS);
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/aucun praticien de ce numéro n'est enregistré ici/);
    expect(sessionCookieOf(answer)).toBeUndefined();
    const audit = await new AuditLog(dataSource).stream(`user:8${LEA_RPPS}`);
    expect(audit.map((e) => e.type)).toEqual(['login_refused']);
  });

  it('answers 401 without a session or with a made-up one', async () => {
    await http().get('/auth/me').expect(401);
    await http().get('/auth/me').set('Cookie', 'acces_direct_session=forged').expect(401);
  });
});
