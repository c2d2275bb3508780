import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { AuditLog, Directory } from '@app/persistence';
import { MssSandboxes, startMssSandboxes } from '../../apps/shared/mss-sandboxes';
import { MssMailboxService } from '../../apps/worker/mss-mailbox.service';
import { contentTypeOf, field, parseEntity, partsOf } from '../../libs/mss/mime';
import {
  TEST_INS,
  TestEngine,
  coordinatorSession,
  httpAs,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  testPki,
  today,
  waitFor,
  type TestReferences,
} from '../support/harness';

const PATIENT_ADDRESS = `${TEST_INS.matricule}@patient.mssante.fr`;

interface Conversation {
  patientAddress: string | null;
  state: 'none' | 'open' | 'ended';
  cannotWrite: string | null;
  messages: {
    direction: string;
    subject: string;
    text: string;
    status: string;
    endsConversation: boolean;
    afterEnd: boolean;
    documents: { documentId: string }[];
  }[];
  attachable: { documentId: string; hiddenFromPatient: boolean }[];
}

/**
 * Writing to the patient over MSSanté, at their Mon espace santé address:
 * only when the practitioner asks and the INS is qualified, never with a
 * document hidden from the patient; the patient's replies recorded on the
 * pathway; `[FIN]` ending the conversation (X-MSS-MES: FIN), a later message
 * from the patient kept and marked, a new message reopening it.
 */
