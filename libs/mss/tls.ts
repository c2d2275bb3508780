import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { type SecureContext, createSecureContext } from 'node:tls';
import { CERTIFICATE_ERRORS } from '@app/dmp';
import { loadPkcs12 } from '@app/pki';
import { MssError } from './errors';

/** The client certificate the engine presents to its operator, and the CAs it trusts for the operator's servers. */
export interface MssTlsCredentials {
  privateKeyPem: string;
  certificatePem: string;
  /** Sent after the certificate so that the operator can build the path (IGC-Santé intermediate). */
  chainPem: readonly string[];
  /** IGC-Santé only (Référentiel socle #2): the system's CAs are not trusted. */
  caPem: readonly string[];
}

/** Opens the mailbox's PKCS#12 (IGC-Santé `.p12`); a wrong password or an expired certificate is TLS_FAILED. */
export function mssTlsFromPkcs12(
  pkcs12: Buffer,
  password: string,
  caPem: readonly string[],
): MssTlsCredentials {
  try {
    const credential = loadPkcs12(pkcs12, password);
    return {
      privateKeyPem: credential.privateKeyPem,
      certificatePem: credential.certificatePem,
      chainPem: credential.chainPem,
      caPem,
    };
  } catch (error) {
    throw new MssError(
      'TLS_FAILED',
      `the MSSanté certificate cannot be used: ${messageOf(error)}`,
      undefined,
      {
        cause: error,
      },
    );
  }
}

/** Built once, before connecting: a key that does not match its certificate fails here, typed. */
export function mssSecureContext(tls: MssTlsCredentials): SecureContext {
  const notAfter = new Date(new X509Certificate(tls.certificatePem).validTo);
  if (notAfter.getTime() < Date.now()) {
    throw new MssError(
      'TLS_FAILED',
      `the MSSanté client certificate expired on ${notAfter.toISOString()}`,
    );
  }
  try {
    return createSecureContext({
      key: tls.privateKeyPem,
      cert: [tls.certificatePem, ...tls.chainPem].join('\n'),
      ca: [...tls.caPem],
      minVersion: 'TLSv1.2',
    });
  } catch (error) {
    throw new MssError(
      'TLS_FAILED',
      `the MSSanté key and certificate cannot be used together: ${messageOf(error)}`,
    );
  }
}

/** True when a socket error says TLS failed (a refused or untrusted certificate), not the network. */
export function isTlsFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let current = error;
    current && !seen.has(current);
    current = (current as { cause?: unknown }).cause
  ) {
    seen.add(current);
    const { code, message, library } = current as {
      code?: string;
      message?: string;
      library?: string;
    };
    if (code && (CERTIFICATE_ERRORS.has(code) || code.startsWith('ERR_SSL_'))) return true;
    if (library === 'SSL routines') return true;
    if (message && /\b(?:alert|certificate|ssl3?_|tlsv1)/i.test(message)) return true;
  }
  return false;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The TLS server name (SNI) for an operator's endpoint: its host name, or
 * none for an IP address (RFC 6066 allows no IP there; the certificate is
 * still checked against the address).
 */
export function sniOf(endpoint: { host: string; servername?: string }): { servername?: string } {
  const servername = endpoint.servername ?? (isIP(endpoint.host) ? undefined : endpoint.host);
  return servername ? { servername } : {};
}
