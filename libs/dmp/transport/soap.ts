import { randomUUID } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { formatContentType } from './content-type';
import { type HttpBody, httpBody } from './http-body';
import {
  MalformedXmlError,
  childElements,
  childNamed,
  escapeXmlAttribute,
  escapeXmlText,
  isNamed,
  parseXml,
  rootElement,
  serializeXml,
  textOf,
  withoutXmlDeclaration,
} from './xml';

/**
 * SOAP 1.2 envelopes as the CI-SIS synchronous transport uses them: WS-Addressing
 * 1.0 headers, and a WS-Security header carrying the signed VIHF assertion.
 */

export const SOAP12_NAMESPACE = 'http://www.w3.org/2003/05/soap-envelope';
const SOAP11_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_MEDIA_TYPE = 'application/soap+xml';
export const WSA_NAMESPACE = 'http://www.w3.org/2005/08/addressing';
export const WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
export const WSA_FAULT_ACTION = 'http://www.w3.org/2005/08/addressing/soap/fault';
export const WSSE_NAMESPACE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const SAML2_ASSERTION_NAMESPACE = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** `application/soap+xml` with the SOAP 1.2 `action` parameter (SOAP 1.2 part 2, §7.1.4). */
export function soapContentType(action?: string): string {
  return formatContentType(SOAP12_MEDIA_TYPE, { charset: 'UTF-8', action });
}

/** A message without attachments, as one application/soap+xml body. */
export function plainSoapBody(envelopeXml: string, action?: string): HttpBody {
  return httpBody(soapContentType(action), [Buffer.from(envelopeXml, 'utf8')]);
}

export function newMessageId(): string {
  return `urn:uuid:${randomUUID()}`;
}

export interface SoapRequestInput {
  action: string;
  /** The endpoint's address (wsa:To). */
  to: string;
  /** urn:uuid:… ; a new one by default. */
  messageId?: string;
  /**
   * The signed VIHF assertion, embedded as is in wsse:Security: parsing and
   * re-serialising it could change bytes its signature covers.
   */
  securityAssertionXml?: string;
  /** The Body's content: the transaction's request element. */
  bodyXml: string;
}

export function buildSoapRequest(input: SoapRequestInput): { xml: string; messageId: string } {
  const messageId = input.messageId ?? newMessageId();
  const headers = [
    `<wsa:Action soap:mustUnderstand="true">${escapeXmlText(input.action)}</wsa:Action>`,
    `<wsa:MessageID>${escapeXmlText(messageId)}</wsa:MessageID>`,
    `<wsa:ReplyTo><wsa:Address>${WSA_ANONYMOUS}</wsa:Address></wsa:ReplyTo>`,
    `<wsa:To soap:mustUnderstand="true">${escapeXmlText(input.to)}</wsa:To>`,
  ];
  if (input.securityAssertionXml !== undefined) {
    headers.push(
      `<wsse:Security xmlns:wsse="${WSSE_NAMESPACE}" soap:mustUnderstand="true">` +
        withoutXmlDeclaration(input.securityAssertionXml) +
        `</wsse:Security>`,
    );
  }
  return { xml: envelope(headers, input.bodyXml), messageId };
}

export interface SoapResponseInput {
  action: string;
  /** The request's wsa:MessageID. */
  relatesTo?: string;
  bodyXml: string;
}

/** A response (or fault) for the sandbox side. */
export function buildSoapResponse(input: SoapResponseInput): { xml: string; messageId: string } {
  const messageId = newMessageId();
  const headers = [
    `<wsa:Action soap:mustUnderstand="true">${escapeXmlText(input.action)}</wsa:Action>`,
    `<wsa:MessageID>${escapeXmlText(messageId)}</wsa:MessageID>`,
  ];
  if (input.relatesTo) {
    headers.push(`<wsa:RelatesTo>${escapeXmlText(input.relatesTo)}</wsa:RelatesTo>`);
  }
  return { xml: envelope(headers, input.bodyXml), messageId };
}

