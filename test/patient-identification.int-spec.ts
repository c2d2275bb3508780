import { AuditLog } from '@app/persistence';
import { TEST_PEOPLE, TEST_VITALE_CARDS } from '@app/readers';
import {
  TestEngine,
  TestReferences,
  actAs,
  browserAgent,
  httpAs,
  openingBody,
  seedReferences,
  startTestApi,
  startTestEngine,
  testDataSource,
  testRuntime,
  today,
} from './support/harness';

/** Known to the INSi sandbox, recorded by no other test. */
const paule = TEST_PEOPLE.paule;
const typed = (person: (typeof TEST_PEOPLE)[keyof typeof TEST_PEOPLE]) => ({
  birthFamilyName: person.traits.birthFamilyName,
  firstNames: person.traits.firstNames,
  birthDate: person.traits.birthDate,
  sex: person.traits.sex,
  birthPlaceCode: person.traits.birthPlaceCode,
});

interface Answer {
  patient: { id: string; identityStatus: string; ins: { matricule: string } | null };
  insi: { code: string; messageId: string };
  problems: { field: string; problem: string }[];
  warnings: string[];
}

/**
 * Identifying a patient through the API, against the INSi sandbox (SOAP over
 * mutual TLS): from typed-in traits, a typed-in INS, a Carte Vitale read
 * (a dependant child: his INS is his own, not the card's NIR), the appli
 * carte Vitale; a document check qualifies; mismatches and unknown people
 * are told apart; another practitioner does not see the patient.
 */
