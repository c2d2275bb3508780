import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { NORMAL_VISIBILITY } from '@app/dmp';
import { buildXdmPackage } from '@app/mss';
import { type TestPki, generateTestPki } from '@app/pki';
import { aSubmission, testValueSets } from '../../libs/dmp/xds/test-fixtures';
import { MssOperatorSandbox } from '../../libs/mss/sandbox';

/**
 * Patient mailboxes of the MSSanté operator sandbox, as Mon espace santé
 * rules them: the patient never sends over SMTP, answers only a
 * professional who wrote, not after that professional ended the
 * conversation (X-MSS-MES: FIN); and no document invisible to the patient
 * reaches their mailbox.
 */

const ORTHO = 'secretariat@cabinet-ortho.mssante.fr';
const DOCTOR = 'claire.martin@medecin.mssante.fr';
/** A test INS (the ANS example) on the patient domain. */
const PATIENT = '279035121518989@patient.mssante.fr';

describe('MSSanté operator sandbox: patient mailboxes', () => {
  let pki: TestPki;
  let dataDir: string;
  let sandbox: MssOperatorSandbox;

  beforeAll(async () => {
    pki = generateTestPki({ password: 'mss-sandbox-patient' });
    dataDir = await mkdtemp(join(tmpdir(), 'mss-sandbox-patient-'));
    sandbox = await MssOperatorSandbox.start({
      dataDir: join(dataDir, 'operator'),
      tls: {
        caPem: pki.caPem,
        keyPem: pki.server.privateKeyPem,
        certificatePem: pki.server.certificatePem,
      },
      domain: 'mss-sandbox.test',
      mailboxes: [
        { address: ORTHO, kind: 'ORG', structureIdNat: pki.structureAuth.idNatStruct },
        { address: DOCTOR, kind: 'PER' },
        { address: PATIENT, kind: 'PATIENT' },
      ],
    });
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  function send(mail: Mail.Options) {
    const transport = nodemailer.createTransport({
      host: sandbox.smtp.host,
      port: sandbox.smtp.port,
      secure: true,
      tls: {
        key: pki.structureAuth.privateKeyPem,
        cert: pki.structureAuth.certificatePem,
        ca: pki.caPem,
      },
      connectionTimeout: 5_000,
    });
    return transport.sendMail(mail).finally(() => transport.close());
  }

  const subjects = async (address: string, folder: 'INBOX' | 'Sent' = 'INBOX') =>
    (await sandbox.messages(address, folder)).map((message) => message.subject);

  it('refuses a patient mailbox as MAIL FROM with 553 5.7.1', async () => {
    await expect(
      send({ from: PATIENT, to: ORTHO, subject: 'Question', text: 'Bonjour' }),
    ).rejects.toMatchObject({
      responseCode: 553,
      response: expect.stringMatching(/5\.7\.1 a patient mailbox \(Mon espace santé\) cannot send/),
    });
    expect(await subjects(ORTHO)).not.toContain('Question');
  });

  it('lets the patient answer until the professional ends the conversation', async () => {
    expect(await sandbox.conversationState(PATIENT, ORTHO)).toBe('none');
    const first = await send({ from: ORTHO, to: PATIENT, subject: 'Votre bilan', text: 'Bonjour' });
    expect(await sandbox.conversationState(PATIENT, ORTHO)).toBe('open');

    await sandbox.reply(PATIENT, first.messageId, 'Merci, bien reçu.');
    const answer = (await sandbox.messages(ORTHO)).find((m) => m.subject === 'Re: Votre bilan');
    expect((await simpleParser(answer!.raw)).inReplyTo).toBe(first.messageId);
    expect(await subjects(PATIENT, 'Sent')).toEqual(['Re: Votre bilan']);

    const end = await send({
      from: ORTHO,
      to: PATIENT,
      subject: '[FIN] Fin du suivi',
      text: 'Le suivi est terminé.',
      headers: { 'X-MSS-MES': 'FIN' },
    });
    expect(await sandbox.conversationState(PATIENT, ORTHO)).toBe('ended');
    expect(await sandbox.conversationState(PATIENT, DOCTOR)).toBe('none');
    await expect(sandbox.reply(PATIENT, first.messageId, 'Encore une question')).rejects.toThrow(
      /ended this conversation \(X-MSS-MES: FIN\)/,
    );
    await expect(sandbox.reply(PATIENT, end.messageId, 'Pourquoi ?')).rejects.toThrow(
      /ended this conversation/,
    );

    // Written before the end reached the patient: delivered.
    await sandbox.reply(PATIENT, first.messageId, 'Question écrite avant la fin', {
      crossingTheEnd: true,
    });
    expect(await subjects(PATIENT, 'Sent')).toEqual(['Re: Votre bilan', 'Re: Votre bilan']);

    // A new message from the professional opens a new conversation.
    const again = await send({ from: ORTHO, to: PATIENT, subject: 'Rendez-vous', text: 'Mardi ?' });
    expect(await sandbox.conversationState(PATIENT, ORTHO)).toBe('open');
    await sandbox.reply(PATIENT, again.messageId, 'Oui');
    expect(await subjects(ORTHO)).toContain('Re: Rendez-vous');
  });

  it('refuses at the end of DATA an XDM whose document is invisible to the patient', async () => {
    const hidden = xdm(true);
    const before = { patient: await subjects(PATIENT), sent: await subjects(ORTHO, 'Sent') };

    await expect(
      send({
        from: ORTHO,
        to: PATIENT,
        subject: 'Document caché',
        text: 'x',
        attachments: [{ filename: 'IHE_XDM.ZIP', content: hidden, contentType: 'application/zip' }],
      }),
    ).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(
        /5\.7\.1 the document in IHE_XDM\.ZIP is not visible to the patient/,
      ),
    });
    expect(await subjects(PATIENT)).toEqual(before.patient);
    expect(await subjects(ORTHO, 'Sent')).toEqual(before.sent);

    // The same archive to a professional, and a visible one to the patient, go through.
    await send({
      from: ORTHO,
      to: DOCTOR,
      subject: 'Document pour le médecin',
      text: 'x',
      attachments: [{ filename: 'IHE_XDM.ZIP', content: hidden, contentType: 'application/zip' }],
    });
    await send({
      from: ORTHO,
      to: PATIENT,
      subject: 'Document visible',
      text: 'x',
      attachments: [
        { filename: 'IHE_XDM.ZIP', content: xdm(false), contentType: 'application/zip' },
      ],
    });
    expect(await subjects(DOCTOR)).toContain('Document pour le médecin');
    expect(await subjects(PATIENT)).toContain('Document visible');
  });
});

/** An XDM made for a practitioner (as a software builds it), with this visibility. */
function xdm(hiddenFromPatient: boolean): Buffer {
  return buildXdmPackage({
    submission: aSubmission({ visibility: { ...NORMAL_VISIBILITY, hiddenFromPatient } }),
    valueSets: testValueSets(),
    sourceId: '1.2.250.1.999.2',
    submissionSetUniqueId: '2.25.329800735698586629295641978511506172918',
    entryUUID: 'urn:uuid:0f3e2c1a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    submissionTime: new Date(),
    intendedRecipients: [{ address: DOCTOR }],
    software: { name: 'Test', version: '1', vendor: 'Test' },
  }).zip;
}
