import type { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import {
  type HttpBody,
  MalformedMimeError,
  MalformedXmlError,
  type MtomAttachment,
  SOAP12_MEDIA_TYPE,
  SOAP12_NAMESPACE,
  type SoapEnvelope,
  type SoapFault,
  WSA_FAULT_ACTION,
  WSA_NAMESPACE,
  WSSE_NAMESPACE,
  buildSoapFaultEnvelope,
  buildSoapResponse,
  parseMtom,
  parseSoapEnvelope,
  plainSoapBody,
  soapFaultHttpStatus,
  writeMtom,
} from '../transport';
import { parseContentType } from '../transport/content-type';
import { childElements } from '../transport/xml';
import { type Caller, authenticate } from './security';
import {
  SoapFaultError,
  addressingFault,
  mustUnderstandFault,
  receiverFault,
  senderFault,
} from './soap-faults';

/**
 * One SOAP 1.2 endpoint of the sandbox: reads the message (MTOM or plain),
 * checks what SOAP and WS-Addressing require, authenticates the caller, hands
 * the Body to the transaction's handler and frames its answer (wsa:Action =
 * the request's + "Response", wsa:RelatesTo = its MessageID) or a fault.
 */

export interface SoapRequestContext {
  caller: Caller;
  /** The Body's first element: the transaction's request. */
  payload: Element;
  /** MTOM parts by Content-ID. */
  attachments: Map<string, Buffer>;
  /** The HTTP body exactly as received, and its Content-Type. */
  raw: { contentType: string; body: Buffer };
  now: Date;
}

export interface SoapResult {
  bodyXml: string;
  attachments?: MtomAttachment[];
  /** A few words for the log (a status, error codes): never patient data. */
  summary?: string;
}

export type SoapHandler = (context: SoapRequestContext) => Promise<SoapResult>;

export interface ReceivedSoap {
  contentType: string;
  body: Buffer;
  peerCertificate: X509Certificate | undefined;
}

export interface SoapEndpointOptions {
  /** The transactions served here, by SOAP action. */
  handlers: ReadonlyMap<string, SoapHandler>;
  trustedCaPem: readonly string[];
  now: () => Date;
  log: (line: string) => void;
}

export interface HttpAnswer {
  status: number;
  body: HttpBody;
  headers?: Record<string, string>;
}

const UNDERSTOOD_HEADERS: readonly [string, string][] = [
  [WSA_NAMESPACE, 'Action'],
  [WSA_NAMESPACE, 'To'],
  [WSA_NAMESPACE, 'MessageID'],
  [WSA_NAMESPACE, 'ReplyTo'],
  [WSA_NAMESPACE, 'FaultTo'],
  [WSA_NAMESPACE, 'From'],
  [WSA_NAMESPACE, 'RelatesTo'],
  [WSSE_NAMESPACE, 'Security'],
];

export async function answerSoap(
  request: ReceivedSoap,
  options: SoapEndpointOptions,
): Promise<HttpAnswer> {
  let messageId: string | undefined;
  let action: string | undefined;
  try {
    const { mediaType } = parseContentType(request.contentType);
    if (mediaType !== SOAP12_MEDIA_TYPE && mediaType !== 'multipart/related') {
      throw senderFault(
        `Content-Type ${mediaType || '(none)'}: SOAP 1.2 (${SOAP12_MEDIA_TYPE}) or MTOM (multipart/related) expected`,
      );
    }
    const message = readMessage(request);
    const envelope = message.envelope;
    messageId = envelope.addressing.messageId;
    action = envelope.addressing.action;
    const requestAction = checkHeaders(envelope, message.contentTypeAction);
    const caller = authenticate(
      envelope,
      request.peerCertificate,
      options.trustedCaPem,
      options.now(),
    );
    const handler = options.handlers.get(requestAction);
    if (!handler) {
      throw addressingFault(
        'ActionNotSupported',
        `${requestAction} is not served at this endpoint`,
      );
    }
    if (!envelope.payload) throw senderFault('the SOAP Body is empty');
    const result = await handler({
      caller,
      payload: envelope.payload,
      attachments: message.attachments,
      raw: { contentType: request.contentType, body: request.body },
      now: options.now(),
    });
    const responseAction = `${requestAction}Response`;
    const { xml } = buildSoapResponse({
      action: responseAction,
      relatesTo: messageId,
      bodyXml: result.bodyXml,
    });
    const attachments = result.attachments ?? [];
    options.log(`${requestAction}: ${result.summary ?? 'answered'}`);
    return {
      status: 200,
      // Answer in kind: an MTOM request gets an MTOM response, as XDS.b endpoints do.
      body:
        message.mtom || attachments.length > 0
          ? writeMtom({ rootXml: xml, attachments, action: responseAction })
          : plainSoapBody(xml, responseAction),
    };
  } catch (error) {
    const fault = faultOf(error, options.log);
    options.log(
      `${action ?? '(no action)'}: ${fault.code} fault` +
        (fault.subcodes.length > 0 ? ` (${fault.subcodes.map((s) => s.localName).join('/')})` : ''),
    );
    return {
      status: soapFaultHttpStatus(fault),
      body: plainSoapBody(buildSoapFaultEnvelope(fault, messageId), WSA_FAULT_ACTION),
    };
  }
}

interface ReadMessage {
  envelope: SoapEnvelope;
  attachments: Map<string, Buffer>;
  mtom: boolean;
  contentTypeAction: string | undefined;
}

function readMessage(request: ReceivedSoap): ReadMessage {
  try {
    const parsed = parseMtom(request.body, request.contentType);
    const envelope = parseSoapEnvelope(parsed.rootXml);
    if (envelope.fault) throw senderFault('a SOAP fault is not a request');
    return {
      envelope,
      attachments: parsed.attachments,
      mtom: parseContentType(request.contentType).mediaType === 'multipart/related',
      contentTypeAction: parsed.action,
    };
  } catch (error) {
    if (error instanceof MalformedMimeError || error instanceof MalformedXmlError) {
      throw senderFault(`unreadable SOAP message: ${error.message}`);
    }
    throw error;
  }
}

/**
 * SOAP 1.2 §5.2.3: a header block marked mustUnderstand that the node does not
 * process is a MustUnderstand fault. WS-Addressing: Action and MessageID are
 * required for a request that expects a reply, and the action of the
 * Content-Type, when given, must be the same. Returns the action.
 */
function checkHeaders(envelope: SoapEnvelope, contentTypeAction: string | undefined): string {
  for (const block of envelope.header ? childElements(envelope.header) : []) {
    const flag = block.getAttributeNS(SOAP12_NAMESPACE, 'mustUnderstand');
    const understood = UNDERSTOOD_HEADERS.some(
      ([namespace, name]) => block.namespaceURI === namespace && block.localName === name,
    );
    if ((flag === 'true' || flag === '1') && !understood) {
      throw mustUnderstandFault(
        `header {${block.namespaceURI ?? ''}}${block.localName ?? ''} is not understood`,
      );
    }
  }
  const { action, messageId } = envelope.addressing;
  if (!action) throw addressingFault('MessageAddressingHeaderRequired', 'no wsa:Action header');
  if (!messageId) {
    throw addressingFault('MessageAddressingHeaderRequired', 'no wsa:MessageID header');
  }
  if (contentTypeAction !== undefined && contentTypeAction !== action) {
    throw addressingFault(
      'InvalidAddressingHeader',
      `the Content-Type action "${contentTypeAction}" is not wsa:Action "${action}"`,
    );
  }
  return action;
}

function faultOf(error: unknown, log: (line: string) => void): SoapFault {
  if (error instanceof SoapFaultError) return error.fault;
  // The sandbox's own trouble (database…): say so without detail, log the kind of failure.
  log(`internal error: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown'}`);
  return receiverFault('the DMP sandbox could not process the request').fault;
}
