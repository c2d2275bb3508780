import {
  decodeWords,
  decodeXtext,
  firstMessageId,
  headerValue,
  parseHeaders,
  splitHeaderBlock,
} from './mime';

describe('sandbox MIME helpers', () => {
  const raw = Buffer.from(
    'Subject: =?UTF-8?B?Qmlsw6Fu?=\r\n =?UTF-8?Q?_initi=C3=A9?=\r\nMessage-ID:\r\n <a.b@c>\r\n\r\nBody\r\n\r\nmore',
  );

  it('splits the header block at the first blank line', () => {
    const { headers, bodyOffset } = splitHeaderBlock(raw);
    expect(headers.toString()).toMatch(/<a\.b@c>\r\n$/);
    expect(raw.subarray(bodyOffset).toString()).toBe('Body\r\n\r\nmore');
  });

  it('unfolds headers and decodes RFC 2047 words (adjacent words joined)', () => {
    const fields = parseHeaders(raw);
    expect(decodeWords(headerValue(fields, 'subject') ?? '')).toBe('Bilán initié');
    expect(firstMessageId(headerValue(fields, 'Message-Id'))).toBe('<a.b@c>');
  });

  it('decodes xtext as DSN parameters carry it', () => {
    expect(decodeXtext('rfc822;a+2Bb@c')).toBe('rfc822;a+b@c');
  });
});
