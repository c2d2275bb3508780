import { randomUUID } from 'node:crypto';
import { DmpClient, type DmpPatient, NORMAL_VISIBILITY, OTHER_AUTHORS, ValueSets } from '@app/dmp';
import { AuditLog, Directory } from '@app/persistence';
import {
  TEST_INS,
  TestEngine,
  coordinatorSession,
  dmpSandboxAdmin,
  httpAs,
  openingBody,
  seedReferences,
  startTestEngine,
  type TestReferences,
} from '../support/harness';

/** The run's test patient, as the DMP knows them (seedReferences). */
const PATIENT: DmpPatient = {
  ins: TEST_INS,
  birthFamilyName: 'PAT-TROIS',
  firstNames: ['DOMINIQUE', 'MARIE-LOUISE'],
  birthDate: '19790328',
  sex: 'F',
  birthPlaceCode: '51215',
};

interface Listed {
  access: {
    dmpExists: boolean;
    authorization: string;
    lastAuthorizationDate: string | null;
    renewBy: string | null;
  };
  documents: {
    uniqueId: string;
    title: string | null;
    typeLabel: string | null;
    author: string | null;
    date: string | null;
    status: string;
    hiddenFromProfessionals: boolean;
    hiddenFromPatient: boolean;
    filedByEngine: boolean;
    href: string;
  }[];
}

/**
 * Reading the patient's DMP from the pathway ("consulter les DMP de ses
 * patients"): ITI-18 and ITI-43 under the practitioner's own VIHF, so the
 * DMP's visibility rules apply (the sandbox enforces them as the DMP does);
 * the authorisation checked first and asked again when it has lapsed; every
 * list and read in the practitioner's audit stream.
 */
