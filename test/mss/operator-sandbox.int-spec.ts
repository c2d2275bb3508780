import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import {
  type Credential,
  type TestPki,
  generateTestPki,
  issueCredentialFromUntrustedCa,
  issueExpiredCredential,
} from '@app/pki';
import { MssOperatorSandbox } from '../../libs/mss/sandbox';

/**
 * The MSSanté operator sandbox over its real protocols: SMTP with nodemailer
 * and IMAP with imapflow, both over mutual TLS with the test PKI, the way
 * the engine's sender and receiver will talk to a real operator.
 */

const ORTHO = 'secretariat@cabinet-ortho.mssante.fr';
const OTHER_STRUCTURE = 'accueil@autre-structure.mssante.fr';
const DOCTOR = 'claire.martin@medecin.mssante.fr';
const SOFTWARE = 'dpi@cabinet-medical.mssante.fr';
const FULL = 'plein@medecin.mssante.fr';
const BROKEN = 'panne@medecin.mssante.fr';

/** SMTP: the handshake fails (alert, or the socket closed right after it) before any reply. */
const TLS_REFUSED = { code: expect.stringMatching(/^(ESOCKET|ECONNECTION)$/) };
/** IMAP: Dovecot finishes the handshake but refuses any login without a valid certificate. */
const LOGIN_REFUSED = {
  authenticationFailed: true,
  responseText: expect.stringMatching(/valid SSL certificate/),
};

interface ClientTls {
  key?: string;
  cert?: string;
  ca: string[];
}

