import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { AuditLog } from '@app/persistence';
import { readXdmPackage } from '@app/mss';
import { encryptingDataConverter } from '@app/temporal';
import {
  PATHWAY_WORKFLOW_TYPE,
  PathwayWorkflow,
  SendToMedecinTraitantInput,
  depositDocumentUpdate,
  pathwayStateQuery,
} from '@app/workflows';
import { pathwayStartOptions } from '../../apps/shared/pathway-start';
import { DmpFilingActivities } from '../../apps/worker/dmp-filing.activities';
import { MssMailboxService } from '../../apps/worker/mss-mailbox.service';
import { MssSendingActivities } from '../../apps/worker/mss-sending.activities';
import { PathwayRecordingActivities } from '../../apps/worker/pathway-recording.activities';
import { MaildirStore } from '../../libs/mss/sandbox/maildir';
import { parseEntity, partsOf, contentTypeOf, decodedBody, field } from '../../libs/mss/mime';
import {
  TestEngine,
  TestReferences,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  testMssSandbox,
  today,
  waitFor,
  waitForView,
} from '../support/harness';
import { TEST_PAYLOAD_KEYS, testEnvironment } from '../support/test-environment';

/** Dr Claire MARTIN of the Annuaire Santé sandbox: found by RPPS, her software answers with a processed MDN. */
const MEDECIN = { rpps: '99700000011', name: 'Dr Claire MARTIN' };
const MEDECIN_ADDRESS = 'claire.martin@medecin.sandbox.mssante.fr';

interface MessageView {
  key: string;
  purpose: string;
  status: string;
  skipReason: string | null;
  messageId: string | null;
  recipient: string | null;
  delivery: { status: string } | null;
  read: { at: string; disposition: string | null } | null;
}

interface View {
  status: string;
  messages: MessageView[];
  history: { event: { type: string; [key: string]: unknown } }[];
}

/**
 * The pathway informs the médecin traitant over MSSanté (the operator sandbox:
 * real SMTP and IMAP over mutual TLS): both documents, each once, with their
 * IHE XDM package; delivery and read acknowledgments recorded as they come.
 */
