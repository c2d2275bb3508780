import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { longestPeriod, parisDay } from '@app/domain';
import { CoordinatorStore, Directory, SituationStore } from '@app/persistence';
import { PscSandbox } from '@app/psc';
import {
  TestEngine,
  browserAgent,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  today,
} from './support/harness';
import {
  TEST_LOGICIELS,
  logInThroughPsc,
  logicielAccessToken,
  sessionCookieOf,
  startTestPsc,
} from './support/psc';

/** PSC sandbox practitioners: two orthophonistes and a CPTS coordinator (see libs/psc/sandbox). */
const CAMILLE_RPPS = '10000000101';
const HUGO_RPPS = '10000000102';
const SOPHIE_ID_NAT_PS = '810000000901';

/**
 * The acceptance, end to end through the PSC sandbox and the real
 * engine (worker, Temporal, PostgreSQL): an orthophoniste logs in, opens a
 * pathway and sends the bilan; another orthophoniste and another CPTS's
 * coordinator log in and do not see it; the orthophoniste logs out and the
 * API no longer answers her.
 */
describe('a pathway seen only by those who care for the patient', () => {
  let engine: TestEngine;
  let psc: PscSandbox;

  beforeAll(async () => {
    const started = await startTestPsc();
    psc = started.psc;
    engine = await startTestEngine({ psc: started.runtime });
  });

  afterAll(async () => {
    await engine?.close();
    await psc?.stop();
  });

  /** A practitioner of the PSC sandbox, known to the engine, in an MSP of `cptsId`. */
  async function practising(rpps: string, cptsId: string, familyName: string): Promise<string> {
    const directory = new Directory(engine.dataSource);
    // RPPS are unique: another test file of the run may have registered this one already.
    const id = (await directory.practitionerByRpps(rpps))?.id ?? randomUUID();
    await directory.savePractitioners([
      {
        id,
        rpps,
        familyName,
        givenNames: 'PSC',
        professionCode: '91',
        cptsId,
        mssAddress: null,
        structureIdNat: '312345678900017',
        structureName: 'MSP de test',
        facilityTypeCode: 'SA52',
        practiceSettingCode: 'AMBULATOIRE',
      },
    ]);
    await new SituationStore(engine.dataSource).declare(
      id,
      {
        structure: { kind: 'msp', name: 'MSP de test', idNat: '312345678900017' },
        cadre: 'ambulatoire',
        salarie: false,
        cptsId,
        period: longestPeriod(parisDay(Date.now())),
      },
      { kind: 'system', id: 'test' },
    );
    return id;
  }

  async function logIn(rpps: string): Promise<() => request.Agent> {
    const { answer } = await logInThroughPsc(engine.api, psc, rpps);
    expect(answer.status).toBe(200);
    const cookie = sessionCookieOf(answer) as string;
    return () => browserAgent(engine.api, cookie);
  }

  it('logs in, opens and documents; others do not see it; logged out, nothing answers', async () => {
    const cptsOfCamille = await seedReferences(engine.dataSource);
    const otherCpts = await seedReferences(engine.dataSource);
    const camilleId = await practising(CAMILLE_RPPS, cptsOfCamille.cptsId, 'LEROY');
    await practising(HUGO_RPPS, cptsOfCamille.cptsId, 'BERNARD');
    await new CoordinatorStore(engine.dataSource).grant(otherCpts.cptsId, SOPHIE_ID_NAT_PS, {
      kind: 'system',
      id: 'test',
    });

    const camille = await logIn(CAMILLE_RPPS);
    const opened = await camille()
      .post('/pathways')
      .send(openingBody({ ...cptsOfCamille, practitionerId: camilleId }))
      .expect(201);
    const id = opened.body.id as string;
    const withBilan = await camille()
      .post(`/pathways/${id}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', 'Bilan orthophonique initial')
      .field('documentDate', today())
      .expect(200);
    expect(withBilan.body).toMatchObject({ step: 'care' });
    const documentId = withBilan.body.bilanInitial.document.id as string;
    expect((await camille().get('/pathways').expect(200)).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id })]),
    );

    // Hugo BERNARD practises in the same CPTS, but this patient is not his.
    const hugo = await logIn(HUGO_RPPS);
    await hugo().get(`/pathways/${id}`).expect(404);
    await hugo().get(`/pathways/${id}/documents/${documentId}`).expect(404);
    await hugo().post(`/pathways/${id}/end-of-care`).send({}).expect(404);
    expect((await hugo().get('/pathways').expect(200)).body.items).toEqual([]);

    // Sophie GARNIER coordinates another CPTS.
    const sophie = await logIn('10000000901');
    const me = await sophie().get('/auth/me').expect(200);
    expect(me.body).toMatchObject({
      idNatPs: SOPHIE_ID_NAT_PS,
      practitionerId: null,
      coordinatorOf: [otherCpts.cptsId],
    });
    await sophie().get(`/pathways/${id}`).expect(404);
    await sophie().get(`/pathways/${id}/documents/${documentId}`).expect(404);
    const listed = await sophie().get('/pathways').query({ cptsId: cptsOfCamille.cptsId });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);

    await camille().post('/auth/logout').expect(200);
    await camille().get(`/pathways/${id}`).expect(401);
    await camille().get('/pathways').expect(401);
    await camille().get(`/pathways/${id}/documents/${documentId}`).expect(401);
  });

  it("takes a logiciel métier's PSC access token as a bearer token, only from the applications it accepts", async () => {
    const cpts = await seedReferences(engine.dataSource);
    const camilleId = await practising(CAMILLE_RPPS, cpts.cptsId, 'LEROY');
    await practising(HUGO_RPPS, cpts.cptsId, 'BERNARD');
    const api = () => request(engine.api.getHttpServer());
    const bearer = (token: string) => `Bearer ${token}`;

    const camilleToken = await logicielAccessToken(psc, TEST_LOGICIELS.accepted, CAMILLE_RPPS);
    const opened = await api()
      .post('/pathways')
      .set('Authorization', bearer(camilleToken))
      .send(openingBody({ ...cpts, practitionerId: camilleId }))
      .expect(201);
    const id = opened.body.id as string;
    await api().get(`/pathways/${id}`).set('Authorization', bearer(camilleToken)).expect(200);
    // The audit log names her, by her national id.
    const history = (
      await api().get(`/pathways/${id}`).set('Authorization', bearer(camilleToken)).expect(200)
    ).body.history as { actor: { id: string } }[];
    expect(history[0].actor.id).toBe(`8${CAMILLE_RPPS}`);

    // Hugo's token, from the same logiciel: not his patient.
    const hugoToken = await logicielAccessToken(psc, TEST_LOGICIELS.accepted, HUGO_RPPS);
    await api().get(`/pathways/${id}`).set('Authorization', bearer(hugoToken)).expect(404);

    // Camille's token from an application the engine was not told of, and made-up tokens.
    const elsewhere = await logicielAccessToken(psc, TEST_LOGICIELS.unknown, CAMILLE_RPPS);
    const refused = await api()
      .get('/pathways')
      .set('Authorization', bearer(elsewhere))
      .expect(401);
    expect(refused.body.message).toMatch(/PSC_BEARER_CLIENTS/);
    const forged = await api().get('/pathways').set('Authorization', bearer('forged')).expect(401);
    expect(forged.body.message).toMatch(/not active/);
  });
});
