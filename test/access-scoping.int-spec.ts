import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  AuditLog,
  CoordinatorStore,
  Directory,
  NotificationStore,
  SituationStore,
} from '@app/persistence';
import { longestPeriod, parisDay } from '@app/domain';
import {
  HTTP_METHODS,
  PUBLIC_ROUTES,
  TEST_ADMINISTRATOR,
  TestEngine,
  TestReferences,
  actAs,
  apiOperations,
  administratorSession,
  coordinatorSession,
  httpAs,
  openingBody,
  pdfBytes,
  seedReferences,
  sessionOf,
  startTestEngine,
  testRuntime,
  testSessionCookie,
  today,
  waitFor,
} from './support/harness';

/** Those who must not see (or not touch) the pathway of orthophoniste A, CPTS 1. */
const CALLERS = [
  'otherOrthophoniste',
  'otherCptsCoordinator',
  'ownCptsCoordinator',
  'administrator',
] as const;
type Caller = (typeof CALLERS)[number];

/** What each caller must get: a status, or a status and a check of the body. */
type Expected = Record<Caller, number | [number, (body: unknown) => void]>;

interface Case {
  /** Fills the operation's path with the test's ids. */
  url: (ids: Ids) => string;
  send?: (req: request.Test, ids: Ids) => request.Test;
  expected: (ids: Ids) => Expected;
}

interface Ids {
  pathwayId: string;
  documentId: string;
  patientId: string;
  cptsId: string;
  practitionerId: string;
  throwawayIdNatPs: string;
  /** A practitioner of no CPTS, whom coordinators and administrators add and remove. */
  throwawayPractitionerId: string;
  /** A member of A's CPTS whom the Annuaire Santé sandbox lists (re-read from it). */
  listedPractitionerId: string;
}

/** Orthophonistes of the Annuaire Santé sandbox kept for this file (libs/mss/directory/sandbox). */
const REGISTERED_RPPS = '99700000190';
const LISTED_RPPS = '99700000201';

/** An administrator besides the test runtimes' own, for what one administrator does for another. */
const SECOND_ADMINISTRATOR = '810000099998';

const OUTSIDE = 404;
const ACT_REFUSED = {
  otherOrthophoniste: OUTSIDE,
  otherCptsCoordinator: OUTSIDE,
  ownCptsCoordinator: 403,
  administrator: OUTSIDE,
};
const READ = {
  otherOrthophoniste: OUTSIDE,
  otherCptsCoordinator: OUTSIDE,
  ownCptsCoordinator: 200,
  administrator: OUTSIDE,
};
const FORBIDDEN_TO_ALL = {
  otherOrthophoniste: 403,
  otherCptsCoordinator: 403,
  ownCptsCoordinator: 403,
  administrator: 403,
};
const OPEN_TO_ALL = {
  otherOrthophoniste: 200,
  otherCptsCoordinator: 200,
  ownCptsCoordinator: 200,
  administrator: 200,
};

const upload = (req: request.Test) =>
  req
    .attach('file', pdfBytes(), 'document.pdf')
    .field('title', 'Document')
    .field('documentDate', today());

/** A CSV answer kept as bytes, for the checks below. */
const rawBytes = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** A CSV export that must (or must not) name the pathway, and must (or must not) hold `text`. */
const csvNaming =
  (ids: Ids, pathway: boolean, text: string, present: boolean) =>
  (body: unknown): void => {
    const csv = (body as Buffer).toString('utf8');
    expect(csv.includes(ids.pathwayId)).toBe(pathway);
    expect(csv.includes(text)).toBe(present);
  };

/** A list that must (or must not) hold the id. */
const listing =
  (id: (ids: Ids) => string, ids: Ids, present: boolean) =>
  (body: unknown): void => {
    const items = (body as { items: { id?: string; pathwayId?: string }[] }).items;
    const found = items.some((item) => (item.pathwayId ?? item.id) === id(ids));
    expect(found).toBe(present);
  };

/**
 * Every operation of the API, as seen by those who must not see or change
 * the pathway of orthophoniste A: another orthophoniste of the same CPTS,
 * another CPTS's coordinator, A's own CPTS's coordinator (who follows but
 * does not act), an administrator (no patient data). A route added without
 * a line here fails the first test.
 */
