import { parseContentType } from './content-type';
import {
  SOAP12_NAMESPACE,
  WSA_ANONYMOUS,
  WSA_FAULT_ACTION,
  WSSE_NAMESPACE,
  buildSoapFaultEnvelope,
  buildSoapRequest,
  buildSoapResponse,
  parseSoapEnvelope,
  plainSoapBody,
  soapContentType,
  soapFaultHttpStatus,
} from './soap';
import { MalformedXmlError } from './xml';

const BODY = '<t:Ping xmlns:t="urn:test">x &amp; y</t:Ping>';

describe('SOAP 1.2 envelope', () => {
  it('carries WS-Addressing headers and the WS-Security assertion, and reads them back', () => {
    const { xml, messageId } = buildSoapRequest({
      action: 'urn:test:ping',
      to: 'https://dmp.example/ws',
      securityAssertionXml:
        '<?xml version="1.0"?><Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_1"/>',
      bodyXml: BODY,
    });
    expect(messageId).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const envelope = parseSoapEnvelope(xml);
    expect(envelope.addressing).toEqual({
      action: 'urn:test:ping',
      messageId,
      to: 'https://dmp.example/ws',
      relatesTo: undefined,
      replyTo: WSA_ANONYMOUS,
    });
    expect(envelope.payload?.localName).toBe('Ping');
    expect(envelope.payload?.textContent).toBe('x & y');
    expect(envelope.fault).toBeUndefined();
    const security = envelope.header?.getElementsByTagNameNS(WSSE_NAMESPACE, 'Security')[0];
    expect(security?.getAttributeNS(SOAP12_NAMESPACE, 'mustUnderstand')).toBe('true');
    expect(xml).not.toMatch(/<Security[^>]*><\?xml/);
  });

  it('answers with RelatesTo', () => {
    const { xml } = buildSoapResponse({
      action: 'urn:test:pong',
      relatesTo: 'urn:uuid:1',
      bodyXml: BODY,
    });
    expect(parseSoapEnvelope(xml).addressing).toMatchObject({
      action: 'urn:test:pong',
      relatesTo: 'urn:uuid:1',
    });
  });

  it('round-trips a fault with its subcodes, reason and detail', () => {
    const fault = {
      code: 'Sender' as const,
      subcodes: [
        { namespace: WSSE_NAMESPACE, localName: 'FailedAuthentication' },
        { namespace: 'urn:acces-direct:test', localName: 'Detail<1>' },
      ],
      reason: 'Authentification refusée',
      lang: 'fr',
      detailXml: '<d:Why xmlns:d="urn:test">certificat inconnu</d:Why>',
    };
    const xml = buildSoapFaultEnvelope(fault, 'urn:uuid:req');
    const envelope = parseSoapEnvelope(xml);
    expect(envelope.addressing.action).toBe(WSA_FAULT_ACTION);
    expect(envelope.addressing.relatesTo).toBe('urn:uuid:req');
    expect(envelope.fault).toEqual(fault);
    expect(soapFaultHttpStatus(fault)).toBe(400);
    expect(soapFaultHttpStatus({ ...fault, code: 'Receiver' })).toBe(500);
  });

  it('reads a fault written by another stack with its own prefixes', () => {
    const xml =
      '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>' +
      '<e:Code><e:Value>e:Receiver</e:Value></e:Code>' +
      '<e:Reason><e:Text xml:lang="en">Internal</e:Text><e:Text xml:lang="fr">Interne</e:Text></e:Reason>' +
      '</e:Fault></e:Body></e:Envelope>';
    expect(parseSoapEnvelope(xml).fault).toEqual({
      code: 'Receiver',
      subcodes: [],
      reason: 'Interne',
      lang: 'fr',
      detailXml: undefined,
    });
  });

  it('refuses SOAP 1.1, a DOCTYPE and XML that is not well-formed', () => {
    expect(() =>
      parseSoapEnvelope(
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>',
      ),
    ).toThrow(/SOAP 1.1/);
    expect(() => parseSoapEnvelope('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toThrow(
      MalformedXmlError,
    );
    expect(() => parseSoapEnvelope('<soap:Envelope')).toThrow(MalformedXmlError);
  });

  it('labels plain SOAP bodies application/soap+xml with the action parameter', () => {
    expect(soapContentType('urn:ihe:iti:2007:RegistryStoredQuery')).toBe(
      'application/soap+xml; charset=UTF-8; action="urn:ihe:iti:2007:RegistryStoredQuery"',
    );
    const body = plainSoapBody('<e/>', 'urn:a');
    expect(parseContentType(body.contentType).parameters.get('action')).toBe('urn:a');
    expect(body.byteLength).toBe(4);
  });
});