describe('MSSanté operator sandbox', () => {
  let pki: TestPki;
  let dataDir: string;
  let sandbox: MssOperatorSandbox;
  let tls: ClientTls;

  beforeAll(async () => {
    pki = generateTestPki({ password: 'mss-sandbox-test' });
    tls = tlsOf(pki.structureAuth, pki.caPem);
    dataDir = await mkdtemp(join(tmpdir(), 'mss-sandbox-test-'));
    sandbox = await MssOperatorSandbox.start({
      // Below a 0700 folder, as when the checkout sits under /root: Dovecot must cope.
      dataDir: join(dataDir, 'operator'),
      tls: {
        caPem: pki.caPem,
        keyPem: pki.server.privateKeyPem,
        certificatePem: pki.server.certificatePem,
      },
      domain: 'mss-sandbox.test',
      mailboxes: [
        { address: ORTHO, kind: 'ORG', structureIdNat: pki.structureAuth.idNatStruct },
        { address: OTHER_STRUCTURE, kind: 'ORG', structureIdNat: '499700000009999' },
        { address: DOCTOR, kind: 'PER', displayName: 'Dr Claire Martin' },
        { address: SOFTWARE, kind: 'APP', autoMdn: 'processed' },
        { address: FULL, kind: 'PER', quotaBytes: 1_000 },
        { address: BROKEN, kind: 'PER', deliveryFails: true },
      ],
    });
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  function send(mail: Mail.Options, clientTls: ClientTls = tls) {
    const transport = nodemailer.createTransport({
      host: sandbox.smtp.host,
      port: sandbox.smtp.port,
      secure: true,
      tls: clientTls,
      connectionTimeout: 5_000,
    });
    return transport.sendMail(mail).finally(() => transport.close());
  }

  async function withImap<T>(
    user: string,
    run: (client: ImapFlow) => Promise<T>,
    clientTls: ClientTls = tls,
  ): Promise<T> {
    const client = new ImapFlow({
      host: sandbox.imap.host,
      port: sandbox.imap.port,
      secure: true,
      tls: clientTls,
      auth: { user, pass: sandbox.imapPassword(user) },
      logger: false,
      connectionTimeout: 5_000,
    });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.logout();
    }
  }

  it('delivers a message with a 5 MB PDF that IMAP returns byte for byte', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5 * 1024 * 1024)]);
    const raw = await new MailComposer({
      from: ORTHO,
      to: DOCTOR,
      subject: 'Bilan orthophonique initial – Mme Dupont',
      text: 'Veuillez trouver ci-joint le bilan.',
      attachments: [{ filename: 'bilan.pdf', content: pdf, contentType: 'application/pdf' }],
    })
      .compile()
      .build();

    const info = await send({ envelope: { from: ORTHO, to: [DOCTOR] }, raw });
    expect(info.response).toMatch(/^250 /);

    const source = await withImap(DOCTOR, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const found = await client.fetchOne('*', { source: true });
        return found ? found.source : undefined;
      } finally {
        lock.release();
      }
    });
    expect(source).toBeDefined();
    // What was sent, untouched, below the delivery's trace headers.
    expect(source!.subarray(source!.length - raw.length).equals(raw)).toBe(true);
    expect(source!.subarray(0, source!.length - raw.length).toString()).toMatch(
      /^Return-Path: <secretariat@cabinet-ortho\.mssante\.fr>\r\nDelivered-To: claire\.martin@medecin\.mssante\.fr\r\n/,
    );
    const parsed = await simpleParser(source!);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0].content.equals(pdf)).toBe(true);
  });

  it('refuses SMTP and IMAP without a client certificate', async () => {
    const before = (await sandbox.messages(DOCTOR)).length;
    const bare = { ca: pki.caPem };
    await expect(
      send({ from: ORTHO, to: DOCTOR, subject: 'x', text: 'x' }, bare),
    ).rejects.toMatchObject(TLS_REFUSED);
    await expect(withImap(DOCTOR, async () => 'in', bare)).rejects.toMatchObject(LOGIN_REFUSED);
    expect(await sandbox.messages(DOCTOR)).toHaveLength(before);
  });

  it('refuses a certificate from another CA, and an expired one', async () => {
    const before = (await sandbox.messages(DOCTOR)).length;
    const untrusted = issueCredentialFromUntrustedCa('ORG_AUTH_CLI');
    const otherCa = tlsOf(untrusted.credential, pki.caPem);
    const expired = tlsOf(issueExpiredCredential(pki, 'ORG_AUTH_CLI'), pki.caPem);
    const mail = { from: ORTHO, to: DOCTOR, subject: 'x', text: 'x' };
    await expect(send(mail, otherCa)).rejects.toMatchObject(TLS_REFUSED);
    await expect(send(mail, expired)).rejects.toMatchObject(TLS_REFUSED);
    await expect(withImap(DOCTOR, async () => 'in', otherCa)).rejects.toMatchObject(LOGIN_REFUSED);
    await expect(withImap(DOCTOR, async () => 'in', expired)).rejects.toMatchObject(LOGIN_REFUSED);
    expect(await sandbox.messages(DOCTOR)).toHaveLength(before);
  });

  it('answers 550 5.1.1 for an unknown recipient and stores nothing', async () => {
    const sentBefore = (await sandbox.messages(ORTHO, 'Sent')).length;
    await expect(
      send({ from: ORTHO, to: 'inconnu@medecin.mssante.fr', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining('5.1.1') });
    expect(await sandbox.messages('inconnu@medecin.mssante.fr')).toHaveLength(0);
    expect(await sandbox.messages(ORTHO, 'Sent')).toHaveLength(sentBefore);
  });

  it('answers 553 5.7.1 when the certificate may not send from that mailbox', async () => {
    await expect(
      send({ from: OTHER_STRUCTURE, to: DOCTOR, subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 553, response: expect.stringContaining('5.7.1') });
    await expect(
      send({ from: 'inconnu@cabinet-ortho.mssante.fr', to: DOCTOR, subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 553 });
  });

  it('answers 552 5.2.2 once a mailbox is over its quota', async () => {
    // The message that crosses the limit goes in (quota grace); the next is refused.
    await send({ from: ORTHO, to: FULL, subject: 'un', text: 'x'.repeat(2_000) });
    await expect(send({ from: ORTHO, to: FULL, subject: 'deux', text: 'x' })).rejects.toMatchObject(
      { responseCode: 552, response: expect.stringContaining('5.2.2 ') },
    );
    expect((await sandbox.messages(FULL)).map((message) => message.subject)).toEqual(['un']);
  });

  it("keeps a sent copy that IMAP finds in the sender's Sent by Message-ID", async () => {
    const info = await send({ from: ORTHO, to: DOCTOR, subject: 'Copie', text: 'copie' });
    const uids = await withImap(ORTHO, async (client) => {
      const lock = await client.getMailboxLock('Sent');
      try {
        return await client.search({ header: { 'message-id': info.messageId } }, { uid: true });
      } finally {
        lock.release();
      }
    });
    expect(uids).toHaveLength(1);
    const other = await withImap(ORTHO, async (client) => {
      const lock = await client.getMailboxLock('Sent');
      try {
        return await client.search({ header: { 'message-id': '<absent@nowhere>' } });
      } finally {
        lock.release();
      }
    });
    expect(other).toHaveLength(0);
  });

  it("sends a DSN to the sender's INBOX naming the recipient and the ENVID", async () => {
    const envid = `pathway-${randomBytes(4).toString('hex')}`;
    const info = await send({
      from: ORTHO,
      to: DOCTOR,
      subject: 'Avec DSN',
      text: 'dsn',
      dsn: { id: envid, return: 'headers', notify: ['success', 'failure'], recipient: DOCTOR },
    });
    const report = (await sandbox.messages(ORTHO)).find((message) =>
      message.raw.includes(`Original-Envelope-Id: ${envid}`),
    );
    expect(report).toBeDefined();
    const parsed = await simpleParser(report!.raw);
    expect(parsed.from?.text).toContain('MAILER-DAEMON@mss-sandbox.test');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    const text = report!.raw.toString();
    expect(text).toMatch(/Content-Type: multipart\/report; report-type=delivery-status/);
    expect(text).toContain('Reporting-MTA: dns; mss-sandbox.test');
    expect(text).toContain(`Final-Recipient: rfc822; ${DOCTOR}`);
    expect(text).toContain(`Original-Recipient: rfc822;${DOCTOR}`);
    expect(text).toMatch(/Action: delivered\r\nStatus: 2\.0\.0/);
    expect(text).toContain('Content-Type: text/rfc822-headers');
    expect(text).toContain(`Message-ID: ${info.messageId}`);
  });

  it('reports a failure DSN (5.2.1) for a mailbox whose delivery fails, storing nothing', async () => {
    await send({
      from: ORTHO,
      to: BROKEN,
      subject: 'Perdu',
      text: 'x',
      dsn: { id: 'env-broken', return: 'full', notify: ['failure'] },
    });
    expect(await sandbox.messages(BROKEN)).toHaveLength(0);
    const report = (await sandbox.messages(ORTHO)).find((message) =>
      message.raw.includes('Original-Envelope-Id: env-broken'),
    );
    const text = report?.raw.toString() ?? '';
    expect(text).toMatch(/Action: failed\r\nStatus: 5\.2\.1\r\nDiagnostic-Code: smtp; 550 5\.2\.1/);
    expect(text).toContain('Content-Type: message/rfc822');
  });

  it('answers automatically with an MDN from a software mailbox', async () => {
    const info = await send({
      from: ORTHO,
      to: SOFTWARE,
      subject: 'Compte-rendu',
      text: 'cr',
      headers: { 'Disposition-Notification-To': ORTHO },
    });
    const mdn = (await sandbox.messages(ORTHO)).find((message) =>
      message.raw.includes(`Original-Message-ID: ${info.messageId}`),
    );
    expect(mdn).toBeDefined();
    const parsed = await simpleParser(mdn!.raw);
    expect(parsed.inReplyTo).toBe(info.messageId);
    expect(parsed.from?.value[0].address).toBe(SOFTWARE);
    const text = mdn!.raw.toString();
    expect(text).toMatch(/report-type=disposition-notification/);
    expect(text).toContain(`Final-Recipient: rfc822;${SOFTWARE}`);
    expect(text).toContain('Disposition: automatic-action/MDN-sent-automatically; processed');
    // No MDN from a mailbox that does not answer by itself.
    const plain = await send({
      from: ORTHO,
      to: DOCTOR,
      subject: 'Sans MDN auto',
      text: 'x',
      headers: { 'Disposition-Notification-To': ORTHO },
    });
    expect(
      (await sandbox.messages(ORTHO)).some((message) =>
        message.raw.includes(`Original-Message-ID: ${plain.messageId}`),
      ),
    ).toBe(false);

    // …until the doctor opens it and answers by hand.
    await sandbox.sendReadReceipt(DOCTOR, plain.messageId);
    await sandbox.reply(DOCTOR, plain.messageId, 'Bien reçu, merci.');
    const inbox = await sandbox.messages(ORTHO);
    const receipt = inbox.find((message) =>
      message.raw.includes(`Original-Message-ID: ${plain.messageId}`),
    );
    expect(receipt?.raw.toString()).toContain(
      'Disposition: manual-action/MDN-sent-manually; displayed',
    );
    const reply = await simpleParser(inbox[inbox.length - 1].raw);
    expect(reply.subject).toBe('Re: Sans MDN auto');
    expect(reply.inReplyTo).toBe(plain.messageId);
    expect(reply.text?.trim()).toBe('Bien reçu, merci.');
    expect((await sandbox.messages(DOCTOR, 'Sent')).map((message) => message.subject)).toEqual([
      'Re: Sans MDN auto',
    ]);
  });

  it('adds a mailbox while running, reachable over SMTP and IMAP at once', async () => {
    const address = `nouveau-${randomBytes(3).toString('hex')}@medecin.mssante.fr`;
    await sandbox.addMailbox({ address, kind: 'PER' });
    await send({ from: ORTHO, to: address, subject: 'Bienvenue', text: 'x' });
    const count = await withImap(address, async (client) => inboxCount(client));
    expect(count).toBe(1);
  });

  it('refuses connections while suspended and comes back on the same ports with the mail', async () => {
    const before = await sandbox.messages(DOCTOR);
    const ports = { smtp: sandbox.smtp.port, imap: sandbox.imap.port };
    await sandbox.suspend();
    await expect(send({ from: ORTHO, to: DOCTOR, subject: 'x', text: 'x' })).rejects.toMatchObject({
      code: 'ESOCKET',
    });
    await expect(withImap(DOCTOR, async () => 'in')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });

    await sandbox.resume();
    expect({ smtp: sandbox.smtp.port, imap: sandbox.imap.port }).toEqual(ports);
    await send({ from: ORTHO, to: DOCTOR, subject: 'Après la panne', text: 'x' });
    const count = await withImap(DOCTOR, async (client) => inboxCount(client));
    expect(count).toBe(before.length + 1);
    const after = await sandbox.messages(DOCTOR);
    expect(after.slice(0, before.length).map((message) => message.messageId)).toEqual(
      before.map((message) => message.messageId),
    );
  });
});

async function inboxCount(client: ImapFlow): Promise<number | undefined> {
  const status = await client.status('INBOX', { messages: true });
  return status ? status.messages : undefined;
}

function tlsOf(credential: Credential, caPem: string[]): ClientTls {
  return { key: credential.privateKeyPem, cert: credential.certificatePem, ca: caPem };
}
