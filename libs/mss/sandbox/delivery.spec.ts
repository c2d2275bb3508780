import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Envelope, LocalDelivery } from './delivery';
import { SandboxDirectory } from './directory';
import { MaildirStore } from './maildir';

const SENDER = 'secretariat@cabinet.mssante.fr';
const DOCTOR = 'claire.martin@medecin.mssante.fr';
const SOFTWARE = 'dpi@cabinet-medical.mssante.fr';
const TRACE = {
  clientName: 'client',
  clientAddress: '127.0.0.1',
  protocol: 'ESMTPS',
  queueId: 'Q1',
};

function message(extraHeaders: string[] = []): Buffer {
  return Buffer.from(
    [
      `From: ${SENDER}`,
      `To: ${DOCTOR}`,
      'Subject: Bilan',
      'Message-ID: <m1@cabinet.mssante.fr>',
      ...extraHeaders,
      '',
      'corps',
      '',
    ].join('\r\n'),
  );
}

describe('local delivery', () => {
  let root: string;
  let store: MaildirStore;
  let directory: SandboxDirectory;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mss-delivery-spec-'));
    store = new MaildirStore(join(root, 'mail'));
    directory = new SandboxDirectory([
      { address: SENDER, kind: 'ORG' },
      { address: DOCTOR, kind: 'PER' },
      { address: SOFTWARE, kind: 'APP', autoMdn: 'displayed' },
      { address: 'panne@medecin.mssante.fr', kind: 'PER', deliveryFails: true },
    ]);
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  const delivery = (keepSentCopy = true) =>
    new LocalDelivery({ directory, store, domain: 'd.test', keepSentCopy, log: () => undefined });

  it('stores the bytes received under Return-Path, Delivered-To and Received, and a sent copy', async () => {
    const raw = message();
    await delivery().deliver({ mailFrom: SENDER, recipients: [{ address: DOCTOR }] }, raw, TRACE);
    const [stored] = await store.list(DOCTOR);
    const text = stored.raw.toString();
    expect(text).toMatch(
      /^Return-Path: <secretariat@cabinet\.mssante\.fr>\r\nDelivered-To: claire\.martin@medecin\.mssante\.fr\r\nReceived: from client /,
    );
    expect(stored.raw.subarray(stored.raw.length - raw.length).equals(raw)).toBe(true);
    expect(stored.messageId).toBe('<m1@cabinet.mssante.fr>');
    const [sent] = await store.list(SENDER, 'Sent');
    expect(sent.raw.equals(raw)).toBe(true);
    // Nobody asked for a DSN, nothing failed: the sender's INBOX stays empty.
    expect(await store.list(SENDER)).toHaveLength(0);
  });

  it('keeps no sent copy when told not to', async () => {
    await delivery(false).deliver(
      { mailFrom: SENDER, recipients: [{ address: DOCTOR }] },
      message(),
      TRACE,
    );
    expect(await store.list(SENDER, 'Sent')).toHaveLength(0);
  });

  it('reports failures by default, and not with NOTIFY=NEVER', async () => {
    const failing: Envelope = {
      mailFrom: SENDER,
      recipients: [{ address: 'panne@medecin.mssante.fr' }],
    };
    await delivery().deliver(failing, message(), TRACE);
    expect(await store.list('panne@medecin.mssante.fr')).toHaveLength(0);
    const [dsn] = await store.list(SENDER);
    expect(dsn.raw.toString()).toMatch(/Return-Path: <>[\s\S]*Action: failed\r\nStatus: 5\.2\.1/);

    await delivery().deliver(
      { ...failing, recipients: [{ address: 'panne@medecin.mssante.fr', notify: ['NEVER'] }] },
      message(),
      TRACE,
    );
    expect(await store.list(SENDER)).toHaveLength(1);
  });

  it('never reports on a report (null reverse-path)', async () => {
    await delivery().deliver(
      {
        mailFrom: '',
        recipients: [{ address: 'panne@medecin.mssante.fr', notify: ['SUCCESS', 'FAILURE'] }],
      },
      message(),
      TRACE,
    );
    expect(await store.list(SENDER)).toHaveLength(0);
  });

  it('answers an MDN request from an autoMdn mailbox, but not an MDN itself', async () => {
    const asking = message([`Disposition-Notification-To: <${SENDER}>`]);
    await delivery().deliver(
      { mailFrom: SENDER, recipients: [{ address: SOFTWARE }] },
      asking,
      TRACE,
    );
    const [mdn] = await store.list(SENDER);
    expect(mdn.raw.toString()).toContain(
      'Disposition: automatic-action/MDN-sent-automatically; displayed',
    );
    expect(mdn.subject).toBe('Read: Bilan');

    const report = message([
      `Disposition-Notification-To: <${SENDER}>`,
      'Content-Type: multipart/report; report-type=disposition-notification; boundary=x',
    ]);
    await delivery().deliver(
      { mailFrom: SENDER, recipients: [{ address: SOFTWARE }] },
      report,
      TRACE,
    );
    expect(await store.list(SENDER)).toHaveLength(1);
  });

  it('counts what a mailbox holds, for its quota', async () => {
    await delivery().deliver(
      { mailFrom: SENDER, recipients: [{ address: DOCTOR }] },
      message(),
      TRACE,
    );
    const [stored] = await store.list(DOCTOR);
    expect(await store.usage(DOCTOR)).toBe(stored.raw.length);
  });
});
