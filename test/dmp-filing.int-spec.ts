import { DataSource } from 'typeorm';
import { getFromSandbox } from '@app/dmp';
import { AuditLog, NotificationStore } from '@app/persistence';
import {
  TEST_INS,
  TestEngine,
  TestReferences,
  dmpSandboxAdmin,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  testPki,
  today,
  waitFor,
  waitForView,
} from './support/harness';

interface View {
  status: string;
  step: string;
  history: { event: { type: string; [key: string]: unknown } }[];
  bilanInitial: {
    dmp: { status: string; waitingFor: string | null; dmpUniqueId: string | null } | null;
  };
  compteRendu: { dmp: { status: string; dmpUniqueId: string | null } | null } | null;
}

/**
 * The pathway files its documents in the patient's DMP (the sandbox, over
 * mutual TLS), as the patient's consent and the DMP's answers allow.
 */
describe('DMP filing of a pathway', () => {
  let engine: TestEngine;
  let dataSource: DataSource;

  beforeAll(async () => {
    engine = await startTestEngine();
    dataSource = engine.dataSource;
  });

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => engine.http();

  async function open(refs: TestReferences, consentementDmp = 'given'): Promise<string> {
    return (await http().post('/pathways').send(openingBody(refs, { consentementDmp })).expect(201))
      .body.id as string;
  }

  const upload = (id: string, path: string, title: string) =>
    http()
      .post(`/pathways/${id}/${path}`)
      .attach('file', pdfBytes(), 'document.pdf')
      .field('title', title)
      .field('documentDate', today());

  const viewWhen = (id: string, what: string, test: (view: View) => boolean) =>
    waitForView(engine, id, what, test);

  async function sandboxDocuments(uniqueIds: (string | null | undefined)[]) {
    const admin = await dmpSandboxAdmin();
    try {
      return (await admin.documents(TEST_INS)).filter((d) => uniqueIds.includes(d.uniqueId));
    } finally {
      await admin.close();
    }
  }

  it('files nothing when the patient refused, and says so in the audit log', async () => {
    const refs = await seedReferences(dataSource);
    const id = await open(refs, 'refused');
    await upload(id, 'bilan-initial', 'Bilan').expect(200);
    await upload(id, 'compte-rendu', 'Compte-rendu').expect(200);
    const view = await viewWhen(id, 'completion', (v) => v.status === 'completed');
    expect(view.bilanInitial.dmp).toMatchObject({
      status: 'skipped',
      skipReason: 'consent_refused',
    });
    const audit = await new AuditLog(dataSource).stream(`pathway:${id}`);
    const skips = audit.filter((e) => e.type === 'dmp_filing_skipped');
    expect(skips.map((e) => e.payload)).toEqual([
      expect.objectContaining({ documentKind: 'bilan_initial', reason: 'consent_refused' }),
      expect.objectContaining({ documentKind: 'compte_rendu', reason: 'consent_refused' }),
    ]);
    expect(audit.some((e) => e.type === 'dmp_filed')).toBe(false);
  });

  it("waits for the patient's authorisation when it has expired, then records it in the DMP and files", async () => {
    const eightMonthsAgo = new Date(Date.now() - 240 * 86_400_000).toISOString().slice(0, 10);
    const refs = await seedReferences(dataSource, undefined, { authorizedOn: eightMonthsAgo });
    const id = await open(refs);
    await upload(id, 'bilan-initial', 'Bilan orthophonique').expect(200);

    const waiting = await viewWhen(
      id,
      'the authorisation step',
      (v) => v.bilanInitial.dmp?.status === 'waiting',
    );
    expect(waiting.bilanInitial.dmp).toMatchObject({ waitingFor: 'authorization' });
    expect(String((waiting.bilanInitial.dmp as { reason?: string }).reason)).toMatch(
      /older than 6 months|EXPIRE/,
    );
    // The practitioner is told, once the transition is recorded.
    const notification = await waitFor('the notification', async () => {
      const list = await new NotificationStore(dataSource).list(
        { pathwayId: id },
        { page: 1, pageSize: 10 },
      );
      return list.items[0];
    });
    expect(notification).toMatchObject({ kind: 'action_required', topic: 'dmp_authorization' });

    await http().post(`/pathways/${id}/dmp/authorization`).send({}).expect(200);
    const filed = await viewWhen(id, 'the filing', (v) => v.bilanInitial.dmp?.status === 'filed');
    expect(await sandboxDocuments([filed.bilanInitial.dmp?.dmpUniqueId])).toHaveLength(1);
    await http().post(`/pathways/${id}/dmp/authorization`).send({}).expect(409);
  });

  it('skips a patient without DMP, with the reason', async () => {
    const refs = await seedReferences(dataSource, undefined, { hasDmp: false });
    const id = await open(refs);
    await upload(id, 'bilan-initial', 'Bilan').expect(200);
    const view = await viewWhen(id, 'the skip', (v) => v.bilanInitial.dmp?.status === 'skipped');
    expect(view.bilanInitial.dmp).toMatchObject({ skipReason: 'no_dmp' });
  });

  it('files a corrected bilan as a new version that replaces the filed one, not a duplicate', async () => {
    const refs = await seedReferences(dataSource);
    const id = await open(refs);
    await upload(id, 'bilan-initial', 'Bilan initial').expect(200);
    const first = await viewWhen(
      id,
      'the first filing',
      (v) => v.bilanInitial.dmp?.status === 'filed',
    );
    const firstId = first.bilanInitial.dmp?.dmpUniqueId;

    await upload(id, 'bilan-initial/versions', 'Bilan initial (corrigé)').expect(200);
    const second = await viewWhen(
      id,
      'the corrected filing',
      (v) => v.bilanInitial.dmp?.status === 'filed' && v.bilanInitial.dmp.dmpUniqueId !== firstId,
    );
    const secondId = second.bilanInitial.dmp?.dmpUniqueId;
    const inDmp = await sandboxDocuments([firstId, secondId]);
    expect(inDmp.map((d) => [d.uniqueId === secondId ? 'new' : 'old', d.status]).sort()).toEqual([
      ['new', 'Approved'],
      ['old', 'Deprecated'],
    ]);
    expect(second.history.at(-1)?.event).toMatchObject({
      type: 'dmp_filed',
      replacedDmpUniqueId: firstId,
    });
  });

  it("opens the patient's DMP in the portal from the pathway, without a new login (TD0.9)", async () => {
    const refs = await seedReferences(dataSource);
    const id = await open(refs);
    await upload(id, 'bilan-initial', 'Bilan pour le portail').expect(200);
    await viewWhen(id, 'the filing', (v) => v.bilanInitial.dmp?.status === 'filed');
    const { body } = await http().get(`/pathways/${id}/dmp/web-access`).expect(200);
    expect(body.expiresInSeconds).toBeGreaterThan(0);
    const page = await getFromSandbox(body.url as string, {
      ...testPki().structureAuth,
      caPem: testPki().caPem,
    });
    expect(page.status).toBe(200);
    expect(page.body.toString('utf8')).toContain('Bilan pour le portail');
  });

  it('waits for a qualified identity before filing anything', async () => {
    const refs = await seedReferences(dataSource);
    await dataSource.query(`UPDATE patients SET identity_status = 'PROV' WHERE id = $1`, [
      refs.patientId,
    ]);
    const id = await open(refs);
    await upload(id, 'bilan-initial', 'Bilan').expect(200);
    const view = await viewWhen(
      id,
      'the identity step',
      (v) => v.bilanInitial.dmp?.status === 'waiting',
    );
    expect(view.bilanInitial.dmp).toMatchObject({ waitingFor: 'identity' });
    await http().get(`/pathways/${id}/dmp/web-access`).expect(409);

    await dataSource.query(`UPDATE patients SET identity_status = 'QUAL' WHERE id = $1`, [
      refs.patientId,
    ]);
    await http()
      .post(`/pathways/${id}/dmp/retry`)
      .send({ documentKind: 'bilan_initial' })
      .expect(200);
    await viewWhen(id, 'the filing', (v) => v.bilanInitial.dmp?.status === 'filed');
  });
});