const CASES: Record<string, Case> = {
  'POST /pathways': {
    url: () => '/pathways',
    send: (req, ids) => req.send({ ...OPENING_OF_A(ids) }),
    expected: () => FORBIDDEN_TO_ALL,
  },
  'GET /pathways': {
    url: () => '/pathways',
    expected: (ids) => {
      const p = (ids2: Ids) => ids2.pathwayId;
      return {
        otherOrthophoniste: [200, listing(p, ids, false)],
        otherCptsCoordinator: [200, listing(p, ids, false)],
        ownCptsCoordinator: [200, listing(p, ids, true)],
        administrator: 403,
      };
    },
  },
  'GET /pathways/{id}': { url: (ids) => `/pathways/${ids.pathwayId}`, expected: () => READ },
  'POST /pathways/{id}/bilan-initial': {
    url: (ids) => `/pathways/${ids.pathwayId}/bilan-initial`,
    send: upload,
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/compte-rendu': {
    url: (ids) => `/pathways/${ids.pathwayId}/compte-rendu`,
    send: upload,
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/bilan-initial/versions': {
    url: (ids) => `/pathways/${ids.pathwayId}/bilan-initial/versions`,
    send: upload,
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/compte-rendu/versions': {
    url: (ids) => `/pathways/${ids.pathwayId}/compte-rendu/versions`,
    send: upload,
    expected: () => ACT_REFUSED,
  },
  ...Object.fromEntries(
    ['bilan-initial', 'compte-rendu', 'bilan-initial/versions', 'compte-rendu/versions'].map(
      (path): [string, Case] => [
        `POST /pathways/{id}/${path}/written`,
        {
          url: (ids) => `/pathways/${ids.pathwayId}/${path}/written`,
          send: (req) => req.send({ title: 'Document', documentDate: today(), text: 'Texte' }),
          expected: () => ACT_REFUSED,
        },
      ],
    ),
  ),
  'GET /pathways/{id}/dmp/documents': {
    url: (ids) => `/pathways/${ids.pathwayId}/dmp/documents`,
    // The DMP is read by the pathway's orthophoniste, under their own identity: coordinators do not.
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/dmp/documents/authorization': {
    url: (ids) => `/pathways/${ids.pathwayId}/dmp/documents/authorization`,
    send: (req) => req.send({ patientAuthorizes: true }),
    expected: () => ACT_REFUSED,
  },
  'GET /pathways/{id}/dmp/documents/{uniqueId}': {
    url: (ids) => `/pathways/${ids.pathwayId}/dmp/documents/2.25.1`,
    expected: () => ACT_REFUSED,
  },
  'GET /pathways/{id}/dmp/documents/{uniqueId}/content': {
    url: (ids) => `/pathways/${ids.pathwayId}/dmp/documents/2.25.1/content`,
    expected: () => ACT_REFUSED,
  },
  'GET /pathways/{id}/dmp/documents/{uniqueId}/cda': {
    url: (ids) => `/pathways/${ids.pathwayId}/dmp/documents/2.25.1/cda`,
    expected: () => ACT_REFUSED,
  },
  'GET /pathways/{id}/patient-conversation': {
    url: (ids) => `/pathways/${ids.pathwayId}/patient-conversation`,
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/patient-conversation/messages': {
    url: (ids) => `/pathways/${ids.pathwayId}/patient-conversation/messages`,
    send: (req) => req.send({ subject: 'Bonjour', text: 'Un message' }),
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/dmp/authorization': {
    url: (ids) => `/pathways/${ids.pathwayId}/dmp/authorization`,
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/dmp/retry': {
    url: (ids) => `/pathways/${ids.pathwayId}/dmp/retry`,
    send: (req) => req.send({ documentKind: 'bilan_initial' }),
    expected: () => ACT_REFUSED,
  },
  'GET /pathways/{id}/dmp/web-access': {
    url: (ids) => `/pathways/${ids.pathwayId}/dmp/web-access`,
    expected: () => ACT_REFUSED,
  },
  'GET /pathways/{id}/documents/{documentId}': {
    url: (ids) => `/pathways/${ids.pathwayId}/documents/${ids.documentId}`,
    // The CPTS has not opened its documents to its coordinators.
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/end-of-care': {
    url: (ids) => `/pathways/${ids.pathwayId}/end-of-care`,
    send: (req) => req.send({}),
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/referrals': {
    url: (ids) => `/pathways/${ids.pathwayId}/referrals`,
    send: (req) => req.send({ physician: { name: 'Dr Paul ROUX' }, reason: 'Avis ORL' }),
    expected: () => ACT_REFUSED,
  },
  'POST /pathways/{id}/abandon': {
    url: (ids) => `/pathways/${ids.pathwayId}/abandon`,
    send: (req) => req.send({ reason: 'pas le mien' }),
    expected: () => ACT_REFUSED,
  },
  'PUT /pathways/{id}/medecin-traitant': {
    url: (ids) => `/pathways/${ids.pathwayId}/medecin-traitant`,
    send: (req) => req.send({ medecinTraitant: { declared: false } }),
    expected: () => ACT_REFUSED,
  },
  'PUT /pathways/{id}/consent': {
    url: (ids) => `/pathways/${ids.pathwayId}/consent`,
    send: (req) => req.send({ consentementDmp: 'refused' }),
    expected: () => ACT_REFUSED,
  },
  'GET /notifications': {
    url: () => '/notifications',
    expected: (ids) => {
      const p = (ids2: Ids) => ids2.pathwayId;
      return {
        otherOrthophoniste: [200, listing(p, ids, false)],
        otherCptsCoordinator: [200, listing(p, ids, false)],
        ownCptsCoordinator: [200, listing(p, ids, true)],
        administrator: 403,
      };
    },
  },
  'GET /patients': {
    url: () => '/patients?pageSize=100',
    expected: (ids) => {
      const patient = (ids2: Ids) => ids2.patientId;
      return {
        otherOrthophoniste: [200, listing(patient, ids, false)],
        otherCptsCoordinator: [200, listing(patient, ids, false)],
        ownCptsCoordinator: [200, listing(patient, ids, true)],
        administrator: 403,
      };
    },
  },
  'POST /patients/identify': {
    url: () => '/patients/identify',
    send: (req) =>
      req.send({
        // Another person than A's patient: identifying the same person would let them see the record.
        source: 'traits',
        traits: {
          birthFamilyName: "D'ANGELO-TEST",
          firstNames: 'ANGE',
          birthDate: '1992-02-11',
          sex: 'M',
        },
      }),
    // Any orthophoniste identifies their own patients; coordinators and administrators do not.
    expected: () => ({ ...FORBIDDEN_TO_ALL, otherOrthophoniste: 200 }),
  },
  'GET /patients/{id}': {
    url: (ids) => `/patients/${ids.patientId}`,
    expected: () => ({ ...READ, administrator: 403 }),
  },
  'POST /patients/{id}/identity-document': {
    url: (ids) => `/patients/${ids.patientId}/identity-document`,
    send: (req) => req.send({ document: 'passeport', checkedOn: today() }),
    // Practitioners only check documents; another one does not find the patient.
    expected: () => ({ ...FORBIDDEN_TO_ALL, otherOrthophoniste: OUTSIDE }),
  },
  'GET /cpts': { url: () => '/cpts', expected: () => OPEN_TO_ALL },
  'PATCH /cpts/{id}': {
    url: (ids) => `/cpts/${ids.cptsId}`,
    send: (req) => req.send({ coordinatorMssAddress: null }),
    expected: () => ({
      otherOrthophoniste: 403,
      otherCptsCoordinator: 403,
      ownCptsCoordinator: 200,
      administrator: 200,
    }),
  },
  'GET /cpts/{id}/coordinators': {
    url: (ids) => `/cpts/${ids.cptsId}/coordinators`,
    expected: () => ({
      otherOrthophoniste: 403,
      otherCptsCoordinator: 403,
      ownCptsCoordinator: 200,
      administrator: 200,
    }),
  },
  'PUT /cpts/{id}/coordinators/{idNatPs}': {
    url: (ids) => `/cpts/${ids.cptsId}/coordinators/${ids.throwawayIdNatPs}`,
    expected: () => ({ ...FORBIDDEN_TO_ALL, administrator: 200 }),
  },
  'DELETE /cpts/{id}/coordinators/{idNatPs}': {
    url: (ids) => `/cpts/${ids.cptsId}/coordinators/${ids.throwawayIdNatPs}`,
    // After the PUT above: the administrator removes the role they granted.
    expected: () => ({ ...FORBIDDEN_TO_ALL, administrator: 204 }),
  },
  'PUT /cpts/{id}/members/{practitionerId}': {
    url: (ids) => `/cpts/${ids.cptsId}/members/${ids.throwawayPractitionerId}`,
    expected: () => ({
      otherOrthophoniste: 403,
      otherCptsCoordinator: 403,
      ownCptsCoordinator: 200,
      administrator: 200,
    }),
  },
  'DELETE /cpts/{id}/members/{practitionerId}': {
    url: (ids) => `/cpts/${ids.cptsId}/members/${ids.throwawayPractitionerId}`,
    // After the PUT above.
    expected: () => ({
      otherOrthophoniste: 403,
      otherCptsCoordinator: 403,
      ownCptsCoordinator: 204,
      administrator: 204,
    }),
  },
  'GET /pathways/{id}/audit': {
    url: (ids) => `/pathways/${ids.pathwayId}/audit`,
    // The coordinator's page has no clinical free text (test/audit-verification.int-spec.ts).
    expected: () => READ,
  },
  'GET /cpts/{id}/audit': {
    url: (ids) => `/cpts/${ids.cptsId}/audit`,
    expected: () => ({
      otherOrthophoniste: OUTSIDE,
      otherCptsCoordinator: OUTSIDE,
      ownCptsCoordinator: 200,
      administrator: 200,
    }),
  },
  'GET /audit/verification': {
    url: () => '/audit/verification',
    expected: () => ({ ...FORBIDDEN_TO_ALL, administrator: 200 }),
  },
  // Figures hold no patient data: administrators see them; another CPTS's do not exist for a coordinator.
  'GET /cpts/{id}/indicators': {
    url: (ids) => `/cpts/${ids.cptsId}/indicators`,
    expected: () => ({ ...READ, administrator: 200 }),
  },
  'GET /indicators': {
    url: () => '/indicators',
    expected: () => ({ ...FORBIDDEN_TO_ALL, administrator: 200 }),
  },
  'GET /cpts/{id}/worklist': {
    url: (ids) => `/cpts/${ids.cptsId}/worklist`,
    expected: (ids) => ({
      ...READ,
      ownCptsCoordinator: [200, listing((i) => i.pathwayId, ids, false)],
    }),
  },
  // The de-identified pathway list: the CPTS's coordinators only (administrators see no patient data).
  'GET /cpts/{id}/exports/pathways.csv': {
    url: (ids) => `/cpts/${ids.cptsId}/exports/pathways.csv`,
    send: rawBytes,
    expected: (ids) => ({
      ...READ,
      ownCptsCoordinator: [200, csvNaming(ids, true, 'PAT-TROIS', false)],
      administrator: 403,
    }),
  },
  // An orthophoniste's own pathways, with their patients' names: nobody else's.
  'GET /pathways/exports/pathways.csv': {
    url: () => '/pathways/exports/pathways.csv',
    send: rawBytes,
    expected: (ids) => ({
      ...FORBIDDEN_TO_ALL,
      otherOrthophoniste: [200, csvNaming(ids, false, 'PAT-TROIS', false)],
    }),
  },
  'GET /cpts/{id}/exports/indicators.csv': {
    url: (ids) => `/cpts/${ids.cptsId}/exports/indicators.csv`,
    expected: () => ({ ...READ, administrator: 200 }),
  },
  'GET /cpts/{id}/exports/orthophonistes.csv': {
    url: (ids) => `/cpts/${ids.cptsId}/exports/orthophonistes.csv`,
    expected: () => ({ ...READ, administrator: 200 }),
  },
  'GET /cpts/{id}/reports/annual.pdf': {
    url: (ids) => `/cpts/${ids.cptsId}/reports/annual.pdf`,
    expected: () => ({ ...READ, administrator: 200 }),
  },
  // The justification sheet names the patient: the pathway's orthophoniste's evidence only.
  'GET /pathways/{id}/justification': {
    url: (ids) => `/pathways/${ids.pathwayId}/justification`,
    expected: () => ACT_REFUSED,
  },
  'GET /pathways/{id}/justification.pdf': {
    url: (ids) => `/pathways/${ids.pathwayId}/justification.pdf`,
    expected: () => ACT_REFUSED,
  },
  // The Annuaire Santé (public data), for an orthophoniste choosing a patient's médecin traitant.
  'GET /directory/physicians': {
    url: () => '/directory/physicians?name=MARTIN&town=Libourne',
    expected: () => ({
      ...FORBIDDEN_TO_ALL,
      otherOrthophoniste: [
        200,
        (body) =>
          expect(body).toEqual({
            items: [
              {
                rpps: '99700000066',
                displayName: 'Dr Julien MARTIN',
                active: true,
                mssAddress: 'julien.martin@medecin.sandbox.mssante.fr',
                places: [
                  { name: 'MAISON DE SANTE DU LIBOURNAIS', city: 'Libourne', postalCode: '33500' },
                ],
              },
            ],
          }),
      ],
    }),
  },
  'GET /practitioners': { url: () => '/practitioners', expected: () => OPEN_TO_ALL },
  'GET /practitioners/{id}/situation-exercice': {
    url: (ids) => `/practitioners/${ids.practitionerId}/situation-exercice`,
    expected: () => ({
      otherOrthophoniste: 403,
      otherCptsCoordinator: 403,
      ownCptsCoordinator: 200,
      administrator: 200,
    }),
  },
  'PUT /practitioners/{id}/situation-exercice': {
    url: (ids) => `/practitioners/${ids.practitionerId}/situation-exercice`,
    send: (req, ids) =>
      req.send({
        structure: { kind: 'msp', name: 'MSP de test', idNat: '312345678900017' },
        cadre: 'ambulatoire',
        salarie: false,
        cptsId: ids.cptsId,
        period: longestPeriod(parisDay(Date.now())),
      }),
    expected: () => FORBIDDEN_TO_ALL,
  },
  'GET /practitioners/{id}/patients': {
    url: (ids) => `/practitioners/${ids.practitionerId}/patients`,
    // Her patients and their DMP status are hers alone: not even her CPTS's coordinator.
    expected: () => FORBIDDEN_TO_ALL,
  },
  'GET /practitioners/{id}/dmp-alerts': {
    url: (ids) => `/practitioners/${ids.practitionerId}/dmp-alerts`,
    expected: () => FORBIDDEN_TO_ALL,
  },
  'PUT /practitioners/{id}/dmp-alerts': {
    url: (ids) => `/practitioners/${ids.practitionerId}/dmp-alerts`,
    send: (req) => req.send({ enabled: false }),
    expected: () => FORBIDDEN_TO_ALL,
  },
  'POST /cpts': {
    url: () => '/cpts',
    send: (req) =>
      req.send({
        name: 'CPTS du test de portée',
        identifier: `SCOPE-${randomUUID().slice(0, 8)}`,
      }),
    expected: () => ({ ...FORBIDDEN_TO_ALL, administrator: 201 }),
  },
  'POST /cpts/{id}/practitioners': {
    url: (ids) => `/cpts/${ids.cptsId}/practitioners`,
    send: (req) => req.send({ rpps: REGISTERED_RPPS }),
    // The CPTS's coordinator registers her; when the administrator comes, she is a member already.
    expected: () => ({
      otherOrthophoniste: 403,
      otherCptsCoordinator: 403,
      ownCptsCoordinator: 201,
      administrator: 409,
    }),
  },
  'POST /cpts/{id}/practitioners/bulk': {
    url: (ids) => `/cpts/${ids.cptsId}/practitioners/bulk`,
    send: (req) => req.send({ csv: `rpps\n${LISTED_RPPS}`, dryRun: true }),
    expected: () => ({
      otherOrthophoniste: 403,
      otherCptsCoordinator: 403,
      ownCptsCoordinator: [
        200,
        (body) => expect(body).toMatchObject({ summary: { already_member: 1 } }),
      ],
      administrator: 200,
    }),
  },
  'POST /practitioners/{id}/directory-sync': {
    url: (ids) => `/practitioners/${ids.listedPractitionerId}/directory-sync`,
    send: (req) => req.send({}),
    expected: () => ({
      otherOrthophoniste: 403,
      otherCptsCoordinator: 403,
      ownCptsCoordinator: 200,
      administrator: 200,
    }),
  },
  'PUT /practitioners/{id}/billing-number': {
    url: (ids) => `/practitioners/${ids.practitionerId}/billing-number`,
    send: (req) => req.send({ billingNumber: '511234567' }),
    // A's own number: A, their CPTS's coordinators and administrators set it.
    expected: () => ({
      otherOrthophoniste: 403,
      otherCptsCoordinator: 403,
      ownCptsCoordinator: 200,
      administrator: 200,
    }),
  },
};

