import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { loadConfig } from '@app/config';
import { stepMessageId } from '@app/mss';
import { Directory, NotificationStore } from '@app/persistence';
import {
  MssSandboxes,
  SANDBOX_ENGINE_ADDRESS,
  startMssSandboxes,
} from '../apps/shared/mss-sandboxes';
import {
  TestEngine,
  openingBody,
  seedReferences,
  startTestEngine,
  startTestWorker,
  testMssRuntime,
  testPki,
  waitFor,
  type TestReferences,
} from './support/harness';
import { TcpProxy } from './support/tcp-proxy';

/** A practitioner's mailbox of this file's operator, and a sender that writes to the engine. */
const PRACTITIONER_ADDRESS = 'ortho.rappels@ortho-test.mssante.fr';
const SENDER_ADDRESS = 'logiciel@cabinet-test.mssante.fr';

const FAST = {
  bilanInitialDueAfter: 'PT1S',
  compteRenduDueAfter: 'PT1S',
  reminderEvery: 'PT1H',
  escalateAfterReminders: 5,
};

/**
 * The engine's background work as Temporal work: the mailbox and its
 * notification outbox run once per deployment however many workers run
 * (a reminder mailed once with three), a message that cannot be recorded is
 * quarantined without stopping the reading, and reminders go out by SMTP
 * while IMAP is out of reach.
 */
