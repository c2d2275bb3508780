import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AuditLog } from '@app/persistence';
import { MssMailboxService } from '../apps/worker/mss-mailbox.service';
import {
  TestEngine,
  TestReferences,
  coordinatorSession,
  httpAs,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  today,
  waitFor,
  waitForView,
} from './support/harness';

/** Dr Claire MARTIN of the Annuaire Santé sandbox: found by RPPS, her software answers with a processed MDN. */
const MEDECIN = { rpps: '99700000011', name: 'Dr Claire MARTIN' };
const MEDECIN_ADDRESS = 'claire.martin@medecin.sandbox.mssante.fr';
const BILLING_NUMBER = '751234567';

interface View {
  status: string;
  messages: {
    purpose: string;
    status: string;
    messageId: string | null;
    delivery: { status: string } | null;
    read: unknown;
  }[];
  bilanInitial: { dmp: { status: string; dmpUniqueId: string | null } | null };
  compteRendu: { dmp: { status: string; dmpUniqueId: string | null } | null } | null;
  billing: {
    instruction: string;
    prescripteurRpps: string | null;
    prescripteurBillingNumber: string | null;
    billingNumberMissing: boolean;
  };
}

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'justification-'));
  try {
    const file = join(dir, 'sheet.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pdfOf(req: request.Test): Promise<request.Response & { body: Buffer }> {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** Text as pdftotext gives it, without the spaces and line breaks the layout puts in long ids. */
const squeezed = (text: string) => text.replace(/\s+/g, '');

/**
 * The justification sheet of a pathway run to its end: both documents sent to
 * the médecin traitant over MSSanté (the operator sandbox) and filed in the
 * DMP (the DMP sandbox), their acknowledgments read back; and of a pathway
 * that sent and filed nothing, with the reasons. JSON and PDF say the same.
 */
describe('the justification sheet of a pathway', () => {
  let engine: TestEngine;
  let refs: TestReferences;

  beforeAll(async () => {
    engine = await startTestEngine();
    refs = await seedReferences(engine.dataSource);
  });

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => httpAs(engine, refs.session)();
  const upload = (id: string, path: string, title: string) =>
    http()
      .post(`/pathways/${id}/${path}`)
      .attach('file', pdfBytes(4096), 'document.pdf')
      .field('title', title)
      .field('documentDate', today())
      .expect(200);

  it('proves a completed pathway: Message-IDs with their acknowledgments, DMP ids, consent, billing numbers', async () => {
    const id = (
      await http()
        .post('/pathways')
        .send(openingBody(refs, { medecinTraitant: { declared: true, ...MEDECIN } }))
        .expect(201)
    ).body.id as string;
    // Before the billing number is on record, the view says it is missing.
    const before = (await http().get(`/pathways/${id}`).expect(200)).body as View;
    expect(before.billing).toMatchObject({
      prescripteurRpps: refs.rpps,
      prescripteurBillingNumber: null,
      billingNumberMissing: true,
    });
    expect(before.billing.instruction).toMatch(/« Prescripteur »/);
    expect(before.billing.instruction).toMatch(/n’est pas enregistré/);

    await upload(id, 'bilan-initial', 'Bilan orthophonique initial');
    await http().post(`/pathways/${id}/end-of-care`).send({ careEndedOn: today() }).expect(200);
    await upload(id, 'compte-rendu', 'Compte-rendu de fin de soins');
    await waitForView(
      engine,
      id,
      'the pathway completed, both documents sent and filed',
      (v: View) =>
        v.status === 'completed' &&
        v.messages.filter((m) => m.status === 'sent').length === 2 &&
        v.bilanInitial.dmp?.status === 'filed' &&
        v.compteRendu?.dmp?.status === 'filed',
      120_000,
    );
    const mailbox = engine.worker.get(MssMailboxService);
    const done = await waitFor('delivery and read acknowledgments', async () => {
      await mailbox.pollOnce();
      const v = (await http().get(`/pathways/${id}`).expect(200)).body as View;
      return v.messages.every((m) => m.delivery?.status === 'delivered' && m.read) ? v : undefined;
    });
    await engine.dataSource.query('UPDATE practitioners SET billing_number = $1 WHERE id = $2', [
      BILLING_NUMBER,
      refs.practitionerId,
    ]);
    const view = (await http().get(`/pathways/${id}`).expect(200)).body as View;
    expect(view.billing).toMatchObject({
      prescripteurRpps: refs.rpps,
      prescripteurBillingNumber: BILLING_NUMBER,
      billingNumberMissing: false,
    });
    expect(view.billing.instruction).toContain(BILLING_NUMBER);

    const messageIds = done.messages.map((m) => m.messageId as string);
    const dmpIds = [done.bilanInitial.dmp!.dmpUniqueId!, done.compteRendu!.dmp!.dmpUniqueId!];
    const sheet = (await http().get(`/pathways/${id}/justification`).expect(200)).body;
    expect(sheet).toMatchObject({
      pathwayId: id,
      orthophoniste: { rpps: refs.rpps, billingNumber: BILLING_NUMBER },
      patient: {
        birthFamilyName: 'PAT-TROIS',
        birthDate: '1979-03-28',
        ins: { matricule: '279035121518989' },
      },
      opening: { openedOn: today(), status: 'completed' },
      eligibility: {
        basis: 'msp',
        situation: { structure: { kind: 'msp', name: 'MSP de test' }, coversOpening: true },
      },
      documents: {
        bilanInitial: { timeliness: 'on_time', timelinessLabel: 'dans le délai' },
        compteRendu: { timeliness: 'on_time' },
      },
      consent: { current: 'given', currentLabel: 'donné', changes: [] },
      billing: { prescripteurBillingNumber: BILLING_NUMBER, billingNumberMissing: false },
    });
    expect(
      sheet.messages.map((m: Record<string, unknown>) => [m.purpose, m.messageId, m.recipient]),
    ).toEqual([
      ['bilan_initial', messageIds[0], MEDECIN_ADDRESS],
      ['compte_rendu', messageIds[1], MEDECIN_ADDRESS],
    ]);
    for (const m of sheet.messages) {
      expect(m.sentAt).toBeTruthy();
      expect(m.deliveredAt).toBeTruthy();
      expect(m.readAt).toBeTruthy();
    }
    expect(
      sheet.dmp.documents.map((d: Record<string, unknown>) => [d.status, d.dmpUniqueId]),
    ).toEqual([
      ['filed', dmpIds[0]],
      ['filed', dmpIds[1]],
    ]);
    expect(sheet.dmp.filings.map((f: { dmpUniqueId: string }) => f.dmpUniqueId)).toEqual(dmpIds);
    // No clinical free text in it.
    expect(JSON.stringify(sheet)).not.toContain('Bilan orthophonique initial');

    const pdf = await pdfOf(http().get(`/pathways/${id}/justification.pdf`));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      `attachment; filename="justification-${id}.pdf"`,
    );
    const text = pdfText(pdf.body);
    for (const wanted of [
      'Fiche de justification',
      'PAT-TROIS',
      '28/03/1979',
      '279035121518989',
      refs.rpps,
      BILLING_NUMBER,
      MEDECIN_ADDRESS,
      'MSP de test',
      'Consentement du patient',
      'donné',
      'dans le délai',
      '« Prescripteur »',
    ]) {
      expect(text).toContain(wanted);
    }
    for (const wanted of [...messageIds, ...dmpIds])
      expect(squeezed(text)).toContain(squeezed(wanted));

    // Each sheet handed out is in the orthophoniste's audit stream, with the pathway.
    const reads = (await new AuditLog(engine.dataSource).stream(`user:8${refs.rpps}`)).filter(
      (e) => e.type === 'justification_read',
    );
    expect(reads.map((e) => [e.pathwayId, e.payload.format])).toEqual([
      [id, 'json'],
      [id, 'pdf'],
    ]);
  });

  it('says why nothing was sent or filed, and the consent as it changed', async () => {
    const id = (
      await http()
        .post('/pathways')
        .send(
          openingBody(refs, { medecinTraitant: { declared: false }, consentementDmp: 'not_asked' }),
        )
        .expect(201)
    ).body.id as string;
    await http().put(`/pathways/${id}/consent`).send({ consentementDmp: 'refused' }).expect(200);
    await upload(id, 'bilan-initial', 'Bilan orthophonique initial');
    await waitForView(
      engine,
      id,
      'the bilan skipped by MSSanté and the DMP',
      (v: View) => v.messages[0]?.status === 'skipped' && v.bilanInitial.dmp?.status === 'skipped',
    );
    const sheet = (await http().get(`/pathways/${id}/justification`).expect(200)).body;
    expect(sheet.messages).toEqual([
      expect.objectContaining({
        purpose: 'bilan_initial',
        status: 'skipped',
        messageId: null,
        skipReason: 'no_medecin_traitant',
        skipReasonLabel: 'pas de médecin traitant déclaré',
      }),
    ]);
    expect(sheet.dmp.documents).toEqual([
      expect.objectContaining({
        documentKind: 'bilan_initial',
        status: 'skipped',
        skipReason: 'consent_refused',
        why: 'consentement refusé',
      }),
      expect.objectContaining({ documentKind: 'compte_rendu', status: 'not_received' }),
    ]);
    expect(sheet.consent).toMatchObject({
      current: 'refused',
      changes: [{ consentementDmp: 'refused', label: 'refusé', by: `8${refs.rpps}` }],
    });
    expect(sheet.documents.compteRendu).toBeNull();

    const text = pdfText((await pdfOf(http().get(`/pathways/${id}/justification.pdf`))).body);
    expect(text).toContain('non envoyé : pas de médecin traitant déclaré');
    expect(text).toContain('consentement refusé');
    expect(text).toMatch(/Modifié le .*refusé/);
    expect(text).toContain('ne pas avoir de médecin traitant');
  });

  it("is the pathway's orthophoniste's only: 403 for its CPTS's coordinator, 404 for another orthophoniste", async () => {
    const id = (await http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;
    const other = await seedReferences(engine.dataSource);
    const coordinator = await coordinatorSession(engine.dataSource, refs.cptsId);
    for (const path of ['justification', 'justification.pdf']) {
      const outside = await httpAs(engine, other.session)()
        .get(`/pathways/${id}/${path}`)
        .expect(404);
      expect(JSON.stringify(outside.body)).not.toContain('PAT-TROIS');
      const refused = await httpAs(engine, coordinator)()
        .get(`/pathways/${id}/${path}`)
        .expect(403);
      expect(refused.body.message).toMatch(/orthophoniste's evidence/);
    }
  });
});
