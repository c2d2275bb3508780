import { DmpError } from '../errors';
import {
  type PostSoapRequest,
  type SoapHttpResponse,
  type TlsCredentials,
  postSoap,
} from './https-client';
import { MalformedMimeError, type MtomAttachment, parseMtom, writeMtom } from './mtom';
import {
  type SoapEnvelope,
  type SoapFault,
  WSSE_NAMESPACE,
  buildSoapRequest,
  parseSoapEnvelope,
  plainSoapBody,
} from './soap';
import { MalformedXmlError } from './xml';

/**
 * One SOAP call to the DMP: envelope with the VIHF, MTOM when there are
 * attachments, mutual TLS, then the answer parsed and any fault turned into a
 * DmpError. The XDS.b and TD0.x modules build and read the Body only.
 */

export interface SoapCall {
  url: string;
  action: string;
  /** The Body's content. */
  bodyXml: string;
  /** The signed VIHF (createSignedVihf), carried in wsse:Security. */
  vihf: string;
  /** Binary parts referenced from bodyXml by `xop:Include href="cid:…"`. */
  attachments?: readonly MtomAttachment[];
  /** MTOM framing even without attachments (IHE XDS.b endpoints expect it for every request). */
  mtom?: boolean;
  tls: TlsCredentials;
  timeoutMs: number;
}

export interface SoapAnswer {
  envelope: SoapEnvelope;
  /** Attachments of an MTOM answer (retrieved documents), by Content-ID. */
  attachments: Map<string, Buffer>;
  /** Our request's wsa:MessageID, for the audit log. */
  messageId: string;
}

export type SoapPoster = (request: PostSoapRequest) => Promise<SoapHttpResponse>;

export async function callSoap(call: SoapCall, post: SoapPoster = postSoap): Promise<SoapAnswer> {
  const { xml, messageId } = buildSoapRequest({
    action: call.action,
    to: call.url,
    securityAssertionXml: call.vihf,
    bodyXml: call.bodyXml,
  });
  const attachments = call.attachments ?? [];
  const body =
    attachments.length > 0 || call.mtom
      ? writeMtom({ rootXml: xml, attachments, action: call.action })
      : plainSoapBody(xml, call.action);
  const response = await post({
    url: call.url,
    action: call.action,
    body,
    tls: call.tls,
    timeoutMs: call.timeoutMs,
  });
  return readSoapAnswer(response, messageId, call.action);
}

/** Parses an HTTP answer; a fault, an unreadable answer or a non-2xx status becomes a DmpError. */
export function readSoapAnswer(
  response: SoapHttpResponse,
  messageId: string,
  action: string,
): SoapAnswer {
  let envelope: SoapEnvelope;
  let attachments: Map<string, Buffer>;
  try {
    const parsed = parseMtom(response.body, response.contentType);
    envelope = parseSoapEnvelope(parsed.rootXml);
    attachments = parsed.attachments;
  } catch (error) {
    if (error instanceof MalformedXmlError || error instanceof MalformedMimeError) {
      throw new DmpError(
        'UNAVAILABLE',
        `unreadable answer to ${action} (HTTP ${response.status})`,
        error.message,
      );
    }
    throw error;
  }
  if (envelope.fault) throw soapFaultToDmpError(envelope.fault, action);
  if (response.status < 200 || response.status >= 300) {
    throw new DmpError('UNAVAILABLE', `answer to ${action} came with HTTP ${response.status}`);
  }
  const relatesTo = envelope.addressing.relatesTo;
  if (relatesTo !== undefined && relatesTo !== messageId) {
    throw new DmpError('UNAVAILABLE', `answer to ${action} relates to another message`);
  }
  return { envelope, attachments, messageId };
}

/** WS-Security fault subcodes (WSS 1.1 §12): the DMP did not accept the structure or its VIHF. */
const SECURITY_SUBCODES = new Set([
  'UnsupportedSecurityToken',
  'UnsupportedAlgorithm',
  'InvalidSecurity',
  'InvalidSecurityToken',
  'FailedAuthentication',
  'FailedCheck',
  'SecurityTokenUnavailable',
  'MessageExpired',
]);

/**
 * Receiver faults are the DMP's own trouble: try later. A Sender fault
 * with a WS-Security subcode says the structure or its VIHF was not accepted;
 * any other Sender fault says our request was wrong, which retrying will not
 * change. The fault's text goes into `reason`, never into the message.
 */
export function soapFaultToDmpError(fault: SoapFault, action: string): DmpError {
  const subcodes = fault.subcodes.map((subcode) => subcode.localName).join('/');
  const label = `SOAP ${fault.code} fault${subcodes ? ` (${subcodes})` : ''} in answer to ${action}`;
  if (fault.code === 'Receiver') return new DmpError('UNAVAILABLE', label, fault.reason);
  const security = fault.subcodes.some(
    (subcode) => subcode.namespace === WSSE_NAMESPACE && SECURITY_SUBCODES.has(subcode.localName),
  );
  if (security) return new DmpError('AUTHENTICATION_FAILED', label, fault.reason);
  return new DmpError('INVALID_SUBMISSION', label, fault.reason);
}