function OPENING_OF_A(ids: Ids) {
  return {
    cptsId: ids.cptsId,
    practitionerId: ids.practitionerId,
    patientId: ids.patientId,
    medecinTraitant: { declared: false },
    consentementDmp: 'refused',
  };
}

describe('who may see and change what', () => {
  let engine: TestEngine;
  let dataSource: DataSource;
  let a: TestReferences;
  let ids: Ids;
  let sessions: Record<Caller | 'orthophonisteA', string>;

  beforeAll(async () => {
    const runtime = testRuntime();
    engine = await startTestEngine({
      api: { ...runtime.api, administrators: [TEST_ADMINISTRATOR, SECOND_ADMINISTRATOR] },
    });
    dataSource = engine.dataSource;
    // A reminder one second after opening, so that the pathway has a notification to hide.
    a = await seedReferences(dataSource, {
      bilanInitialDueAfter: 'PT1S',
      compteRenduDueAfter: 'P30D',
      reminderEvery: 'P7D',
      escalateAfterReminders: 2,
    });
    const otherCpts = await seedReferences(dataSource);
    // Another orthophoniste of A's own CPTS.
    const other = {
      id: randomUUID(),
      rpps: String(10_000_000_000 + Math.floor(Math.random() * 9e9)),
    };
    await new Directory(dataSource).savePractitioners([
      {
        id: other.id,
        rpps: other.rpps,
        familyName: 'AUTRE',
        givenNames: 'Ortho',
        professionCode: '91',
        cptsId: a.cptsId,
        mssAddress: null,
      },
    ]);
    await new SituationStore(dataSource).declare(
      other.id,
      {
        structure: { kind: 'msp', name: 'MSP de test' },
        cadre: 'ambulatoire',
        salarie: false,
        cptsId: a.cptsId,
        period: longestPeriod(parisDay(Date.now())),
      },
      { kind: 'system', id: 'test' },
    );
    sessions = {
      orthophonisteA: a.session,
      otherOrthophoniste: await testSessionCookie(dataSource, other),
      otherCptsCoordinator: await coordinatorSession(dataSource, otherCpts.cptsId),
      ownCptsCoordinator: await coordinatorSession(dataSource, a.cptsId),
      administrator: await administratorSession(dataSource),
    };

    actAs(a);
    const pathwayId = (await engine.http().post('/pathways').send(openingBody(a)).expect(201)).body
      .id as string;
    await waitFor('a reminder of the bilan', async () => {
      const { items } = await new NotificationStore(dataSource).list(
        { pathwayId },
        { page: 1, pageSize: 1 },
      );
      return items.length > 0;
    });
    const view = await engine
      .http()
      .post(`/pathways/${pathwayId}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', 'Bilan orthophonique initial')
      .field('documentDate', today())
      .expect(200);
    await waitFor('the pathway in the read model', async () => {
      const list = await engine.http().get('/pathways').expect(200);
      return (list.body.items as { id: string }[]).some((p) => p.id === pathwayId);
    });
    ids = {
      pathwayId,
      documentId: view.body.bilanInitial.document.id as string,
      patientId: a.patientId,
      cptsId: a.cptsId,
      practitionerId: a.practitionerId,
      throwawayIdNatPs: `8${String(10_000_000_000 + Math.floor(Math.random() * 9e9))}`,
      throwawayPractitionerId: randomUUID(),
      listedPractitionerId: randomUUID(),
    };
    await new Directory(dataSource).savePractitioners([
      {
        id: ids.listedPractitionerId,
        rpps: LISTED_RPPS,
        familyName: 'MARCHAND',
        givenNames: 'Théo',
        professionCode: '91',
        cptsId: a.cptsId,
        mssAddress: null,
      },
    ]);
    await new Directory(dataSource).savePractitioners([
      {
        id: ids.throwawayPractitionerId,
        rpps: String(10_000_000_000 + Math.floor(Math.random() * 9e9)),
        familyName: 'NOUVEAU',
        givenNames: 'Membre',
        professionCode: '91',
        cptsId: null,
        mssAddress: null,
      },
    ]);
  });

  afterAll(async () => {
    await engine?.close();
  });

  async function call(caller: Caller | 'orthophonisteA', operation: string) {
    const method = operation.split(' ')[0].toLowerCase() as (typeof HTTP_METHODS)[number];
    const test = CASES[operation];
    const req = httpAs(engine, sessions[caller])()[method](test.url(ids));
    return test.send ? test.send(req, ids) : req;
  }

  it('has a case for every route behind the login', async () => {
    const guarded = (await apiOperations(engine.api)).filter((o) => !PUBLIC_ROUTES.has(o));
    expect(Object.keys(CASES).sort()).toEqual(guarded.sort());
  });

  it('answers each caller as their role allows, on every route, and changes nothing it refuses', async () => {
    const answers: string[] = [];
    const wanted: string[] = [];
    for (const caller of CALLERS) {
      for (const operation of Object.keys(CASES)) {
        const expected = CASES[operation].expected(ids)[caller];
        const [status, check] = Array.isArray(expected) ? expected : [expected, undefined];
        const response = await call(caller, operation);
        answers.push(`${caller} ${operation} → ${response.status}`);
        wanted.push(`${caller} ${operation} → ${status}`);
        if (response.status === status && check) check(response.body);
        if (status === OUTSIDE && response.status === OUTSIDE) {
          // Not found says nothing of the pathway: no name, no step.
          expect(JSON.stringify(response.body)).not.toContain('PAT-TROIS');
        }
      }
    }
    expect(answers).toEqual(wanted);
    // Nothing refused reached the pathway: every change in its history is A's or the engine's.
    const history = await new AuditLog(dataSource).stream(`pathway:${ids.pathwayId}`);
    expect(history.filter((e) => e.actor.kind === 'user').map((e) => e.actor.id)).toEqual(
      history.filter((e) => e.actor.kind === 'user').map(() => `8${a.rpps}`),
    );
    const view = (await httpAs(engine, a.session)().get(`/pathways/${ids.pathwayId}`).expect(200))
      .body;
    expect(view).toMatchObject({ status: 'active', step: 'care', consentementDmp: 'given' });
  });

  it('shows a coordinator without document access no clinical free text; the orthophoniste and the audit log keep it', async () => {
    actAs(a);
    const id = (await engine.http().post('/pathways').send(openingBody(a)).expect(201)).body
      .id as string;
    const secrets = {
      title: 'Bilan — dysphagie après AVC',
      referral: 'Avis ORL : suspicion de surdité de transmission',
      abandon: 'La patiente est hospitalisée en soins palliatifs',
    };
    await engine
      .http()
      .post(`/pathways/${id}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', secrets.title)
      .field('documentDate', today())
      .expect(200);
    await engine
      .http()
      .post(`/pathways/${id}/referrals`)
      .send({ physician: { name: 'Dr Paul ROUX' }, reason: secrets.referral })
      .expect(200);
    await engine
      .http()
      .post(`/pathways/${id}/abandon`)
      .send({ reason: secrets.abandon })
      .expect(200);

    const seen = await httpAs(engine, sessions.ownCptsCoordinator)()
      .get(`/pathways/${id}`)
      .expect(200);
    const text = JSON.stringify(seen.body);
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    expect(seen.body).toMatchObject({
      status: 'abandoned',
      clinicalTextHidden: true,
      abandonReason: '[masqué]',
      referrals: [{ physician: { name: 'Dr Paul ROUX' }, reason: '[masqué]' }],
      bilanInitial: { document: { title: '[masqué]' } },
      // Nor who the patient is: the coordinator chases duties, not patients.
      patient: { displayName: '[masqué]', birthDate: null, ins: null },
    });
    const listed = await httpAs(engine, sessions.ownCptsCoordinator)()
      .get('/pathways')
      .query({ cptsId: seen.body.cpts.id, pageSize: 100 })
      .expect(200);
    const row = listed.body.items.find((item: { id: string }) => item.id === id);
    expect(row.patient).toEqual({
      id: row.patient.id,
      displayName: '[masqué]',
      birthDate: null,
      ins: null,
    });
    const searched = await httpAs(engine, sessions.ownCptsCoordinator)()
      .get('/pathways')
      .query({ cptsId: seen.body.cpts.id, patient: 'a' })
      .expect(200);
    expect(searched.body.items).toEqual([]);

    const own = await httpAs(engine, a.session)().get(`/pathways/${id}`).expect(200);
    expect(own.body).toMatchObject({
      clinicalTextHidden: false,
      abandonReason: secrets.abandon,
      referrals: [{ reason: secrets.referral }],
      bilanInitial: { document: { title: secrets.title } },
    });
    const audit = JSON.stringify(await new AuditLog(dataSource).stream(`pathway:${id}`));
    for (const secret of Object.values(secrets)) expect(audit).toContain(secret);
  });

  it('lets the orthophoniste read their document, and a coordinator once the CPTS allows it; each read is audited', async () => {
    const documentUrl = `/pathways/${ids.pathwayId}/documents/${ids.documentId}`;
    const own = await httpAs(engine, a.session)().get(documentUrl).expect(200);
    expect(Buffer.compare(own.body as Buffer, pdfBytes())).toBe(0);

    const coordinator = httpAs(engine, sessions.ownCptsCoordinator);
    const refused = await coordinator().get(documentUrl).expect(403);
    expect(refused.body.message).toMatch(/coordinatorsReadDocuments/);
    // Coordinators cannot open the documents to themselves: that is an administrator's act.
    const selfGrant = await coordinator()
      .patch(`/cpts/${ids.cptsId}`)
      .send({ coordinatorsReadDocuments: true, coordinatorMssAddress: null })
      .expect(403);
    expect(selfGrant.body).toMatchObject({
      message: expect.stringMatching(/only an administrator/),
      problems: [
        { field: 'coordinatorsReadDocuments', problem: 'is set by an administrator only' },
      ],
    });
    expect((await new Directory(dataSource).cpts(ids.cptsId))?.coordinatorsReadDocuments).toBe(
      false,
    );
    await coordinator().get(documentUrl).expect(403);
    await httpAs(engine, sessions.administrator)()
      .patch(`/cpts/${ids.cptsId}`)
      .send({ coordinatorsReadDocuments: true })
      .expect(200);
    await coordinator().get(documentUrl).expect(200);
    // Still only reading: a coordinator never acts on the pathway.
    await coordinator().post(`/pathways/${ids.pathwayId}/end-of-care`).send({}).expect(403);

    const reads = await dataSource.query<{ actor: { id: string }; payload: { as: string } }[]>(
      `SELECT actor, payload FROM audit_events
        WHERE pathway_id = $1 AND type = 'document_read' ORDER BY occurred_at`,
      [ids.pathwayId],
    );
    expect(reads.map((r) => r.payload.as)).toEqual(['practitioner', 'coordinator']);
    expect(reads[0].actor.id).toBe(`8${a.rpps}`);
  });

  it('lets a coordinator add a practitioner of no CPTS, but not take one from another CPTS; an administrator moves them, in both streams', async () => {
    const elsewhere = randomUUID();
    const otherCptsId = (await seedReferences(dataSource)).cptsId;
    actAs(a);
    await new Directory(dataSource).savePractitioners([
      {
        id: elsewhere,
        rpps: String(10_000_000_000 + Math.floor(Math.random() * 9e9)),
        familyName: 'AILLEURS',
        givenNames: 'Ortho',
        professionCode: '91',
        cptsId: otherCptsId,
        mssAddress: null,
      },
    ]);
    const refused = await httpAs(engine, sessions.ownCptsCoordinator)()
      .put(`/cpts/${ids.cptsId}/members/${elsewhere}`)
      .expect(403);
    expect(refused.body.message).toMatch(
      /member of another CPTS: only an administrator moves them/,
    );
    expect((await new Directory(dataSource).practitioner(elsewhere))?.cptsId).toBe(otherCptsId);

    await httpAs(engine, sessions.administrator)()
      .put(`/cpts/${ids.cptsId}/members/${elsewhere}`)
      .expect(200);
    expect((await new Directory(dataSource).practitioner(elsewhere))?.cptsId).toBe(ids.cptsId);
    const removed = await new AuditLog(dataSource).stream(`cpts:${otherCptsId}`);
    const added = await new AuditLog(dataSource).stream(`cpts:${ids.cptsId}`);
    expect(removed.filter((e) => e.type === 'member_removed').map((e) => e.payload)).toEqual([
      { practitionerId: elsewhere },
    ]);
    expect(
      added.filter((e) => e.type === 'member_added').map((e) => e.payload.practitionerId),
    ).toContain(elsewhere);
  });

  it('does not let an administrator name themselves coordinator; another administrator may', async () => {
    const self = await httpAs(engine, sessions.administrator)()
      .put(`/cpts/${ids.cptsId}/coordinators/${TEST_ADMINISTRATOR}`)
      .expect(403);
    expect(self.body.message).toMatch(/cannot name themselves coordinator/);
    expect(await new CoordinatorStore(dataSource).coordinatorsOf(ids.cptsId)).not.toContainEqual(
      expect.objectContaining({ idNatPs: TEST_ADMINISTRATOR }),
    );
    await httpAs(engine, await sessionOf(dataSource, SECOND_ADMINISTRATOR))()
      .put(`/cpts/${ids.cptsId}/coordinators/${TEST_ADMINISTRATOR}`)
      .expect(200);
  });

  it("applies a coordinator's removal at once", async () => {
    const me = await httpAs(engine, sessions.ownCptsCoordinator)().get('/auth/me').expect(200);
    const coordinatorId = me.body.idNatPs as string;
    expect(me.body.coordinatorOf).toEqual([ids.cptsId]);
    await httpAs(engine, sessions.administrator)()
      .delete(`/cpts/${ids.cptsId}/coordinators/${coordinatorId}`)
      .expect(204);
    await httpAs(engine, sessions.ownCptsCoordinator)()
      .get(`/pathways/${ids.pathwayId}`)
      .expect(404);
    const audit = await new AuditLog(dataSource).stream(`cpts:${ids.cptsId}`);
    expect(audit.map((e) => e.type)).toContain('coordinator_revoked');
  });
});
