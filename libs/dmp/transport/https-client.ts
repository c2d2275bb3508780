import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type RequestOptions, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { type SecureContext, createSecureContext } from 'node:tls';
import { DmpError } from '../errors';
import { formatParameter, parseContentType } from './content-type';
import type { HttpBody } from './http-body';
import { probeClientCertificate } from './tls-probe';

/**
 * POSTs a SOAP message over HTTPS with mutual TLS, the way the DMP wants it:
 * the structure authenticates with its ORG AUTH_CLI certificate, the server
 * is checked against the IGC-Santé CAs only. Failures come out as DmpError:
 * UNAVAILABLE when trying later may work (network, timeout, 5xx), and
 * AUTHENTICATION_FAILED when it will not until someone fixes a certificate.
 * Messages name the endpoint's origin and the failure, never the body: it
 * carries patient data.
 */

export interface TlsCredentials {
  privateKeyPem: string;
  certificatePem: string;
  /** Sent after the certificate so that the server can build the path (IGC-Santé intermediate). */
  chainPem?: readonly string[];
  /** CAs that may issue the server's certificate; the system's CAs are not trusted. */
  caPem: readonly string[];
}

export interface PostSoapRequest {
  url: string;
  /** The SOAP action; added to the Content-Type when the body's lacks it (SOAP 1.2 binding). */
  action: string;
  body: HttpBody;
  tls: TlsCredentials;
  timeoutMs: number;
  /** A bigger response is refused; 64 MiB by default (a retrieved document is a few MB). */
  maxResponseBytes?: number;
}

export interface SoapHttpResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Connection drops that say nothing about why. */
const RESETS = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const PROBE_GRACE_MS = 1_000;

/** OpenSSL verification results and node's TLS codes: something is wrong with a certificate. */
export const CERTIFICATE_ERRORS: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

/**
 * A SOAP response: 2xx, or any status whose body is a SOAP message (a fault
 * says more than the status: a Sender fault in a 500 is still our mistake).
 */
export async function postSoap(request: PostSoapRequest): Promise<SoapHttpResponse> {
  const url = new URL(request.url);
  if (url.protocol !== 'https:') throw new Error(`the DMP endpoint must be https (${url.origin})`);
  const endpoint = `${url.origin}${url.pathname}`;
  const { body, tls } = request;
  checkOwnCertificate(tls.certificatePem);
  const declared = body.chunks.reduce((total, chunk) => total + chunk.length, 0);
  if (declared !== body.byteLength) {
    throw new Error(`body byteLength ${body.byteLength} differs from its chunks' ${declared}`);
  }
  const contentType = withAction(body.contentType, request.action);
  const maxResponseBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 443);
  const servername = isIP(host) ? undefined : host;
  if (tls.caPem.length === 0) {
    throw new Error('no CA to check the DMP server against: give the IGC-Santé CA certificates');
  }
  const secureContext = clientContext(tls);
  const deadline = Date.now() + request.timeoutMs;

  return new Promise<SoapHttpResponse>((resolve, reject) => {
    let settled = false;
    let secured = false;
    let answered = false;
    const settle = (outcome: { response: SoapHttpResponse } | { error: DmpError }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('error' in outcome) {
        outgoing.destroy();
        reject(outcome.error);
      } else {
        resolve(outcome.response);
      }
    };

    // node:tls honours `secureContext`; the https typings just do not list it.
    const options: RequestOptions & { secureContext: SecureContext } = {
      protocol: 'https:',
      hostname: host,
      port,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: {
        'Content-Type': contentType,
        'Content-Length': String(body.byteLength),
        Accept: 'application/soap+xml, multipart/related',
      },
      secureContext,
      ...(servername ? { servername } : {}),
      rejectUnauthorized: true,
      // One connection per call: credentials differ between structures and calls are rare.
      agent: false,
    };
    const outgoing = httpsRequest(options);

    const timer = setTimeout(() => {
      settle({
        error: new DmpError(
          'UNAVAILABLE',
          `no answer from ${endpoint} within ${request.timeoutMs} ms (${request.action})`,
        ),
      });
    }, request.timeoutMs);

    outgoing.on('socket', (socket) => socket.once('secureConnect', () => (secured = true)));
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // Destroying the request after a timeout or a refused answer reports a reset: not news.
      if (settled) return;
      const classified = classifyNetworkError(error, endpoint, secured);
      if (answered || !RESETS.has(error.code ?? '')) {
        settle({ error: classified });
        return;
      }
      // A reset before any answer: a refused certificate or the network? Ask the server again.
      probeClientCertificate({
        host,
        port,
        servername,
        secureContext,
        graceMs: Math.max(0, Math.min(PROBE_GRACE_MS, deadline - Date.now())),
      }).then(
        (probe) =>
          settle({
            error:
              probe.verdict === 'refused'
                ? new DmpError(
                    'AUTHENTICATION_FAILED',
                    `${endpoint} dropped the connection at the TLS handshake (${probe.detail}): ` +
                      `it most likely refuses the structure's certificate`,
                    error.message,
                  )
                : classified,
          }),
        () => settle({ error: classified }),
      );
    });
    outgoing.on('response', (incoming: IncomingMessage) => {
      answered = true;
      readResponse(incoming, maxResponseBytes, endpoint).then(
        (response) => settle(classifyResponse(response, endpoint)),
        (error: DmpError) => settle({ error }),
      );
    });

    // Chunk by chunk, waiting for 'drain' when the socket is full: the body is never joined.
    let next = 0;
    const writeMore = (): void => {
      while (next < body.chunks.length) {
        if (!outgoing.write(body.chunks[next++])) {
          outgoing.once('drain', writeMore);
          return;
        }
      }
      outgoing.end();
    };
    writeMore();
  });
}