describe('the conversation with the patient', () => {
  let dataDir: string;
  let sandboxes: MssSandboxes;
  let engine: TestEngine;
  let refs: TestReferences;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'patient-conversation-'));
    // An operator of its own, with the test patient's Mon espace santé mailbox.
    sandboxes = await startMssSandboxes({
      dataDir,
      pki: testPki(),
      config: loadConfig({}).mss,
      ports: { smtp: 0, imap: 0, directory: 0 },
      mailboxes: [{ address: PATIENT_ADDRESS, kind: 'PATIENT' }],
    });
    engine = await startTestEngine({ mss: sandboxes.runtime });
    refs = await seedReferences(engine.dataSource);
  });

  afterAll(async () => {
    await engine?.close();
    await sandboxes?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const http = () => engine.http();
  const conversation = async (id: string) =>
    (await http().get(`/pathways/${id}/patient-conversation`).expect(200)).body as Conversation;
  const write = (id: string, body: Record<string, unknown>) =>
    http().post(`/pathways/${id}/patient-conversation/messages`).send(body);
  const inbox = () => sandboxes.operator.messages(PATIENT_ADDRESS, 'INBOX');

  async function open(patientRefs: TestReferences = refs): Promise<string> {
    return (
      await http()
        .post('/pathways')
        .send(openingBody(patientRefs, { medecinTraitant: { declared: false } }))
        .expect(201)
    ).body.id as string;
  }

  async function upload(id: string, path: string, hiddenFromPatient = false): Promise<string> {
    const answer = await http()
      .post(`/pathways/${id}/${path}`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field(
        'title',
        hiddenFromPatient ? 'Bilan (version masquée au patient)' : 'Bilan orthophonique',
      )
      .field('documentDate', today())
      .field('hiddenFromPatient', String(hiddenFromPatient))
      .expect(200);
    return answer.body.bilanInitial.document.id as string;
  }

  async function sent(id: string, count: number): Promise<Conversation> {
    return waitFor(`${count} messages sent`, async () => {
      const c = await conversation(id);
      const out = c.messages.filter((m) => m.direction === 'to_patient');
      return out.length === count && out.every((m) => m.status === 'sent') ? c : undefined;
    });
  }

  async function pollMailbox(): Promise<void> {
    await engine.worker.get(MssMailboxService).pollOnce();
  }

  it('writes to the patient, records the reply, ends with [FIN] and reopens', async () => {
    const id = await open();
    const visible = await upload(id, 'bilan-initial');
    const hidden = await upload(id, 'bilan-initial/versions', true);
    const before = await conversation(id);
    expect(before).toMatchObject({
      state: 'none',
      patientAddress: PATIENT_ADDRESS,
      cannotWrite: null,
    });
    expect(before.attachable).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ documentId: visible, hiddenFromPatient: false }),
        expect.objectContaining({ documentId: hidden, hiddenFromPatient: true }),
      ]),
    );

    const tag = randomUUID().slice(0, 8);
    await write(id, {
      subject: `Votre bilan ${tag}`,
      text: 'Bonjour,\nvoici votre bilan.\nÀ jeudi.',
      documentIds: [visible],
    }).expect(200);
    const first = await sent(id, 1);
    expect(first.state).toBe('open');
    const [delivered] = (await inbox()).filter((m) => m.subject === `Votre bilan ${tag}`);
    expect(delivered).toBeDefined();
    const entity = parseEntity(delivered.raw);
    expect(field(entity.headers, 'to')).toContain(PATIENT_ADDRESS);
    expect(field(entity.headers, 'x-mss-mes')).toBeUndefined();
    expect(partsOf(entity).some((p) => contentTypeOf(p).type === 'application/pdf')).toBe(true);

    // The patient answers from Mon espace santé; the mailbox poll keeps it on the pathway.
    await sandboxes.operator.reply(
      PATIENT_ADDRESS,
      delivered.messageId as string,
      'Merci, à jeudi.',
    );
    const replied = await waitFor('the reply', async () => {
      await pollMailbox();
      const c = await conversation(id);
      return c.messages.some((m) => m.direction === 'from_patient') ? c : undefined;
    });
    expect(replied.messages.find((m) => m.direction === 'from_patient')).toMatchObject({
      text: 'Merci, à jeudi.',
      subject: `Re: Votre bilan ${tag}`,
      afterEnd: false,
      status: 'received',
    });

    // A document hidden from the patient never goes: refused, nothing stored or sent.
    const refused = await write(id, {
      subject: 'Autre',
      text: 'Avec le document',
      documentIds: [hidden],
    }).expect(409);
    expect(refused.body.problems).toEqual([
      { field: 'documentIds[0]', problem: expect.stringMatching(/INVISIBLE_PATIENT/) },
    ]);
    expect((await conversation(id)).messages).toHaveLength(2);

    // [FIN] ends it: the operator reads X-MSS-MES: FIN, and Mon espace santé no longer lets the patient answer.
    await write(id, {
      subject: `[FIN] Fin de la prise en charge ${tag}`,
      text: 'Bonne continuation.',
    }).expect(200);
    const ended = await sent(id, 2);
    expect(ended.state).toBe('ended');
    const [end] = (await inbox()).filter(
      (m) => m.subject === `[FIN] Fin de la prise en charge ${tag}`,
    );
    expect(field(parseEntity(end.raw).headers, 'x-mss-mes')).toBe('FIN');
    await expect(
      sandboxes.operator.reply(PATIENT_ADDRESS, end.messageId as string, 'Pourquoi ?'),
    ).rejects.toThrow();

    // A reply written before the end reached the patient: recorded, and marked as after the end.
    await sandboxes.operator.reply(
      PATIENT_ADDRESS,
      delivered.messageId as string,
      'Une dernière question',
      {
        crossingTheEnd: true,
      },
    );
    const late = await waitFor('the late reply', async () => {
      await pollMailbox();
      const c = await conversation(id);
      return c.messages.find((m) => m.text === 'Une dernière question');
    });
    expect(late).toMatchObject({ direction: 'from_patient', afterEnd: true });

    // Writing again reopens the conversation.
    await write(id, { subject: 'Réponse à votre question', text: 'Voici la réponse.' }).expect(200);
    expect((await sent(id, 3)).state).toBe('open');

    const audit = await new AuditLog(engine.dataSource).stream(`user:8${refs.rpps}`);
    const written = audit.filter((e) => e.type === 'patient_message_written' && e.pathwayId === id);
    expect(written.map((e) => e.payload.endsConversation)).toEqual([false, true, false]);
  });

  it('refuses bad input, naming the problem, with nothing sent', async () => {
    const id = await open();
    const other = await open();
    const otherDocument = await upload(other, 'bilan-initial');
    const inboxBefore = (await inbox()).length;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ subject: '', text: 'x' }, 400, 'subject'],
      [{ subject: 'Ligne\nBcc: x@y.fr', text: 'x' }, 400, 'subject'],
      [{ subject: 'Sujet', text: '   ' }, 400, 'text'],
      [{ subject: 'Sujet', text: 'a'.repeat(20_001) }, 400, 'text'],
      [{ subject: 'Sujet', text: 'x', documentIds: ['pas-un-id'] }, 400, 'documentIds'],
      [{ subject: 'Sujet', text: 'x', documentIds: [otherDocument] }, 400, 'documentIds[0]'],
    ];
    for (const [body, status, fieldName] of cases) {
      const answer = await write(id, body).expect(status);
      expect(answer.body.problems.map((p: { field: string }) => p.field)).toContain(fieldName);
    }
    await write(randomUUID(), { subject: 'Sujet', text: 'x' }).expect(404);
    const coordinator = await coordinatorSession(engine.dataSource, refs.cptsId);
    await httpAs(engine, coordinator)().get(`/pathways/${id}/patient-conversation`).expect(403);
    await httpAs(engine, coordinator)()
      .post(`/pathways/${id}/patient-conversation/messages`)
      .send({ subject: 'Sujet', text: 'x' })
      .expect(403);
    expect((await conversation(id)).messages).toEqual([]);

    // No qualified INS: no Mon espace santé address to write to.
    const unqualified = randomUUID();
    await new Directory(engine.dataSource).savePatients([
      {
        id: unqualified,
        insMatricule: '279035121518989',
        insOid: TEST_INS.oid,
        identityStatus: 'VALI',
        birthFamilyName: 'PAT-TROIS',
        firstNames: 'DOMINIQUE',
        usedFamilyName: null,
        birthDate: '1979-03-28',
        sex: 'F',
        birthPlaceCode: null,
      },
    ]);
    const withoutIns = await open({ ...refs, patientId: unqualified });
    const view = await conversation(withoutIns);
    expect(view).toMatchObject({ patientAddress: null });
    expect(view.cannotWrite).toMatch(/not qualified \(VALI\)/);
    const answer = await write(withoutIns, { subject: 'Sujet', text: 'x' }).expect(409);
    expect(answer.body.message).toMatch(/not qualified/);
    expect((await inbox()).length).toBe(inboxBefore);
  });
});