function envelope(headers: string[], bodyXml: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP12_NAMESPACE}" xmlns:wsa="${WSA_NAMESPACE}">` +
    `<soap:Header>${headers.join('')}</soap:Header>` +
    `<soap:Body>${withoutXmlDeclaration(bodyXml)}</soap:Body>` +
    `</soap:Envelope>`
  );
}

// ---------------------------------------------------------------------------
// Reading

export interface WsAddressing {
  action?: string;
  messageId?: string;
  to?: string;
  relatesTo?: string;
  replyTo?: string;
}

export interface SoapEnvelope {
  document: Document;
  header: Element | undefined;
  body: Element;
  /** The Body's first element: the transaction's request, response, or a Fault. */
  payload: Element | undefined;
  addressing: WsAddressing;
  fault: SoapFault | undefined;
}

/** Parses a SOAP 1.2 envelope; a SOAP 1.1 one is refused (the CI-SIS transport is 1.2). */
export function parseSoapEnvelope(xml: string): SoapEnvelope {
  const document = parseXml(xml, 'SOAP envelope');
  const root = rootElement(document);
  if (root.localName === 'Envelope' && root.namespaceURI === SOAP11_NAMESPACE) {
    throw new MalformedXmlError('SOAP 1.1 envelope where SOAP 1.2 was expected');
  }
  if (!isNamed(root, SOAP12_NAMESPACE, 'Envelope')) {
    throw new MalformedXmlError(`root element ${root.localName} is not a SOAP 1.2 Envelope`);
  }
  const header = childNamed(root, SOAP12_NAMESPACE, 'Header');
  const body = childNamed(root, SOAP12_NAMESPACE, 'Body');
  if (!body) throw new MalformedXmlError('SOAP envelope without Body');
  const payload = childElements(body)[0];
  const fault =
    payload && isNamed(payload, SOAP12_NAMESPACE, 'Fault') ? parseSoapFault(payload) : undefined;
  return { document, header, body, payload, addressing: readAddressing(header), fault };
}

function readAddressing(header: Element | undefined): WsAddressing {
  if (!header) return {};
  const text = (name: string): string | undefined => {
    const element = childNamed(header, WSA_NAMESPACE, name);
    return element ? textOf(element) : undefined;
  };
  const replyTo = childNamed(header, WSA_NAMESPACE, 'ReplyTo');
  const replyAddress = replyTo ? childNamed(replyTo, WSA_NAMESPACE, 'Address') : undefined;
  return {
    action: text('Action'),
    messageId: text('MessageID'),
    to: text('To'),
    relatesTo: text('RelatesTo'),
    replyTo: replyAddress ? textOf(replyAddress) : undefined,
  };
}

/** The SAML assertion of the wsse:Security header, serialised for verifyVihf. */
export function securityAssertionXml(envelope: SoapEnvelope): string | undefined {
  const security = envelope.header
    ? childNamed(envelope.header, WSSE_NAMESPACE, 'Security')
    : undefined;
  const assertion = security
    ? childNamed(security, SAML2_ASSERTION_NAMESPACE, 'Assertion')
    : undefined;
  return assertion ? serializeXml(assertion) : undefined;
}

// ---------------------------------------------------------------------------
// Faults

export type SoapFaultCode =
  'VersionMismatch' | 'MustUnderstand' | 'DataEncodingUnknown' | 'Sender' | 'Receiver';

const FAULT_CODES: readonly SoapFaultCode[] = [
  'VersionMismatch',
  'MustUnderstand',
  'DataEncodingUnknown',
  'Sender',
  'Receiver',
];

export interface QualifiedName {
  namespace: string;
  localName: string;
}

export interface SoapFault {
  code: SoapFaultCode;
  /** Outermost first (Code/Subcode/Subcode…). */
  subcodes: QualifiedName[];
  reason: string;
  /** xml:lang of the reason; "fr" by default when building. */
  lang?: string;
  /** The Detail element's content, as XML. */
  detailXml?: string;
}

