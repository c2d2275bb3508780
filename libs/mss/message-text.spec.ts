import { writtenMessage } from './message-text';

const CRLF = '\r\n';

describe('writtenMessage', () => {
  it('reads a plain reply in UTF-8 with an encoded subject', async () => {
    const raw = Buffer.from(
      [
        'From: <1@patient.mssante.fr>',
        `Subject: =?UTF-8?B?${Buffer.from('Re: Séance de jeudi').toString('base64')}?=`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Merci, à jeudi.',
        '',
      ].join(CRLF),
    );
    expect(await writtenMessage(raw)).toEqual({
      subject: 'Re: Séance de jeudi',
      text: 'Merci, à jeudi.',
    });
  });

  it('decodes the plain part of a multipart message', async () => {
    const b64 = Buffer.from('Très bien.\nÀ bientôt').toString('base64');
    const raw = Buffer.from(
      [
        'Subject: Re',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        b64,
        '--b',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '<p>Tr=C3=A8s bien.</p>',
        '--b--',
        '',
      ].join(CRLF),
    );
    expect((await writtenMessage(raw)).text).toBe('Très bien.\nÀ bientôt');
  });
});