describe("the patient's DMP, read from a pathway", () => {
  let engine: TestEngine;
  const valueSets = ValueSets.load();

  beforeAll(async () => {
    engine = await startTestEngine();
  });

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => engine.http();

  async function open(refs: TestReferences): Promise<string> {
    return (await http().post('/pathways').send(openingBody(refs)).expect(201)).body.id as string;
  }

  async function addByOthers(tag: string) {
    const admin = await dmpSandboxAdmin();
    try {
      const visible = await admin.addDocument({
        patient: PATIENT,
        author: OTHER_AUTHORS.medecinGeneraliste,
        typeCode: '11488-4',
        title: `Consultation ${tag}`,
        text: `Consultation de médecine générale (${tag}).\r\nAudition normale.`,
        creationTime: new Date(Date.now() - 3_600_000),
      });
      const masked = await admin.addDocument({
        patient: PATIENT,
        author: OTHER_AUTHORS.kinesitherapeute,
        typeCode: '47420-5',
        title: `Bilan kinésithérapique masqué ${tag}`,
        text: 'Bilan masqué aux professionnels.',
        visibility: { ...NORMAL_VISIBILITY, hiddenFromProfessionals: true },
      });
      const hiddenFromPatient = await admin.addDocument({
        patient: PATIENT,
        author: OTHER_AUTHORS.medecinGeneraliste,
        typeCode: '11488-4',
        title: `Courrier ${tag}`,
        text: 'Courrier à expliquer au patient avant qu’il le lise.',
        visibility: { ...NORMAL_VISIBILITY, hiddenFromPatient: true },
      });
      return { visible, masked, hiddenFromPatient, cda: (id: string) => admin.submission(id) };
    } finally {
      await admin.close();
    }
  }

  it('lists what the DMP shows this practitioner, opens a document byte for byte, and audits each read', async () => {
    const refs = await seedReferences(engine.dataSource);
    const id = await open(refs);
    const tag = randomUUID().slice(0, 8);
    const added = await addByOthers(tag);

    const list = (await http().get(`/pathways/${id}/dmp/documents`).expect(200)).body as Listed;
    expect(list.access).toMatchObject({ dmpExists: true, authorization: 'valid' });
    expect(list.access.renewBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const ids = list.documents.map((d) => d.uniqueId);
    expect(ids).toContain(added.visible.uniqueId);
    // Invisible to the patient is still shown to professionals; masked from professionals is not.
    expect(ids).toContain(added.hiddenFromPatient.uniqueId);
    expect(ids).not.toContain(added.masked.uniqueId);
    const visible = list.documents.find((d) => d.uniqueId === added.visible.uniqueId);
    expect(visible).toMatchObject({
      title: `Consultation ${tag}`,
      status: 'Approved',
      filedByEngine: false,
      hiddenFromProfessionals: false,
      author: expect.stringContaining('FOURNIER-TEST'),
    });
    expect(visible?.typeLabel).toBeTruthy();
    expect(
      list.documents.find((d) => d.uniqueId === added.hiddenFromPatient.uniqueId),
    ).toMatchObject({
      hiddenFromPatient: true,
    });

    const opened = await http()
      .get(`/pathways/${id}/dmp/documents/${added.visible.uniqueId}`)
      .expect(200);
    expect(opened.body.content).toMatchObject({
      mediaType: 'text/plain',
      text: `Consultation de médecine générale (${tag}).\nAudition normale.`,
    });
    const cda = await http()
      .get(`/pathways/${id}/dmp/documents/${added.visible.uniqueId}/cda`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const admin = await dmpSandboxAdmin();
    try {
      const stored = await admin.submission(added.visible.uniqueId);
      expect((cda.body as Buffer).equals(stored?.cda as Buffer)).toBe(true);
    } finally {
      await admin.close();
    }
    const content = await http()
      .get(`/pathways/${id}/dmp/documents/${added.visible.uniqueId}/content`)
      .expect(200);
    expect(content.headers['content-type']).toMatch(/^text\/plain/);
    expect(content.text).toContain('Audition normale.');

    // Masked from professionals: as if absent for this practitioner, whatever the route.
    await http().get(`/pathways/${id}/dmp/documents/${added.masked.uniqueId}`).expect(404);
    await http().get(`/pathways/${id}/dmp/documents/${added.masked.uniqueId}/cda`).expect(404);

    const audit = await new AuditLog(engine.dataSource).stream(`user:8${refs.rpps}`);
    expect(audit.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'dmp_documents_listed',
        'dmp_document_read',
        'dmp_document_cda_read',
        'dmp_document_content_read',
      ]),
    );
    expect(audit.find((e) => e.type === 'dmp_document_read')?.payload).toEqual({
      dmpUniqueId: added.visible.uniqueId,
    });
    expect(audit.every((e) => e.pathwayId === id)).toBe(true);
  });

  it('shows a masked document to its author and to the médecin traitant DMP, as the DMP does', async () => {
    const tag = randomUUID().slice(0, 8);
    const added = await addByOthers(tag);
    const client = new DmpClient({ ...engine.runtime.dmp, valueSets });
    const admin = await dmpSandboxAdmin();
    const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const kine = OTHER_AUTHORS.kinesitherapeute;
    const doctor = OTHER_AUTHORS.medecinGeneraliste;
    try {
      await admin.setAuthorization(TEST_INS, kine.rpps, lastMonth);
      await admin.setAuthorization(TEST_INS, doctor.rpps, lastMonth);
      const ofKine = (await client.findDocuments(kine, PATIENT)).map((e) => e.uniqueId);
      expect(ofKine).toContain(added.masked.uniqueId);
      const ofDoctorBefore = (await client.findDocuments(doctor, PATIENT)).map((e) => e.uniqueId);
      expect(ofDoctorBefore).not.toContain(added.masked.uniqueId);
      await admin.setTreatingPhysician(TEST_INS, `8${doctor.rpps}`);
      const ofDoctor = (await client.findDocuments(doctor, PATIENT)).map((e) => e.uniqueId);
      expect(ofDoctor).toContain(added.masked.uniqueId);
    } finally {
      await admin.setTreatingPhysician(TEST_INS, undefined);
      await admin.close();
    }
  });

  it('asks for the patient’s authorisation again once it has lapsed, then lists', async () => {
    const eightMonthsAgo = new Date(Date.now() - 240 * 86_400_000).toISOString().slice(0, 10);
    const refs = await seedReferences(engine.dataSource, undefined, {
      authorizedOn: eightMonthsAgo,
    });
    const id = await open(refs);
    const refused = await http().get(`/pathways/${id}/dmp/documents`).expect(409);
    expect(refused.body.problems).toEqual([
      { field: 'patientAuthorization', problem: expect.stringMatching(/older than 6 months/) },
    ]);
    await http().get(`/pathways/${id}/dmp/documents/1.2.3.4`).expect(409);
    const badStatement = await http()
      .post(`/pathways/${id}/dmp/documents/authorization`)
      .send({})
      .expect(400);
    expect(badStatement.body.problems[0].field).toBe('patientAuthorizes');

    const listed = await http()
      .post(`/pathways/${id}/dmp/documents/authorization`)
      .send({ patientAuthorizes: true })
      .expect(200);
    expect((listed.body as Listed).access).toMatchObject({ authorization: 'valid' });
    expect((listed.body as Listed).access.lastAuthorizationDate).not.toBe(eightMonthsAgo);
    await http().get(`/pathways/${id}/dmp/documents`).expect(200);
    const audit = await new AuditLog(engine.dataSource).stream(`user:8${refs.rpps}`);
    expect(audit.map((e) => e.type)).toContain('dmp_authorization_recorded');
  });

  it('refuses what it cannot read: unknown pathway, unqualified identity, bad ids, coordinators', async () => {
    const refs = await seedReferences(engine.dataSource);
    const id = await open(refs);
    await http().get(`/pathways/${randomUUID()}/dmp/documents`).expect(404);
    const badId = await http().get(`/pathways/${id}/dmp/documents/not-an-oid`).expect(400);
    expect(badId.body.problems[0].field).toBe('uniqueId');
    await http().get(`/pathways/${id}/dmp/documents/2.25.1234567`).expect(404);
    const coordinator = await coordinatorSession(engine.dataSource, refs.cptsId);
    await httpAs(engine, coordinator)().get(`/pathways/${id}/dmp/documents`).expect(403);

    // A patient whose identity is only validated (VALI) has no DMP the engine may name.
    const unqualified = randomUUID();
    await new Directory(engine.dataSource).savePatients([
      {
        id: unqualified,
        insMatricule: null,
        insOid: null,
        identityStatus: 'PROV',
        birthFamilyName: 'SANS-INS',
        firstNames: 'NOE',
        usedFamilyName: null,
        birthDate: '2016-01-01',
        sex: 'M',
        birthPlaceCode: null,
      },
    ]);
    const other = (
      await http()
        .post('/pathways')
        .send(openingBody({ ...refs, patientId: unqualified }))
        .expect(201)
    ).body.id as string;
    const answer = await http().get(`/pathways/${other}/dmp/documents`).expect(409);
    expect(answer.body.message).toMatch(/not a qualified INS/);
  });
});
