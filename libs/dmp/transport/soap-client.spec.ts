import { DmpError } from '../errors';
import type { PostSoapRequest, SoapHttpResponse } from './https-client';
import { parseMtom, writeMtom } from './mtom';
import {
  WSSE_NAMESPACE,
  buildSoapFaultEnvelope,
  buildSoapResponse,
  parseSoapEnvelope,
  securityAssertionXml,
  soapContentType,
} from './soap';
import { callSoap } from './soap-client';

const VIHF = '<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_test"/>';
const TLS = { privateKeyPem: '', certificatePem: '', caPem: [] };

function soapAnswer(xml: string, status = 200): SoapHttpResponse {
  return { status, contentType: soapContentType(), body: Buffer.from(xml) };
}

async function dmpErrorOf(promise: Promise<unknown>): Promise<DmpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DmpError) return error;
    throw error;
  }
  throw new Error('expected a DmpError');
}

describe('callSoap', () => {
  const call = {
    url: 'https://dmp.test/ws',
    action: 'urn:test:do',
    bodyXml: '<t:Do xmlns:t="urn:test"/>',
    vihf: VIHF,
    tls: TLS,
    timeoutMs: 1000,
  };

  it('sends the envelope with the VIHF, MTOM when there are attachments, and reads the answer', async () => {
    let sent: PostSoapRequest | undefined;
    const answer = await callSoap(
      {
        ...call,
        attachments: [
          { contentId: 'a@b', mediaType: 'application/pdf', chunks: [Buffer.from('%PDF')] },
        ],
      },
      async (request) => {
        sent = request;
        const received = parseMtom(Buffer.concat(request.body.chunks), request.body.contentType);
        const envelope = parseSoapEnvelope(received.rootXml);
        expect(securityAssertionXml(envelope)).toContain('ID="_test"');
        expect(received.attachments.get('a@b')?.toString()).toBe('%PDF');
        const reply = buildSoapResponse({
          action: 'urn:test:done',
          relatesTo: envelope.addressing.messageId,
          bodyXml: '<t:Done xmlns:t="urn:test"/>',
        }).xml;
        const mtom = writeMtom({
          rootXml: reply,
          attachments: [
            { contentId: 'r@b', mediaType: 'text/plain', chunks: [Buffer.from('doc')] },
          ],
        });
        return { status: 200, contentType: mtom.contentType, body: Buffer.concat(mtom.chunks) };
      },
    );
    expect(sent?.body.contentType).toMatch(/^multipart\/related; type="application\/xop\+xml"/);
    expect(answer.envelope.payload?.localName).toBe('Done');
    expect(answer.attachments.get('r@b')?.toString()).toBe('doc');
  });

  it('sends plain SOAP without attachments', async () => {
    let contentType = '';
    await callSoap(call, async (request) => {
      contentType = request.body.contentType;
      const envelope = parseSoapEnvelope(Buffer.concat(request.body.chunks).toString());
      return soapAnswer(
        buildSoapResponse({
          action: 'urn:r',
          relatesTo: envelope.addressing.messageId,
          bodyXml: '<r/>',
        }).xml,
      );
    });
    expect(contentType).toBe('application/soap+xml; charset=UTF-8; action="urn:test:do"');
  });

  it('turns faults into DmpErrors: Receiver retryable, WS-Security refusal, other Sender faults', async () => {
    const fault = (code: 'Sender' | 'Receiver', subcode?: string) => async () =>
      soapAnswer(
        buildSoapFaultEnvelope({
          code,
          subcodes: subcode ? [{ namespace: WSSE_NAMESPACE, localName: subcode }] : [],
          reason: 'refus',
        }),
        code === 'Sender' ? 400 : 500,
      );
    const receiver = await dmpErrorOf(callSoap(call, fault('Receiver')));
    expect([receiver.code, receiver.retryable, receiver.reason]).toEqual([
      'UNAVAILABLE',
      true,
      'refus',
    ]);
    expect((await dmpErrorOf(callSoap(call, fault('Sender', 'FailedAuthentication')))).code).toBe(
      'AUTHENTICATION_FAILED',
    );
    expect((await dmpErrorOf(callSoap(call, fault('Sender')))).code).toBe('INVALID_SUBMISSION');
  });

  it('refuses an unreadable answer or one that relates to another message', async () => {
    expect((await dmpErrorOf(callSoap(call, async () => soapAnswer('<html>')))).code).toBe(
      'UNAVAILABLE',
    );
    const other = buildSoapResponse({
      action: 'urn:r',
      relatesTo: 'urn:uuid:other',
      bodyXml: '<r/>',
    }).xml;
    expect((await dmpErrorOf(callSoap(call, async () => soapAnswer(other)))).message).toContain(
      'another message',
    );
  });
});