describe('MSSanté messages of a pathway', () => {
  let engine: TestEngine;
  const mailboxes = () => new MaildirStore(join(testMssSandbox().maildirs, 'mail'));

  beforeAll(async () => {
    engine = await startTestEngine();
  });

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => engine.http();
  const view = async (id: string) => (await http().get(`/pathways/${id}`).expect(200)).body as View;
  const upload = (id: string, path: string, title: string) =>
    http()
      .post(`/pathways/${id}/${path}`)
      .attach('file', pdfBytes(4096), 'bilan orthophonique.pdf')
      .field('title', title)
      .field('documentDate', today())
      .expect(200);

  async function inMedecinMailbox(messageIds: string[]) {
    const all = await mailboxes().list(MEDECIN_ADDRESS, 'INBOX');
    return all.filter((m) => m.messageId && messageIds.includes(m.messageId));
  }

  it('sends the bilan initial and the compte-rendu to the médecin traitant, once each, and records their acknowledgments', async () => {
    const refs = await seedReferences(engine.dataSource);
    const id = (
      await http()
        .post('/pathways')
        .send(openingBody(refs, { medecinTraitant: { declared: true, ...MEDECIN } }))
        .expect(201)
    ).body.id as string;
    await upload(id, 'bilan-initial', 'Bilan orthophonique initial');
    await http().post(`/pathways/${id}/end-of-care`).send({ careEndedOn: today() }).expect(200);
    await upload(id, 'compte-rendu', 'Compte-rendu de fin de soins');

    const done = await waitForView(
      engine,
      id,
      'the pathway completed with both messages sent',
      (v: View) =>
        v.status === 'completed' && v.messages.filter((m) => m.status === 'sent').length === 2,
      100_000,
    );
    const ids = done.messages.map((m) => m.messageId as string);
    expect(done.messages.map((m) => [m.purpose, m.recipient])).toEqual([
      ['bilan_initial', MEDECIN_ADDRESS],
      ['compte_rendu', MEDECIN_ADDRESS],
    ]);

    const received = await inMedecinMailbox(ids);
    expect(received.map((m) => m.messageId).sort()).toEqual([...ids].sort());
    for (const message of received) {
      const entity = parseEntity(message.raw);
      expect(field(entity.headers, 'x-mss-nil')).toBeTruthy();
      expect(field(entity.headers, 'x-mss-ins')).toBe('O');
      expect(field(entity.headers, 'x-mss-codecda')).toMatch(/^(47420-5|11506-3)$/);
      expect(field(entity.headers, 'disposition-notification-to')).toContain('acces-direct@');
      const attachments = partsOf(entity).filter(
        (p) => contentTypeOf(p).type !== 'multipart/alternative',
      );
      const xdm = attachments.find((p) => contentTypeOf(p).type === 'application/zip');
      expect(xdm).toBeDefined();
      const content = readXdmPackage(decodedBody(xdm!));
      expect(content.metadataXml).toContain('279035121518989');
      const pdf = attachments.find((p) => contentTypeOf(p).type === 'application/pdf');
      expect(decodedBody(pdf!).equals(pdfBytes(4096))).toBe(true);
    }

    // The mailbox poll matches the operator's DSN and the médecin's processed MDN to each message.
    const mailbox = engine.worker.get(MssMailboxService);
    const acknowledged = await waitFor('delivery and read acknowledgments', async () => {
      await mailbox.pollOnce();
      const v = await view(id);
      return v.messages.every((m) => m.delivery?.status === 'delivered' && m.read) ? v : undefined;
    });
    expect(acknowledged.messages[0]?.read?.disposition).toMatch(/processed/);
    const audit = await new AuditLog(engine.dataSource).stream(`mss:${id}`);
    expect(audit.map((e) => e.type).sort()).toEqual([
      'mss_delivered',
      'mss_delivered',
      'mss_read',
      'mss_read',
    ]);
    expect(done.history.filter((h) => h.event.type === 'mss_sent')).toHaveLength(2);
  });

  it('records why nothing was sent when the patient declared no médecin traitant', async () => {
    const refs = await seedReferences(engine.dataSource);
    const id = (
      await http()
        .post('/pathways')
        .send(openingBody(refs, { medecinTraitant: { declared: false } }))
        .expect(201)
    ).body.id as string;
    await upload(id, 'bilan-initial', 'Bilan orthophonique initial');
    const v = await waitFor('the bilan message skipped', async () => {
      const current = await view(id);
      return current.messages[0]?.status === 'skipped' ? current : undefined;
    });
    expect(v.messages[0]).toMatchObject({
      purpose: 'bilan_initial',
      skipReason: 'no_medecin_traitant',
    });
    expect(v.history.map((h) => h.event.type)).toContain('mss_skipped');
  });

  it('sends once even when the worker dies right after the operator accepted the message', async () => {
    const refs: TestReferences = await seedReferences(engine.dataSource);
    const sender = engine.worker.get(MssSendingActivities);
    const recorder = engine.worker.get(PathwayRecordingActivities);
    const filer = engine.worker.get(DmpFilingActivities);
    let crashes = 0;
    const taskQueue = `test-${randomUUID()}`;
    const connection = await NativeConnection.connect({
      address: testEnvironment().temporalAddress,
    });
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: { codePath: testEnvironment().workflowBundlePath },
      dataConverter: encryptingDataConverter(TEST_PAYLOAD_KEYS),
      activities: {
        recordPathwayTransitions: recorder.recordPathwayTransitions.bind(recorder),
        fileInDmp: filer.fileInDmp.bind(filer),
        async sendToMedecinTraitant(input: SendToMedecinTraitantInput) {
          const outcome = await sender.sendToMedecinTraitant(input);
          if (Context.current().info.attempt === 1) {
            crashes += 1;
            // The message is at the operator; the worker "dies" before Temporal hears of it.
            throw ApplicationFailure.retryable('simulated crash after sending');
          }
          return outcome;
        },
      },
    });
    await worker.runUntil(async () => {
      const pathwayId = randomUUID();
      const handle = await engine.client.workflow.start<PathwayWorkflow>(
        PATHWAY_WORKFLOW_TYPE,
        pathwayStartOptions(
          {
            pathwayId,
            ...refs,
            medecinTraitant: { declared: true, ...MEDECIN },
            consentementDmp: 'refused',
            policy: {
              bilanInitialDueAfter: 'P30D',
              compteRenduDueAfter: 'P30D',
              reminderEvery: 'P7D',
              escalateAfterReminders: 2,
            },
            openedBy: { kind: 'user', id: 'test' },
          },
          taskQueue,
        ),
      );
      const documentId = randomUUID();
      const content = pdfBytes();
      await engine.dataSource.query(
        `INSERT INTO documents (id, pathway_id, kind, title, document_date, file_name, media_type, size_bytes, sha256, content, uploaded_by)
         VALUES ($1, $2, 'bilan_initial', 'Bilan', $3, 'bilan.pdf', 'application/pdf', $4, $5, $6, 'test')`,
        [documentId, pathwayId, today(), content.length, 'a'.repeat(64), content],
      );
      await handle.executeUpdate(depositDocumentUpdate, {
        args: [
          {
            actor: { kind: 'user', id: 'test' },
            document: {
              documentId,
              kind: 'bilan_initial',
              title: 'Bilan',
              documentDate: today(),
              mediaType: 'application/pdf',
              sizeBytes: content.length,
              sha256: 'a'.repeat(64),
            },
          },
        ],
      });
      const state = await waitFor(
        'the bilan message sent',
        async () => {
          const s = await handle.query(pathwayStateQuery);
          return s.mssDispatches?.[0]?.status === 'sent' ? s : undefined;
        },
        60_000,
      );
      const messageId = state.mssDispatches?.[0]?.messageId as string;
      expect(crashes).toBe(1);
      expect(await inMedecinMailbox([messageId])).toHaveLength(1);
      const sent = state.history.find((h) => h.event.type === 'mss_sent')?.event;
      expect(sent).toMatchObject({ alreadySent: true });
      await handle.terminate('test over');
    });
    await connection.close();
  });
});
