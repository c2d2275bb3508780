import { randomBytes } from 'node:crypto';
import { parseContentType } from './content-type';
import { cidHref, contentIdOfHref, newContentId, parseMtom, writeMtom } from './mtom';

const ROOT =
  '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>' +
  '<Document><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:doc-1@test"/></Document>' +
  '</soap:Body></soap:Envelope>';

function concat(chunks: Buffer[]): Buffer {
  return Buffer.concat(chunks);
}

describe('MTOM', () => {
  it('writes multipart/related with the XOP parameters and parses it back byte for byte', () => {
    // Every byte value, CR and LF and "--" included, so that framing errors show.
    const binary = Buffer.concat([
      Buffer.from('\r\n--\r\n\n'),
      randomBytes(70_000),
      Buffer.from([0, 13, 10]),
    ]);
    const written = writeMtom({
      rootXml: ROOT,
      action: 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b',
      attachments: [
        {
          contentId: 'doc-1@test',
          mediaType: 'application/pdf',
          chunks: [binary.subarray(0, 5), binary.subarray(5, 40_000), binary.subarray(40_000)],
        },
      ],
    });
    const type = parseContentType(written.contentType);
    expect(type.mediaType).toBe('multipart/related');
    expect(type.parameters.get('type')).toBe('application/xop+xml');
    expect(type.parameters.get('start-info')).toBe('application/soap+xml');
    expect(type.parameters.get('start')).toMatch(/^<root\..+@acces-direct\.local>$/);
    expect(type.parameters.get('action')).toBe('urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b');

    const body = concat(written.chunks);
    expect(body.length).toBe(written.byteLength);
    expect(body.toString('latin1')).toContain(
      'Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"\r\n',
    );
    const parsed = parseMtom(body, written.contentType);
    expect(parsed.rootXml).toBe(ROOT);
    expect(parsed.action).toBe('urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b');
    expect([...parsed.attachments.keys()]).toEqual(['doc-1@test']);
    expect(parsed.attachments.get('doc-1@test')?.equals(binary)).toBe(true);
  });

  it('references the caller’s buffers for a 6 MB document: byteLength is the sum of the parts', () => {
    const document = randomBytes(6 * 1024 * 1024);
    const pieces = [document.subarray(0, 1 << 20), document.subarray(1 << 20)];
    const written = writeMtom({
      rootXml: ROOT,
      attachments: [{ contentId: 'doc-1@test', mediaType: 'application/pdf', chunks: pieces }],
    });
    expect(written.byteLength).toBe(written.chunks.reduce((n, chunk) => n + chunk.length, 0));
    expect(written.chunks).toContain(pieces[0]);
    expect(written.chunks).toContain(pieces[1]);
    const parsed = parseMtom(concat(written.chunks), written.contentType);
    expect(parsed.attachments.get('doc-1@test')?.equals(document)).toBe(true);
  });

  it('reads what other stacks send: LF line ends, quoted boundary, bare Content-ID, base64, no start', () => {
    const body = Buffer.from(
      [
        'preamble to ignore',
        '--b1',
        'Content-Type: application/xop+xml; type="application/soap+xml"',
        'Content-ID: <root@peer>',
        '',
        '<Envelope/>',
        '--b1',
        'Content-Type: text/plain',
        'Content-Transfer-Encoding: base64',
        'Content-ID: doc@peer',
        '',
        Buffer.from('hello, world').toString('base64'),
        '--b1--',
        '',
      ].join('\n'),
    );
    const parsed = parseMtom(body, 'Multipart/Related; boundary="b1"; type="application/xop+xml"');
    expect(parsed.rootXml).toBe('<Envelope/>');
    expect(parsed.attachments.get('doc@peer')?.toString()).toBe('hello, world');
  });

  it('finds the root part named by start even when it is not first', () => {
    const body = Buffer.from(
      '--x\r\nContent-ID: <att@peer>\r\n\r\nATT\r\n--x\r\nContent-ID: <root@peer>\r\n\r\n<E/>\r\n--x--\r\n',
    );
    const parsed = parseMtom(body, 'multipart/related; boundary=x; start="<root@peer>"');
    expect(parsed.rootXml).toBe('<E/>');
    expect(parsed.attachments.get('att@peer')?.toString()).toBe('ATT');
  });

  it('accepts a plain SOAP body', () => {
    const parsed = parseMtom(
      Buffer.from(ROOT),
      'application/soap+xml; charset=UTF-8; action="urn:a"',
    );
    expect(parsed.rootXml).toBe(ROOT);
    expect(parsed.attachments.size).toBe(0);
    expect(parsed.action).toBe('urn:a');
  });

  it('reads the boundary from the body when the header forgot it', () => {
    const body = Buffer.from('--zz\r\nContent-ID: <r@p>\r\n\r\n<E/>\r\n--zz--\r\n');
    expect(parseMtom(body, 'multipart/related').rootXml).toBe('<E/>');
  });

  it('maps xop:Include hrefs to Content-IDs', () => {
    const id = newContentId();
    expect(contentIdOfHref(cidHref(id))).toBe(id);
    expect(contentIdOfHref('cid:doc%401')).toBe('doc@1');
  });
});