/** The Fault element, to put in a Body. */
export function buildSoapFault(fault: SoapFault): string {
  const subcodes = fault.subcodes
    .map(
      (subcode, index) =>
        `<soap:Subcode><soap:Value xmlns:sc${index}="${escapeXmlAttribute(subcode.namespace)}">` +
        `sc${index}:${escapeXmlText(subcode.localName)}</soap:Value>`,
    )
    .join('');
  const closeSubcodes = '</soap:Subcode>'.repeat(fault.subcodes.length);
  return (
    `<soap:Fault xmlns:soap="${SOAP12_NAMESPACE}">` +
    `<soap:Code><soap:Value>soap:${fault.code}</soap:Value>${subcodes}${closeSubcodes}</soap:Code>` +
    `<soap:Reason><soap:Text xml:lang="${escapeXmlAttribute(fault.lang ?? 'fr')}">` +
    `${escapeXmlText(fault.reason)}</soap:Text></soap:Reason>` +
    (fault.detailXml
      ? `<soap:Detail>${withoutXmlDeclaration(fault.detailXml)}</soap:Detail>`
      : '') +
    `</soap:Fault>`
  );
}

/** A whole fault message (SOAP 1.2 binding: HTTP 400 for Sender, 500 otherwise). */
export function buildSoapFaultEnvelope(fault: SoapFault, relatesTo?: string): string {
  return buildSoapResponse({ action: WSA_FAULT_ACTION, relatesTo, bodyXml: buildSoapFault(fault) })
    .xml;
}

export function soapFaultHttpStatus(fault: SoapFault): number {
  return fault.code === 'Sender' ? 400 : 500;
}

export function parseSoapFault(element: Element): SoapFault {
  const code = childNamed(element, SOAP12_NAMESPACE, 'Code');
  const codeValue = code ? childNamed(code, SOAP12_NAMESPACE, 'Value') : undefined;
  const codeName = codeValue ? qualifiedNameOf(codeValue) : undefined;
  const known = FAULT_CODES.find(
    (candidate) => codeName?.namespace === SOAP12_NAMESPACE && codeName.localName === candidate,
  );
  const subcodes: QualifiedName[] = [];
  for (
    let level = code ? childNamed(code, SOAP12_NAMESPACE, 'Subcode') : undefined;
    level;
    level = childNamed(level, SOAP12_NAMESPACE, 'Subcode')
  ) {
    const value = childNamed(level, SOAP12_NAMESPACE, 'Value');
    const name = value ? qualifiedNameOf(value) : undefined;
    if (name) subcodes.push(name);
  }
  const reason = childNamed(element, SOAP12_NAMESPACE, 'Reason');
  const texts = reason ? childElements(reason).filter((child) => child.localName === 'Text') : [];
  const text = texts.find((t) => t.getAttribute('xml:lang')?.startsWith('fr')) ?? texts[0];
  const detail = childNamed(element, SOAP12_NAMESPACE, 'Detail');
  return {
    // A code outside SOAP 1.2's list is a peer's bug; treat it as the peer's own failure.
    code: known ?? 'Receiver',
    subcodes,
    reason: text ? textOf(text) : '',
    lang: text?.getAttribute('xml:lang') ?? undefined,
    detailXml: detail ? childElements(detail).map(serializeXml).join('') : undefined,
  };
}

/** Resolves a QName written as element text (`prefix:local`) against the element's scope. */
function qualifiedNameOf(element: Element): QualifiedName | undefined {
  const value = textOf(element);
  if (!value) return undefined;
  const colon = value.indexOf(':');
  const prefix = colon < 0 ? null : value.slice(0, colon);
  const localName = colon < 0 ? value : value.slice(colon + 1);
  return { namespace: element.lookupNamespaceURI(prefix) ?? '', localName };
}
