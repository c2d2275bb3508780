import { answeredMessageIds, readIncomingMessage } from './reports';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const SENT_ID = '<acces-direct.bilan-initial.5e2c1439@cpts.sandbox.mssante.fr>';

/** A DSN as Postfix writes one (RFC 3464): headers of the original returned, ENVID in xtext. */
const postfixDsn = crlf([
  'From: MAILER-DAEMON@mx.operateur.example (Mail Delivery System)',
  'To: acces-direct@cpts.mssante.fr',
  'Subject: Undelivered Mail Returned to Sender',
  'Date: Thu, 26 Nov 2026 10:15:02 +0100 (CET)',
  'Message-ID: <20261126091502.4F1A2@mx.operateur.example>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  '\tboundary="B1"',
  '',
  '--B1',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'I could not deliver your message.',
  '',
  '--B1',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.operateur.example',
  'Original-Envelope-Id: acces-direct.bilan-initial.5e2c1439+40cpts.sandbox.mssante.fr',
  'Arrival-Date: Thu, 26 Nov 2026 10:15:01 +0100 (CET)',
  '',
  'Final-Recipient: rfc822; claire.martin@medecin.mssante.fr',
  'Original-Recipient: rfc822;claire.martin@medecin.mssante.fr',
  'Action: failed',
  'Status: 5.2.2',
  'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full',
  '',
  '--B1',
  'Content-Type: text/rfc822-headers',
  '',
  'From: Accès direct <acces-direct@cpts.mssante.fr>',
  `Message-ID: ${SENT_ID}`,
  'Subject: XDM/1.0/DDM+Bilan orthophonique initial',
  '',
  '--B1--',
  '',
]);

/** A processing MDN as ANS asks receiving software to send, with an integration error. */
const errorMdn = crlf([
  'From: Dr Claire MARTIN <claire.martin@medecin.mssante.fr>',
  'To: acces-direct@cpts.mssante.fr',
  'Subject: [KO Intégration système !][E012] XDM/1.0/DDM+Bilan orthophonique initial',
  'Message-ID: <mdn-77@logiciel-medecin.example>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=disposition-notification; boundary="M1"',
  '',
  '--M1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Le document n’a pas pu être intégré.',
  '--M1',
  'Content-Type: message/disposition-notification',
  '',
  'Reporting-UA: logiciel-medecin.example; Logiciel 4.2',
  'Original-Recipient: rfc822;claire.martin@medecin.mssante.fr',
  'Final-Recipient: rfc822;claire.martin@medecin.mssante.fr',
  `Original-Message-ID: ${SENT_ID}`,
  'Disposition: automatic-action/MDN-sent-automatically; processed/Error: E012^patient inconnu',
  '',
  '--M1--',
  '',
]);

describe('readIncomingMessage', () => {
  it('reads a DSN: the reported message from the returned headers, the ENVID decoded, each recipient', () => {
    const dsn = readIncomingMessage(postfixDsn);
    expect(dsn).toMatchObject({
      kind: 'delivery_status',
      messageId: '<20261126091502.4F1A2@mx.operateur.example>',
      originalMessageId: SENT_ID,
      envelopeId: 'acces-direct.bilan-initial.5e2c1439@cpts.sandbox.mssante.fr',
      recipients: [
        {
          finalRecipient: 'claire.martin@medecin.mssante.fr',
          action: 'failed',
          status: '5.2.2',
          diagnosticCode: 'smtp; 552 5.2.2 Mailbox full',
        },
      ],
    });
    expect(answeredMessageIds(dsn)).toEqual([SENT_ID]);
  });

  it('matches a DSN by its ENVID when the operator returned no headers', () => {
    const withoutHeaders = Buffer.from(
      postfixDsn
        .toString('utf8')
        .replace(/--B1\r\nContent-Type: text\/rfc822-headers[\s\S]*?(?=--B1--)/, ''),
    );
    const dsn = readIncomingMessage(withoutHeaders);
    expect(dsn.kind).toBe('delivery_status');
    expect(answeredMessageIds(dsn)).toEqual([SENT_ID]);
  });

  it('reads an MDN with the integration error the receiving software reported', () => {
    const mdn = readIncomingMessage(errorMdn);
    expect(mdn).toMatchObject({
      kind: 'read_receipt',
      from: 'claire.martin@medecin.mssante.fr',
      originalMessageId: SENT_ID,
      finalRecipient: 'claire.martin@medecin.mssante.fr',
      dispositionType: 'processed',
      error: 'E012^patient inconnu',
    });
    expect(answeredMessageIds(mdn)).toEqual([SENT_ID]);
  });

  it('reads a reply by In-Reply-To, then References from the nearest', () => {
    const reply = readIncomingMessage(
      crlf([
        'From: claire.martin@medecin.mssante.fr',
        'Subject: Re: XDM/1.0/DDM+Bilan orthophonique initial',
        `In-Reply-To: ${SENT_ID}`,
        `References: <first@cpts.sandbox.mssante.fr> ${SENT_ID}`,
        '',
        'Merci, bien reçu.',
      ]),
    );
    expect(reply.kind).toBe('reply');
    expect(answeredMessageIds(reply)).toEqual([SENT_ID, '<first@cpts.sandbox.mssante.fr>']);
  });

  it('leaves anything else as other, answering nothing', () => {
    const other = readIncomingMessage(
      crlf(['From: newsletter@ans.example', 'Subject: Nouveautés', '', 'Bonjour']),
    );
    expect(other.kind).toBe('other');
    expect(answeredMessageIds(other)).toEqual([]);
  });
});
