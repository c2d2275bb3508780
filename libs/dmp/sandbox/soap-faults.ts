import {
  type QualifiedName,
  type SoapFault,
  type SoapFaultCode,
  WSA_NAMESPACE,
  WSSE_NAMESPACE,
} from '../transport';

/**
 * A request the sandbox answers with a SOAP fault rather than a transaction
 * response: thrown anywhere below the SOAP endpoint, written out by it.
 */
export class SoapFaultError extends Error {
  constructor(readonly fault: SoapFault) {
    super(fault.reason);
    this.name = 'SoapFaultError';
  }
}

function fault(code: SoapFaultCode, reason: string, subcode?: QualifiedName): SoapFaultError {
  return new SoapFaultError({ code, subcodes: subcode ? [subcode] : [], reason });
}

/** The request is wrong and sending it again unchanged will not help. */
export function senderFault(reason: string, subcode?: QualifiedName): SoapFaultError {
  return fault('Sender', reason, subcode);
}

/** WS-Security 1.1 §12 fault codes: the adapter maps them to AUTHENTICATION_FAILED. */
export type WsSecurityFaultCode =
  | 'InvalidSecurity'
  | 'InvalidSecurityToken'
  | 'FailedAuthentication'
  | 'FailedCheck'
  | 'MessageExpired';

export function securityFault(subcode: WsSecurityFaultCode, reason: string): SoapFaultError {
  return fault('Sender', reason, { namespace: WSSE_NAMESPACE, localName: subcode });
}

/** WS-Addressing 1.0 SOAP binding §6.4 faults. */
export function addressingFault(
  subcode: 'ActionNotSupported' | 'MessageAddressingHeaderRequired' | 'InvalidAddressingHeader',
  reason: string,
): SoapFaultError {
  return fault('Sender', reason, { namespace: WSA_NAMESPACE, localName: subcode });
}

export function mustUnderstandFault(reason: string): SoapFaultError {
  return fault('MustUnderstand', reason);
}

/** The sandbox's own failure (its database…): the adapter retries later. */
export function receiverFault(reason: string): SoapFaultError {
  return fault('Receiver', reason);
}