describe('patient identification', () => {
  let engine: TestEngine;
  let refs: TestReferences;

  beforeAll(async () => {
    engine = await startTestEngine();
    refs = await seedReferences(engine.dataSource);
  });

  beforeEach(() => actAs(refs));

  afterAll(async () => {
    await engine?.close();
  });

  const identify = (body: Record<string, unknown>) =>
    engine.http().post('/patients/identify').send(body);

  it('retrieves the INS from typed-in traits, then qualifies it with an identity document, and the pathway can use it', async () => {
    const found = (await identify({ source: 'traits', traits: typed(paule) }).expect(200))
      .body as Answer;
    expect(found.insi.code).toBe('00');
    expect(found.patient).toMatchObject({
      identityStatus: 'RECUP',
      ins: { matricule: paule.ins.matricule },
    });

    // The same person again: the same record, not a second one.
    const again = (await identify({ source: 'traits', traits: typed(paule) }).expect(200))
      .body as Answer;
    expect(again.patient.id).toBe(found.patient.id);

    const qualified = await engine
      .http()
      .post(`/patients/${found.patient.id}/identity-document`)
      .send({ document: 'carte-nationale-identite', checkedOn: today() })
      .expect(200);
    expect(qualified.body).toMatchObject({
      identityStatus: 'QUAL',
      identityDocument: { document: 'carte-nationale-identite', checkedOn: today() },
    });
    await engine
      .http()
      .post('/pathways')
      .send(openingBody({ ...refs, patientId: found.patient.id }))
      .expect(201);

    const audit = await new AuditLog(engine.dataSource).stream(`patient:${found.patient.id}`);
    expect(audit.map((e) => [e.type, e.payload.identityStatus])).toEqual([
      ['patient_identified', 'RECUP'],
      ['patient_identified', 'RECUP'],
      ['identity_document_checked', 'QUAL'],
    ]);
    // The audit log keeps the facts of the identification, not the traits.
    expect(JSON.stringify(audit)).not.toContain('ORSONI');
  });

  it("finds a dependant child's own INS from his mother's Carte Vitale", async () => {
    const answer = (
      await identify({
        source: 'vitale',
        vitale: TEST_VITALE_CARDS.famillePatTrois,
        beneficiary: 1,
      }).expect(200)
    ).body as Answer;
    expect(answer.patient).toMatchObject({
      identityStatus: 'RECUP',
      ins: { matricule: TEST_PEOPLE.maxime.ins.matricule },
    });
    expect(answer.patient.ins?.matricule).not.toBe('279035121518989');
    expect(answer.warnings.join(' ')).toMatch(/one usual first name/);
  });

  it('checks a typed-in INS against INSi: wrong key, wrong length, Corsica, someone else’s', async () => {
    const ok = (
      await identify({
        source: 'ins',
        matricule: paule.ins.matricule,
        traits: typed(paule),
      }).expect(200)
    ).body as Answer;
    expect(ok.patient.ins?.matricule).toBe('285052A00411811');

    const wrongKey = await identify({
      source: 'ins',
      matricule: '285052A00411812',
      traits: typed(paule),
    }).expect(400);
    expect(wrongKey.body.problems[0].field).toMatch(/^matricule/);
    await identify({ source: 'ins', matricule: '28505', traits: typed(paule) }).expect(400);

    const someoneElse = await identify({
      source: 'ins',
      matricule: TEST_PEOPLE.ange.ins.matricule,
      traits: typed(paule),
    }).expect(409);
    expect(someoneElse.body.problems).toEqual([
      { field: 'matricule', problem: 'is not the INS INSi gives for these traits' },
    ]);
  });

  it('keeps an unknown person provisional, and blocks a document whose traits differ', async () => {
    const unknown = (
      await identify({
        source: 'traits',
        traits: {
          birthFamilyName: 'INCONNU-TEST',
          firstNames: 'PERSONNE',
          birthDate: '2001-02-03',
          sex: 'F',
        },
      }).expect(200)
    ).body as Answer;
    expect(unknown.insi.code).toBe('01');
    expect(unknown.patient).toMatchObject({ identityStatus: 'PROV', ins: null });
    expect(unknown.problems[0].problem).toMatch(/no identity \(01\)/);

    const refused = await engine
      .http()
      .post(`/patients/${unknown.patient.id}/identity-document`)
      .send({
        document: 'passeport',
        checkedOn: today(),
        documentTraits: {
          birthFamilyName: 'INCONNU-TEST',
          firstNames: 'PERSONNE',
          birthDate: '2001-02-04',
          sex: 'F',
        },
      })
      .expect(409);
    expect(refused.body.problems.map((p: { field: string }) => p.field)).toEqual(['birthDate']);
    // Validated without INS: VALI, never QUAL.
    const validated = await engine
      .http()
      .post(`/patients/${unknown.patient.id}/identity-document`)
      .send({ document: 'passeport', checkedOn: today() })
      .expect(200);
    expect(validated.body.identityStatus).toBe('VALI');
  });

  it('names the field at fault, and hides the patient from another practitioner', async () => {
    const bad = await identify({
      source: 'traits',
      traits: { ...typed(paule), birthDate: 'hier', sex: 'X' },
    }).expect(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field).sort()).toEqual([
      'traits.birthDate',
      'traits.sex',
    ]);
    await identify({ source: 'vitale' }).expect(400);

    const mine = (await identify({ source: 'traits', traits: typed(TEST_PEOPLE.ange) }).expect(200))
      .body as Answer;
    const other = await seedReferences(engine.dataSource);
    const asOther = httpAs(engine, other.session);
    await asOther().get(`/patients/${mine.patient.id}`).expect(404);
    await asOther()
      .post(`/patients/${mine.patient.id}/identity-document`)
      .send({ document: 'passeport', checkedOn: today() })
      .expect(404);
    const listed = await asOther().get('/patients').query({ pageSize: 100 }).expect(200);
    expect(listed.body.items.map((p: { id: string }) => p.id)).not.toContain(mine.patient.id);
    // Nor can they open a pathway for them without identifying them first.
    const refused = await asOther()
      .post('/pathways')
      .send(openingBody({ ...other, patientId: mine.patient.id }))
      .expect(400);
    expect(refused.body.problems).toEqual([
      { field: 'patientId', problem: 'no patient has this id' },
    ]);
    await httpAs(engine, refs.session)()
      .post('/pathways')
      .send(openingBody({ ...refs, patientId: mine.patient.id }))
      .expect(201);
  });
});

/**
 * Each identification reaches INSi: a practitioner is limited to
 * RATE_LIMIT_IDENTIFY calls in its window, counted per practitioner (not per
 * address: colleagues of one practice share it), and told when to try again.
 */
describe('patient identification rate limit', () => {
  it('answers 429 with Retry-After past the limit, for that practitioner only', async () => {
    const dataSource = await testDataSource();
    const runtime = testRuntime();
    const api = await startTestApi({
      ...runtime,
      api: {
        ...runtime.api,
        rateLimits: { ...runtime.api.rateLimits, identify: { limit: 2, ttlMs: 60_000 } },
      },
    });
    try {
      const first = await seedReferences(dataSource);
      const second = await seedReferences(dataSource);
      const identify = (session: string) =>
        browserAgent(api, session)
          .post('/patients/identify')
          .send({ source: 'traits', traits: typed(paule) });
      await identify(first.session).expect(200);
      await identify(first.session).expect(200);
      const refused = await identify(first.session).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body.message).toMatch(/too many calls/);
      await identify(second.session).expect(200);
    } finally {
      await api.close();
      await dataSource.destroy();
    }
  });
});
