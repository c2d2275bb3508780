import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditLog, PathwayReadModel } from '@app/persistence';
import { PathwayView, viewFromReadModel } from '../apps/api/pathways/pathway.view';
import {
  TEST_INS,
  TestReferences,
  dmpSandboxAdmin,
  openingBody,
  pdfBytes,
  TestEngine,
  seedReferences,
  startTestEngine,
  today,
  waitFor,
  waitForView,
} from './support/harness';

/** A pathway driven through the HTTP API, with the real worker, Temporal server and PostgreSQL. */
describe('accès-direct pathway through the API', () => {
  let engine: TestEngine;
  let dataSource: DataSource;
  let refs: TestReferences;

  beforeAll(async () => {
    engine = await startTestEngine();
    dataSource = engine.dataSource;
  });

  beforeEach(async () => {
    refs = await seedReferences(dataSource);
  });

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => engine.http();

  async function open(extra: Record<string, unknown> = {}): Promise<string> {
    const response = await http().post('/pathways').send(openingBody(refs, extra)).expect(201);
    return response.body.id as string;
  }

  const upload = (id: string, kind: 'bilan-initial' | 'compte-rendu', title: string) =>
    http()
      .post(`/pathways/${id}/${kind}`)
      .attach('file', pdfBytes(), 'document.pdf')
      .field('title', title)
      .field('documentDate', today());

  /** Waits until the pathway has closed (its documents filed in the DMP sandbox). */
  async function completed(id: string) {
    return waitForView(
      engine,
      id,
      `pathway ${id} to complete`,
      (view: PathwayView) => view.status === 'completed',
    );
  }

  /** Waits until the read model has recorded everything the workflow did. */
  async function recorded(id: string, lastSeq: number) {
    const readModel = new PathwayReadModel(dataSource);
    return waitFor(`read model at seq ${lastSeq}`, async () => {
      const row = await readModel.get(id);
      return row && row.lastSeq >= lastSeq ? row : undefined;
    });
  }

  it('goes through every step: bilan initial, care, referral, end of care, compte-rendu, closed', async () => {
    const created = await http().post('/pathways').send(openingBody(refs)).expect(201);
    const id = created.body.id as string;
    expect(created.headers.location).toBe(`/pathways/${id}`);
    expect(created.body).toMatchObject({
      status: 'active',
      step: 'bilan_initial',
      source: 'workflow',
    });
    expect(created.body.patient.ins).toEqual({
      matricule: '279035121518989',
      oid: '1.2.250.1.213.1.4.10',
      identityStatus: 'QUAL',
    });

    const bilan = await upload(id, 'bilan-initial', 'Bilan orthophonique initial').expect(200);
    expect(bilan.body.step).toBe('care');
    expect(bilan.body.bilanInitial.document).toMatchObject({
      title: 'Bilan orthophonique initial',
      mediaType: 'application/pdf',
      sizeBytes: 2048,
    });

    const referred = await http()
      .post(`/pathways/${id}/referrals`)
      .send({
        physician: { name: 'Dr Paul ROUX', specialty: 'ORL' },
        reason: 'Suspicion de surdité',
      })
      .expect(200);
    expect(referred.body.step).toBe('care');
    expect(referred.body.referrals).toHaveLength(1);

    const ended = await http()
      .post(`/pathways/${id}/end-of-care`)
      .send({ careEndedOn: today() })
      .expect(200);
    expect(ended.body).toMatchObject({ step: 'compte_rendu', careEndedOn: today() });
    expect(ended.body.compteRendu.dueAt).toBeDefined();

    const received = await upload(id, 'compte-rendu', 'Compte-rendu de fin de rééducation').expect(
      200,
    );
    expect(received.body.compteRendu.document).toMatchObject({
      title: 'Compte-rendu de fin de rééducation',
    });

    // Both documents are filed in the patient's DMP (the sandbox), then the pathway closes.
    const closed = await completed(id);
    expect(closed).toMatchObject({ status: 'completed', step: 'closed', overdue: false });
    const events = closed.history.map((h: { event: { type: string } }) => h.event.type);
    expect(events).toEqual(
      expect.arrayContaining([
        'opened',
        'document_received',
        'referred',
        'care_ended',
        'completed',
      ]),
    );
    expect(events.filter((t: string) => t === 'dmp_filed')).toHaveLength(2);
    expect(events.at(-1)).toBe('completed');
    const filedIds = [closed.bilanInitial.dmp!.dmpUniqueId, closed.compteRendu!.dmp!.dmpUniqueId];
    const admin = await dmpSandboxAdmin();
    try {
      const inDmp = (await admin.documents(TEST_INS)).filter((d) => filedIds.includes(d.uniqueId));
      expect(inDmp.map((d) => [d.title, d.status]).sort()).toEqual([
        ['Bilan orthophonique initial', 'Approved'],
        ['Compte-rendu de fin de rééducation', 'Approved'],
      ]);
    } finally {
      await admin.close();
    }

    // The stored document is the one sent, byte for byte, with its SHA-256.
    const documentId = closed.bilanInitial.document!.id;
    const download = await http().get(`/pathways/${id}/documents/${documentId}`).expect(200);
    expect(Buffer.compare(download.body as Buffer, pdfBytes())).toBe(0);
    expect(closed.bilanInitial.document!.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The read model and the audit log caught up with every transition, and the chain holds.
    const row = await recorded(id, closed.history.length);
    expect(row).toMatchObject({
      status: 'completed',
      step: 'closed',
      referralCount: 1,
      overdue: false,
      bilanInitialDmpStatus: 'filed',
      compteRenduDmpStatus: 'filed',
    });
    const audit = new AuditLog(dataSource);
    expect(await audit.verify(`pathway:${id}`)).toEqual({
      ok: true,
      events: closed.history.length,
    });
    expect((await http().get(`/pathways/${id}`).expect(200)).body.recordedUpTo).toBe(
      closed.history.length,
    );
  });

  it('shows the same pathway from the workflow query and from the read model', async () => {
    const id = await open();
    await upload(id, 'bilan-initial', 'Bilan').expect(200);
    const live = await http().get(`/pathways/${id}`).expect(200);
    await recorded(id, live.body.history.length);

    const row = await new PathwayReadModel(dataSource).get(id);
    const auditRows = await new AuditLog(dataSource).stream(`pathway:${id}`);
    const fromReadModel = viewFromReadModel(row!, auditRows, {});
    expect(fromReadModel.recordedUpTo).toBe(live.body.history.length);
    const comparable = ({
      source: _s,
      cpts: _c,
      practitioner: _p,
      patient: _pa,
      // Made from the practitioner row, like `practitioner` (no people are given above).
      billing: _b,
      recordedUpTo: _r,
      ...rest
    }: Record<string, unknown>) => rest;
    expect(comparable(fromReadModel as unknown as Record<string, unknown>)).toEqual(
      comparable(live.body),
    );
  });

  it('takes a caller-chosen id once and refuses a second pathway with the same id', async () => {
    const id = randomUUID();
    await http().post('/pathways').send(openingBody(refs, { id })).expect(201);
    const second = await http().post('/pathways').send(openingBody(refs, { id })).expect(409);
    expect(second.body.problems).toEqual([
      { field: 'id', problem: 'already used by another pathway' },
    ]);
    const history = (await http().get(`/pathways/${id}`).expect(200)).body.history;
    expect(history).toHaveLength(1);
  });

  it('refuses a second start of the same workflow id even before the read model has it', async () => {
    const id = randomUUID();
    const [first, second] = await Promise.all([
      http().post('/pathways').send(openingBody(refs, { id })),
      http().post('/pathways').send(openingBody(refs, { id })),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
  });

  it('abandons with a reason, then refuses any further step', async () => {
    const id = await open();
    const abandoned = await http()
      .post(`/pathways/${id}/abandon`)
      .send({ reason: 'Le patient a déménagé' })
      .expect(200);
    expect(abandoned.body).toMatchObject({
      status: 'abandoned',
      step: 'closed',
      abandonReason: 'Le patient a déménagé',
    });
    const refused = await upload(id, 'bilan-initial', 'Bilan').expect(409);
    expect(refused.body.message).toContain('closed');
    await http().post(`/pathways/${id}/abandon`).send({ reason: 'again' }).expect(409);
    const row = await recorded(id, 2);
    expect(row.status).toBe('abandoned');
  });

  it('records referrals while the pathway goes on', async () => {
    const id = await open();
    await http()
      .post(`/pathways/${id}/referrals`)
      .send({
        physician: { name: 'Dr Paul ROUX', rpps: '10000000023' },
        reason: 'Avis neurologique',
      })
      .expect(200);
    const view = (await http().get(`/pathways/${id}`).expect(200)).body;
    expect(view.step).toBe('bilan_initial');
    expect(view.referrals[0]).toMatchObject({
      physician: { name: 'Dr Paul ROUX', rpps: '10000000023' },
      reason: 'Avis neurologique',
    });
    await upload(id, 'bilan-initial', 'Bilan').expect(200);
  });

  it('changes the médecin traitant (even to none) and the DMP consent at any time', async () => {
    const id = await open({ medecinTraitant: { declared: false }, consentementDmp: 'not_asked' });
    const changed = await http()
      .put(`/pathways/${id}/medecin-traitant`)
      .send({
        medecinTraitant: {
          declared: true,
          rpps: '10000000031',
          name: 'Dr Anne PETIT',
          mssAddress: 'anne.petit@medecin.mssante.fr',
        },
      })
      .expect(200);
    expect(changed.body.medecinTraitant).toEqual({
      declared: true,
      rpps: '10000000031',
      name: 'Dr Anne PETIT',
      mssAddress: 'anne.petit@medecin.mssante.fr',
    });
    const consent = await http()
      .put(`/pathways/${id}/consent`)
      .send({ consentementDmp: 'refused' })
      .expect(200);
    expect(consent.body.consentementDmp).toBe('refused');
    await http().put(`/pathways/${id}/consent`).send({ consentementDmp: 'refused' }).expect(409);
    const row = await recorded(id, 3);
    expect(row.consentementDmp).toBe('refused');
  });

  it('takes the compte-rendu during care as the end of care', async () => {
    const id = await open();
    await upload(id, 'bilan-initial', 'Bilan').expect(200);
    await upload(id, 'compte-rendu', 'Compte-rendu').expect(200);
    expect(await completed(id)).toMatchObject({ status: 'completed', careEndedOn: today() });
  });

  it('lists pathways by status, practitioner and CPTS, with paging', async () => {
    const ids = [await open(), await open(), await open()];
    await http().post(`/pathways/${ids[0]}/abandon`).send({ reason: 'test' }).expect(200);
    await recorded(ids[0], 2);
    for (const id of ids.slice(1)) await recorded(id, 1);

    const active = await http()
      .get('/pathways')
      .query({ cptsId: refs.cptsId, status: 'active' })
      .expect(200);
    expect(active.body.total).toBe(2);
    expect(active.body.items.map((p: { id: string }) => p.id).sort()).toEqual(ids.slice(1).sort());
    expect(active.body.items[0].practitioner.displayName).toBe('Ortho TEST');

    const page = await http()
      .get('/pathways')
      .query({ practitionerId: refs.practitionerId, pageSize: 2, page: 2 })
      .expect(200);
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.body.items).toHaveLength(1);

    const notOverdue = await http()
      .get('/pathways')
      .query({ cptsId: refs.cptsId, overdue: false })
      .expect(200);
    expect(notOverdue.body.total).toBe(3);
  });

  it('serves the OpenAPI description and reports its dependencies', async () => {
    const docs = await http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/pathways',
        '/pathways/{id}',
        '/pathways/{id}/bilan-initial',
        '/notifications',
        '/health',
      ]),
    );
    const health = await http().get('/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'up',
      postgres: { status: 'up' },
      temporal: { status: 'up' },
    });
  });
});