describe('background work with several workers', () => {
  let dataDir: string;
  let sandboxes: MssSandboxes;
  let imap: TcpProxy;
  let engine: TestEngine;
  const extraWorkers: INestApplicationContext[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'background-work-'));
    const pki = testPki();
    sandboxes = await startMssSandboxes({
      dataDir,
      pki,
      config: loadConfig({}).mss,
      ports: { smtp: 0, imap: 0, directory: 0 },
      mailboxes: [
        { address: PRACTITIONER_ADDRESS, kind: 'PER' },
        { address: SENDER_ADDRESS, kind: 'ORG', structureIdNat: pki.structureAuth.idNatStruct },
      ],
    });
    imap = await TcpProxy.start(sandboxes.operator.imap);
    const mss = testMssRuntime({
      smtp: sandboxes.operator.smtp,
      imap: { host: '127.0.0.1', port: imap.port },
      imapPassword: sandboxes.operator.imapPassword(SANDBOX_ENGINE_ADDRESS),
      directoryUrl: sandboxes.directory.baseUrl,
      maildirs: join(dataDir, 'mss-operator'),
    });
    engine = await startTestEngine({ mss: { ...mss, pollEveryMs: 300 } });
    // Three workers in all, as a CPTS-wide deployment runs them.
    for (let i = 0; i < 2; i += 1) extraWorkers.push(await startTestWorker(engine.runtime));
  });

  afterAll(async () => {
    for (const worker of extraWorkers) await worker.close();
    await engine?.close();
    await imap?.cut();
    await sandboxes?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function latePathway(): Promise<{ refs: TestReferences; pathwayId: string }> {
    const refs = await seedReferences(engine.dataSource, FAST);
    const directory = new Directory(engine.dataSource);
    const practitioner = await directory.practitioner(refs.practitionerId);
    await directory.savePractitioners([{ ...practitioner!, mssAddress: PRACTITIONER_ADDRESS }]);
    const pathwayId = (
      await engine
        .http()
        .post('/pathways')
        .send(openingBody(refs, { medecinTraitant: { declared: false } }))
        .expect(201)
    ).body.id as string;
    return { refs, pathwayId };
  }

  async function sentReminder(pathwayId: string) {
    return waitFor('the reminder mailed', async () => {
      const list = await new NotificationStore(engine.dataSource).list(
        { pathwayId, kind: 'reminder' },
        { page: 1, pageSize: 10 },
      );
      const [reminder] = list.items;
      return reminder?.deliveryStatus === 'sent' ? reminder : undefined;
    });
  }

  const inbox = () => sandboxes.operator.messages(PRACTITIONER_ADDRESS, 'INBOX');

  it('mails a reminder once with three workers', async () => {
    const { pathwayId } = await latePathway();
    const reminder = await sentReminder(pathwayId);
    const messageId = stepMessageId(
      'notification',
      `${reminder.id}:${PRACTITIONER_ADDRESS}`,
      SANDBOX_ENGINE_ADDRESS.split('@')[1],
    );
    expect(reminder.mssMessageId).toBe(messageId);
    // Several mailbox rounds later (300 ms each), still one message.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await inbox()).filter((m) => m.messageId === messageId)).toHaveLength(1);
  });

  it('quarantines a message it cannot record, and reads on past it', async () => {
    const send = (raw: Buffer) => {
      const pki = testPki();
      const transport = nodemailer.createTransport({
        host: sandboxes.operator.smtp.host,
        port: sandboxes.operator.smtp.port,
        secure: true,
        tls: {
          key: pki.structureAuth.privateKeyPem,
          cert: pki.structureAuth.certificatePem,
          ca: pki.caPem,
        },
      });
      return transport
        .sendMail({ envelope: { from: SENDER_ADDRESS, to: [SANDBOX_ENGINE_ADDRESS] }, raw })
        .finally(() => transport.close());
    };
    const message = (subject: string, id: string) =>
      Buffer.from(
        [
          `From: <${SENDER_ADDRESS}>`,
          `To: <${SANDBOX_ENGINE_ADDRESS}>`,
          `Subject: ${subject}`,
          `Message-ID: <${id}@cabinet-test.mssante.fr>`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Bonjour.',
          '',
        ].join('\r\n'),
      );
    // A message the database refuses to record as it is (a trigger of this test stands for any
    // such cause: a constraint, a value the column cannot hold): it must not stop the reading.
    await engine.dataSource.query(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.subject LIKE 'Poison%' THEN RAISE EXCEPTION 'this message cannot be recorded'; END IF;
        RETURN NEW;
      END $$`);
    await engine.dataSource.query(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON mss_incoming FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    try {
      await send(message('Poison pour le relevé', 'poison'));
      await send(message('Un message ordinaire', 'ordinaire'));
      const rows = await waitFor('both messages past the cursor', async () => {
        const found = await engine.dataSource.query<
          { messageId: string | null; reason: string | null; subject: string | null }[]
        >(
          `SELECT message_id AS "messageId", quarantine_reason AS reason, subject FROM mss_incoming
            WHERE mailbox = $1 AND (message_id = $2 OR quarantine_reason IS NOT NULL)`,
          [SANDBOX_ENGINE_ADDRESS, '<ordinaire@cabinet-test.mssante.fr>'],
        );
        return found.length >= 2 ? found : undefined;
      });
      const poisoned = rows.find((r) => r.reason !== null);
      expect(poisoned).toMatchObject({ messageId: null, subject: null });
      expect(poisoned?.reason).toBeTruthy();
      expect(rows.find((r) => r.messageId === '<ordinaire@cabinet-test.mssante.fr>')).toMatchObject(
        {
          reason: null,
          subject: 'Un message ordinaire',
        },
      );
    } finally {
      await engine.dataSource.query(`DROP TRIGGER refuse_poison ON mss_incoming`);
      await engine.dataSource.query(`DROP FUNCTION refuse_poison()`);
    }
    // And the outbox still works.
    await sentReminder((await latePathway()).pathwayId);
  });

  it('delivers reminders by SMTP while IMAP is out of reach', async () => {
    await imap.cut();
    try {
      const { pathwayId } = await latePathway();
      const reminder = await sentReminder(pathwayId);
      expect((await inbox()).some((m) => m.messageId === reminder.mssMessageId)).toBe(true);
    } finally {
      await imap.restore();
    }
  });
});
