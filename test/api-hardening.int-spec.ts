import request from 'supertest';
import { Directory } from '@app/persistence';
import {
  TEST_API_ORIGIN,
  TestEngine,
  TestReferences,
  administratorSession,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestApi,
  startTestEngine,
  testRuntime,
  today,
} from './support/harness';

/** A site that is not the engine, whose pages a logged-in practitioner may also visit. */
const EVIL = 'https://evil.example';

/**
 * What protects a logged-in browser: security headers on every answer, and
 * state-changing requests that carry the session cookie refused unless they
 * come from a page of the engine itself (cross-site request forgery).
 */
describe('API hardening', () => {
  let engine: TestEngine;
  let refs: TestReferences;
  let pathwayId: string;
  let documentHref: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    refs = await seedReferences(engine.dataSource);
    pathwayId = (await engine.http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;
    const view = await engine
      .http()
      .post(`/pathways/${pathwayId}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', 'Bilan initial')
      .field('documentDate', today())
      .expect(200);
    documentHref = view.body.bilanInitial.document.href as string;
  });

  afterAll(async () => {
    await engine?.close();
  });

  const server = () => engine.api.getHttpServer();

  describe('security headers', () => {
    function expectHardened(answer: request.Response) {
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['x-powered-by']).toBeUndefined();
      const csp = answer.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      // The test API is reached over https: browsers are told to stay on it.
      expect(answer.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    }

    it('on /health, on the Swagger page and its files, and on errors', async () => {
      expectHardened(await request(server()).get('/health'));
      expectHardened(await request(server()).get('/docs').expect(200));
      expectHardened(await request(server()).get('/docs/openapi.json').expect(200));
      expectHardened(await request(server()).get('/pathways').expect(401));
      expectHardened(await request(server()).get('/no-such-route').expect(404));
    });

    it('on a document download, which stays an attachment', async () => {
      const answer = await engine.http().get(documentHref).expect(200);
      expectHardened(answer);
      expect(answer.headers['content-disposition']).toBe('attachment; filename="bilan.pdf"');
      expect(answer.headers['content-type']).toBe('application/pdf');
    });

    it('without HSTS nor upgrade-insecure-requests on plain-http loopback (`npm start`)', async () => {
      const local = await startTestApi({
        ...testRuntime(),
        api: { ...testRuntime().api, publicUrl: undefined, port: 3000 },
      });
      try {
        const answer = await request(local.getHttpServer()).get('/health');
        expect(answer.headers['strict-transport-security']).toBeUndefined();
        expect(answer.headers['content-security-policy']).not.toContain(
          'upgrade-insecure-requests',
        );
        expect(answer.headers['x-frame-options']).toBe('DENY');
      } finally {
        await local.close();
      }
    });
  });

  describe('cross-site requests', () => {
    const withSession = (req: request.Test) => req.set('Cookie', refs.session);

    it('refuses a forged POST before looking at its body, and opens nothing', async () => {
      const before = await pathwayCount();
      // An empty body would be a 400 naming every field: the forger learns nothing of it.
      const forged = await withSession(request(server()).post('/pathways'))
        .set('Origin', EVIL)
        .send({})
        .expect(403);
      expect(forged.body.message).toMatch(/cross-site request/);
      expect(forged.body.problems).toEqual([
        { field: 'Origin', problem: `must be ${TEST_API_ORIGIN}` },
      ]);
      // A valid body changes nothing to the answer.
      await withSession(request(server()).post('/pathways'))
        .set('Origin', EVIL)
        .send(openingBody(refs))
        .expect(403);
      expect(await pathwayCount()).toBe(before);
    });

    it('refuses a forged PATCH and DELETE, and changes nothing', async () => {
      const admin = await administratorSession(engine.dataSource);
      const cptsBefore = await new Directory(engine.dataSource).cpts(refs.cptsId);
      await request(server())
        .patch(`/cpts/${refs.cptsId}`)
        .set('Cookie', admin)
        .set('Origin', EVIL)
        .send({ projetDeSanteAccesDirect: !cptsBefore?.projetDeSanteAccesDirect })
        .expect(403);
      await request(server())
        .delete(`/cpts/${refs.cptsId}/members/${refs.practitionerId}`)
        .set('Cookie', admin)
        .set('Origin', EVIL)
        .expect(403);
      expect(await new Directory(engine.dataSource).cpts(refs.cptsId)).toEqual(cptsBefore);
      expect(
        (await new Directory(engine.dataSource).practitioner(refs.practitionerId))?.cptsId,
      ).toBe(refs.cptsId);
    });

    it('refuses a request the browser calls cross-site, a missing origin, and a foreign Referer', async () => {
      await withSession(request(server()).post(`/pathways/${pathwayId}/end-of-care`))
        .set('Origin', TEST_API_ORIGIN)
        .set('Sec-Fetch-Site', 'cross-site')
        .send({})
        .expect(403);
      await withSession(request(server()).post(`/pathways/${pathwayId}/end-of-care`))
        .send({})
        .expect(403);
      await withSession(request(server()).post(`/pathways/${pathwayId}/end-of-care`))
        .set('Referer', `${EVIL}/page`)
        .send({})
        .expect(403);
      await withSession(request(server()).post('/auth/logout')).set('Origin', EVIL).expect(403);
      // Still in care, still logged in.
      const view = await engine.http().get(`/pathways/${pathwayId}`).expect(200);
      expect(view.body).toMatchObject({ step: 'care', careEndedOn: null });
    });

    it("takes the engine's own pages (Origin, or Referer lacking it), GETs from anywhere, and clients without cookie", async () => {
      // Past the check, validation answers: the request was let through.
      await withSession(request(server()).post('/pathways'))
        .set('Origin', TEST_API_ORIGIN)
        .send({})
        .expect(400);
      await withSession(request(server()).post('/pathways'))
        .set('Referer', `${TEST_API_ORIGIN}/docs`)
        .send({})
        .expect(400);
      // A cross-site link only reads (SameSite=Lax does not even send the cookie on subrequests).
      await withSession(request(server()).get(`/pathways/${pathwayId}`))
        .set('Origin', EVIL)
        .expect(200);
      // A logiciel métier with the session's token as a bearer token sends no cookie: not concerned.
      const token = refs.session.split('=')[1];
      await request(server())
        .post('/pathways')
        .set('Authorization', `Bearer ${token}`)
        .set('Origin', EVIL)
        .send({})
        .expect(400);
    });
  });

  async function pathwayCount(): Promise<number> {
    const [{ count }] = await engine.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM pathways',
    );
    return Number(count);
  }
});