/** Built before connecting, so that a key that does not match its certificate fails here, typed. */
function clientContext(tls: TlsCredentials): SecureContext {
  try {
    return createSecureContext({
      key: tls.privateKeyPem,
      cert: [tls.certificatePem, ...(tls.chainPem ?? [])].join('\n'),
      ca: [...tls.caPem],
      minVersion: 'TLSv1.2',
    });
  } catch (error) {
    throw new DmpError(
      'AUTHENTICATION_FAILED',
      "the structure's TLS key and certificate cannot be used together",
      error instanceof Error ? error.message : String(error),
    );
  }
}

function checkOwnCertificate(certificatePem: string): void {
  const certificate = new X509Certificate(certificatePem);
  const notAfter = new Date(certificate.validTo);
  if (notAfter.getTime() < Date.now()) {
    throw new DmpError(
      'AUTHENTICATION_FAILED',
      `the structure's TLS client certificate expired on ${notAfter.toISOString()}`,
    );
  }
}

function withAction(contentType: string, action: string): string {
  const parsed = parseContentType(contentType);
  if (parsed.parameters.has('action')) return contentType;
  return `${contentType}; ${formatParameter('action', action)}`;
}

function readResponse(
  incoming: IncomingMessage,
  maxBytes: number,
  endpoint: string,
): Promise<SoapHttpResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    incoming.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) {
        incoming.destroy();
        reject(new DmpError('UNAVAILABLE', `response from ${endpoint} exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    incoming.on('error', (error: NodeJS.ErrnoException) =>
      reject(classifyNetworkError(error, endpoint, true)),
    );
    incoming.on('end', () =>
      resolve({
        status: incoming.statusCode ?? 0,
        contentType: incoming.headers['content-type'] ?? '',
        // The response is read whole: the SOAP parser needs all of it anyway.
        body: Buffer.concat(chunks, length),
      }),
    );
  });
}

function classifyResponse(
  response: SoapHttpResponse,
  endpoint: string,
): { response: SoapHttpResponse } | { error: DmpError } {
  const { status } = response;
  if (status >= 200 && status < 300) return { response };
  const mediaType = parseContentType(response.contentType).mediaType;
  const isSoap = mediaType === 'application/soap+xml' || mediaType === 'multipart/related';
  if (isSoap && response.body.length > 0) return { response };
  const what = `${endpoint} answered HTTP ${status}`;
  if (status === 401 || status === 403) {
    return {
      error: new DmpError('AUTHENTICATION_FAILED', `${what}: the structure was not authenticated`),
    };
  }
  if (status === 413) {
    return { error: new DmpError('INVALID_SUBMISSION', `${what}: the request is too large`) };
  }
  return { error: new DmpError('UNAVAILABLE', what) };
}

function classifyNetworkError(
  error: NodeJS.ErrnoException,
  endpoint: string,
  secured: boolean,
): DmpError {
  const code = error.code ?? 'UNKNOWN';
  if (
    CERTIFICATE_ERRORS.has(code) ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_OSSL_') ||
    code.startsWith('ERR_TLS_')
  ) {
    return new DmpError(
      'AUTHENTICATION_FAILED',
      `TLS with ${endpoint} failed (${code}): check the structure's certificate and the trusted CAs`,
      error.message,
    );
  }
  const stage = secured ? 'after the TLS handshake' : 'before the TLS handshake completed';
  return new DmpError(
    'UNAVAILABLE',
    `connection to ${endpoint} failed ${stage} (${code})`,
    error.message,
  );
}
