import { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { longestPeriod, parisDay } from '@app/domain';
import {
  AuditLog,
  ScratchDatabase,
  createDataSource,
  createScratchDatabase,
  runMigrations,
} from '@app/persistence';
import { PscSandbox } from '@app/psc';
import { TEST_PEOPLE } from '@app/readers';
import {
  TEST_ADMINISTRATOR,
  administratorSession,
  browserAgent,
  startTestApi,
  startTestWorker,
  testRuntime,
  waitFor,
} from './support/harness';
import { testEnvironment } from './support/test-environment';
import { logInThroughPsc, sessionCookieOf, startTestPsc } from './support/psc';

/**
 * People of the PSC sandbox whom the Annuaire Santé sandbox knows too: the
 * demo's two orthophonistes, and Sophie GARNIER, who will coordinate the CPTS.
 */
const CAMILLE = { rpps: '10000000101', mssAddress: 'camille.leroy@ortho-demo.mssante.fr' };
const HUGO = { rpps: '10000000102' };
const SOPHIE_ID_NAT_PS = '810000000901';
/** Of the PSC sandbox too, and never registered here: made an administrator by configuration below. */
const LEA_RPPS = '10000000103';

/**
 * From nothing to a CPTS at work, through the API alone, as a deployment
 * lives it: a database with only its schema, an administrator configured by
 * ADMINISTRATORS who practises nothing; they create the CPTS and name its
 * coordinator, who logs in through Pro Santé Connect and registers two
 * orthophonistes by RPPS from the Annuaire Santé; one of them logs in,
 * declares her situation d'exercice, identifies a patient and opens a
 * pathway, told that her billing number is missing; the real worker runs it.
 */
describe('from an empty engine to a CPTS at work', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let psc: PscSandbox;
  let worker: INestApplicationContext;
  let api: INestApplication;
  let runtime: ReturnType<typeof testRuntime>;

  beforeAll(async () => {
    // A database of its own, on the run's server: no references, no seeded practitioner.
    database = await createScratchDatabase(testEnvironment().databaseUrl, 'acces_direct_empty');
    dataSource = await createDataSource({ url: database.url }).initialize();
    await runMigrations(dataSource);
    const started = await startTestPsc();
    psc = started.psc;
    runtime = { ...testRuntime(), databaseUrl: database.url, psc: started.runtime };
    expect(runtime.api.administrators).toEqual([TEST_ADMINISTRATOR]);
    worker = await startTestWorker(runtime);
    api = await startTestApi(runtime);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await psc?.stop();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function logIn(rpps: string): Promise<request.Response> {
    return (await logInThroughPsc(api, psc, rpps)).answer;
  }

  function agent(session: string) {
    return () => browserAgent(api, session);
  }

  it('creates the CPTS, its coordinator registers two orthophonistes, one opens a pathway', async () => {
    // The administrator of the configuration: a session of someone who practises nothing here.
    const admin = agent(await administratorSession(dataSource));
    const me = await admin().get('/auth/me').expect(200);
    expect(me.body).toMatchObject({ administrator: true, coordinatorOf: [] });
    expect((await admin().get('/cpts').expect(200)).body.items).toEqual([]);
    expect((await admin().get('/practitioners').expect(200)).body.items).toEqual([]);

    // Sophie GARNIER is nobody to the engine yet: PSC vouches for her, the engine turns her away.
    expect((await logIn(SOPHIE_ID_NAT_PS.slice(1))).status).toBe(403);

    const cpts = (
      await admin()
        .post('/cpts')
        .send({
          name: 'CPTS des Trois Rivières',
          identifier: '510099887',
          projetDeSanteAccesDirect: true,
          coordinatorMssAddress: 'coordination@cpts-trois-rivieres.sandbox.mssante.fr',
        })
        .expect(201)
    ).body as { id: string; bilanInitialDueAfter: string };
    expect(cpts.bilanInitialDueAfter).toBe('P30D');
    await admin().put(`/cpts/${cpts.id}/coordinators/${SOPHIE_ID_NAT_PS}`).expect(200);

    const sophieLogin = await logIn(SOPHIE_ID_NAT_PS.slice(1));
    expect(sophieLogin.status).toBe(200);
    const sophie = agent(sessionCookieOf(sophieLogin) as string);
    expect((await sophie().get('/auth/me').expect(200)).body).toMatchObject({
      coordinatorOf: [cpts.id],
      administrator: false,
    });

    const camille = (
      await sophie().post(`/cpts/${cpts.id}/practitioners`).send({ rpps: CAMILLE.rpps }).expect(201)
    ).body as { id: string; billingNumber: string | null; mssAddress: string };
    expect(camille).toMatchObject({ billingNumber: null, mssAddress: CAMILLE.mssAddress });
    await sophie()
      .post(`/cpts/${cpts.id}/practitioners`)
      .send({ rpps: HUGO.rpps, billingNumber: '338765432' })
      .expect(201);
    const members = await sophie().get(`/practitioners?cptsId=${cpts.id}`).expect(200);
    expect(members.body.items.map((p: { familyName: string }) => p.familyName)).toEqual([
      'BERNARD',
      'LEROY',
    ]);

    // Camille LEROY logs in: the engine knows her now.
    const camilleLogin = await logIn(CAMILLE.rpps);
    expect(camilleLogin.status).toBe(200);
    expect(camilleLogin.body).toMatchObject({ practitioner: { id: camille.id } });
    const asCamille = agent(sessionCookieOf(camilleLogin) as string);
    await asCamille()
      .put(`/practitioners/${camille.id}/situation-exercice`)
      .send({
        structure: { kind: 'msp', name: 'MSP des Trois Rivières', idNat: '312345678900017' },
        cadre: 'ambulatoire',
        salarie: false,
        cptsId: cpts.id,
        period: longestPeriod(parisDay(Date.now())),
      })
      .expect(200);
    const { traits } = TEST_PEOPLE.paule;
    const identified = await asCamille()
      .post('/patients/identify')
      .send({
        source: 'traits',
        traits: {
          birthFamilyName: traits.birthFamilyName,
          firstNames: traits.firstNames,
          birthDate: traits.birthDate,
          sex: traits.sex,
          birthPlaceCode: traits.birthPlaceCode,
        },
      })
      .expect(200);
    const opening = {
      cptsId: cpts.id,
      practitionerId: camille.id,
      patientId: identified.body.patient.id as string,
      medecinTraitant: { declared: false },
      consentementDmp: 'refused',
    };

    // Opened, not refused: the missing billing number is a warning she reads.
    const opened = await asCamille().post('/pathways').send(opening).expect(201);
    expect(opened.body.warnings).toEqual([
      {
        code: 'billing_number_missing',
        message: expect.stringMatching(/numéro AM.*prescripteur/),
      },
    ]);
    await asCamille()
      .put(`/practitioners/${camille.id}/billing-number`)
      .send({ billingNumber: '518123456' })
      .expect(200);
    const second = await asCamille().post('/pathways').send(opening).expect(201);
    expect(second.body.warnings).toEqual([]);

    // The worker runs it on this engine's database; the coordinator follows it.
    await waitFor('the pathway to run', async () => {
      const view = await asCamille().get(`/pathways/${opened.body.id}`);
      return (
        view.status === 200 && view.body.source !== 'pending' && view.body.step === 'bilan_initial'
      );
    });
    await waitFor('the pathway in the CPTS list', async () => {
      const list = await sophie().get(`/pathways?cptsId=${cpts.id}`).expect(200);
      return (list.body.items as { id: string }[]).some((p) => p.id === opened.body.id);
    });

    // Everything it took is in the CPTS's audit stream, chained.
    const audit = new AuditLog(dataSource);
    expect((await audit.stream(`cpts:${cpts.id}`)).map((e) => [e.type, e.actor.id])).toEqual([
      ['cpts_created', TEST_ADMINISTRATOR],
      ['coordinator_granted', TEST_ADMINISTRATOR],
      ['member_registered', SOPHIE_ID_NAT_PS],
      ['member_registered', SOPHIE_ID_NAT_PS],
    ]);
    expect(await audit.verify(`cpts:${cpts.id}`)).toMatchObject({ ok: true, events: 4 });
  });

  it('lets an administrator of ADMINISTRATORS who practises nothing here log in through PSC', async () => {
    const administered = await startTestApi({
      ...runtime,
      api: { ...runtime.api, administrators: [TEST_ADMINISTRATOR, `8${LEA_RPPS}`] },
    });
    try {
      const { answer } = await logInThroughPsc(administered, psc, LEA_RPPS);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ administrator: true, practitioner: null });
      const lea = () => browserAgent(administered, sessionCookieOf(answer) as string);
      const listed = await lea().get('/cpts').expect(200);
      expect(listed.body.items.map((c: { name: string }) => c.name)).toEqual([
        'CPTS des Trois Rivières',
      ]);
      // Administrators set CPTS up; they see no patient data.
      await lea().get('/pathways').expect(403);
    } finally {
      await administered.close();
    }
  });
});
