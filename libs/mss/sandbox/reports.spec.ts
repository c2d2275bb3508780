import { simpleParser } from 'mailparser';
import { composeDsn } from './dsn';
import { composeMdn, composeReply } from './mdn';

const ORIGINAL = Buffer.from(
  [
    'From: Cabinet <secretariat@cabinet.mssante.fr>',
    'To: claire.martin@medecin.mssante.fr',
    'Subject: =?UTF-8?Q?Bilan_initi=C3=A9?=',
    'Message-ID: <orig-1@cabinet.mssante.fr>',
    'References: <older@cabinet.mssante.fr>',
    'Disposition-Notification-To: secretariat@cabinet.mssante.fr',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Le bilan.',
    '',
  ].join('\r\n'),
);

/** Every line break of a composed message is CRLF. */
function onlyCrlf(raw: Buffer): boolean {
  return !/[^\r]\n/.test(raw.toString('binary'));
}

describe('delivery status notifications', () => {
  it('reports a delivery with the ENVID, the ORCPT and the original headers', async () => {
    const { raw, messageId } = composeDsn({
      domain: 'mss-sandbox.test',
      to: 'secretariat@cabinet.mssante.fr',
      envid: 'pathway+2D42',
      arrivalDate: new Date('2025-03-01T10:00:00Z'),
      original: ORIGINAL,
      recipients: [
        {
          address: 'claire.martin@medecin.mssante.fr',
          orcpt: 'rfc822;Claire.Martin@medecin.mssante.fr',
          action: 'delivered',
          status: '2.0.0',
        },
      ],
    });
    expect(onlyCrlf(raw)).toBe(true);
    const text = raw.toString();
    expect(text).toMatch(/^From: Mail Delivery System <MAILER-DAEMON@mss-sandbox\.test>\r\n/);
    expect(text).toContain('Auto-Submitted: auto-replied');
    expect(text).toContain(`Message-ID: ${messageId}`);
    expect(text).toContain(
      'Reporting-MTA: dns; mss-sandbox.test\r\nOriginal-Envelope-Id: pathway-42\r\nArrival-Date: Sat, 01 Mar 2025 10:00:00 +0000\r\n\r\n' +
        'Original-Recipient: rfc822;Claire.Martin@medecin.mssante.fr\r\n' +
        'Final-Recipient: rfc822; claire.martin@medecin.mssante.fr\r\nAction: delivered\r\nStatus: 2.0.0\r\n',
    );
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Delivery Status Notification (Success)');
    // RET=HDRS (the default): the headers only, not the body.
    expect(text).toContain('Content-Type: text/rfc822-headers');
    expect(text).toContain('Message-ID: <orig-1@cabinet.mssante.fr>');
    expect(text).not.toContain('Le bilan.');
  });

  it('returns the whole message on failure when RET=FULL', () => {
    const text = composeDsn({
      domain: 'd',
      to: 's@x',
      ret: 'FULL',
      arrivalDate: new Date(),
      original: ORIGINAL,
      recipients: [
        {
          address: 'r@x',
          action: 'failed',
          status: '5.2.1',
          diagnostic: 'smtp; 550 5.2.1 <r@x>: mailbox disabled',
        },
      ],
    }).raw.toString();
    expect(text).toContain('Subject: Delivery Status Notification (Failure)');
    expect(text).toMatch(/Action: failed\r\nStatus: 5\.2\.1\r\nDiagnostic-Code: smtp; 550 5\.2\.1/);
    expect(text).toContain('Content-Type: message/rfc822');
    expect(text).toContain('Le bilan.');
  });
});

describe('message disposition notifications and replies', () => {
  it('composes an automatic MDN threaded on the original', async () => {
    const { raw } = composeMdn({
      domain: 'mss-sandbox.test',
      from: { address: 'dpi@cabinet-medical.mssante.fr', displayName: 'Logiciel Médical' },
      to: 'secretariat@cabinet.mssante.fr',
      original: ORIGINAL,
      disposition: 'processed',
      mode: 'automatic',
    });
    expect(onlyCrlf(raw)).toBe(true);
    const text = raw.toString();
    expect(text).toMatch(/Content-Type: multipart\/report; report-type=disposition-notification;/);
    expect(text).toContain(
      'Reporting-UA: mss-sandbox.test; MSSante operator sandbox\r\n' +
        'Original-Recipient: rfc822;dpi@cabinet-medical.mssante.fr\r\n' +
        'Final-Recipient: rfc822;dpi@cabinet-medical.mssante.fr\r\n' +
        'Original-Message-ID: <orig-1@cabinet.mssante.fr>\r\n' +
        'Disposition: automatic-action/MDN-sent-automatically; processed\r\n',
    );
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Processed: Bilan initié');
    expect(parsed.from?.value[0]).toEqual({
      address: 'dpi@cabinet-medical.mssante.fr',
      name: 'Logiciel Médical',
    });
    expect(parsed.inReplyTo).toBe('<orig-1@cabinet.mssante.fr>');
    expect(parsed.references).toEqual([
      '<older@cabinet.mssante.fr>',
      '<orig-1@cabinet.mssante.fr>',
    ]);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    // The original rides along whole, as message/rfc822.
    expect(raw.includes(ORIGINAL)).toBe(true);
  });

  it('composes a reply "Re: <subject>" without stacking Re:', async () => {
    const first = await simpleParser(
      composeReply({
        domain: 'd',
        from: { address: 'claire.martin@medecin.mssante.fr' },
        to: 'secretariat@cabinet.mssante.fr',
        original: ORIGINAL,
        text: 'Bien reçu.\nMerci.',
      }).raw,
    );
    expect(first.subject).toBe('Re: Bilan initié');
    expect(first.text).toBe('Bien reçu.\nMerci.\n');
    expect(first.inReplyTo).toBe('<orig-1@cabinet.mssante.fr>');
    const again = composeReply({
      domain: 'd',
      from: { address: 'a@b' },
      to: 'c@d',
      original: Buffer.from('Subject: RE: x\r\nMessage-ID: <m@d>\r\n\r\n'),
      text: 'ok',
    }).raw.toString();
    expect(again).toContain('Subject: RE: x\r\n');
  });
});
