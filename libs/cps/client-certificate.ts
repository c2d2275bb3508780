import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { notACertificate } from './cps-certificate';
import { derElementsOf } from './encoding';

/**
 * The two ways a CPS certificate reaches the engine, both giving DER bytes:
 *
 *  - directly: the engine terminates TLS itself (`requestCert: true`) and
 *    reads the peer certificate from the socket;
 *  - through a TLS-terminating proxy that performed the handshake and
 *    forwards the client certificate in a request header.
 *
 * A certificate is public: only the TLS handshake proves that the client
 * holds its private key (the card's PIN-protected key). So a forwarded
 * certificate means something only when (1) the request really comes from
 * the proxy (the header is honoured only on the proxy's connections), (2)
 * the proxy overwrites the header on every request, so that a client cannot
 * send its own (nginx `proxy_set_header` does), and (3) the proxy asked for
 * the client certificate in the handshake (nginx `ssl_verify_client
 * optional_no_ca` or `optional` with the IGC-Santé CAs; for example
 * `proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;`). The
 * engine then checks trust, dates, usage and revocation itself with
 * verifyCpsCertificate, whatever the proxy checked.
 */

export interface ClientCertificate {
  /** The client's own certificate. */
  certificate: Buffer;
  /** Further certificates the client or the proxy sent (intermediate CAs), nearest first. */
  chain: Buffer[];
}

/**
 * Reads the header a TLS-terminating proxy forwards: URL-encoded PEM (nginx
 * `$ssl_client_escaped_cert`, AWS ALB), PEM with tab- or space-folded lines
 * (nginx's older `$ssl_client_cert`, Apache `SSL_CLIENT_CERT`), or comma-
 * separated base64 DER (Traefik). Returns undefined when the client sent no
 * certificate (header absent, empty, nginx's "-" or Apache's "(null)").
 * Throws CpsError NOT_A_CERTIFICATE when the header holds something else,
 * and when it appears more than once: a proxy that appends to a header a
 * client may have sent instead of replacing it must not be believed.
 */
export function readClientCertificateHeader(
  value: string | readonly string[] | undefined,
): ClientCertificate | undefined {
  if (Array.isArray(value) && value.length > 1) {
    throw notACertificate(
      new Error('the client-certificate header appears more than once: the proxy must replace it'),
    );
  }
  const text = (typeof value === 'string' ? value : value?.[0])?.trim();
  if (!text || text === '-' || text === '(null)') return undefined;
  let elements: Buffer[];
  try {
    elements = derElementsOf(text, ['CERTIFICATE']);
  } catch (error) {
    throw notACertificate(error);
  }
  const [certificate, ...chain] = elements;
  return { certificate, chain };
}

/**
 * Reads the client certificate of a TLS connection the engine terminates
 * (a server started with `requestCert: true`; `rejectUnauthorized: false`
 * lets verifyCpsCertificate explain a refusal in words rather than have the
 * handshake fail with a bare TLS alert). Returns undefined when the client
 * sent none.
 */
export function readPeerCertificate(
  socket: Pick<TLSSocket, 'getPeerCertificate'>,
): ClientCertificate | undefined {
  const peer: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  // With no client certificate node returns an empty object.
  if (!peer || !Buffer.isBuffer(peer.raw) || peer.raw.length === 0) return undefined;
  const chain: Buffer[] = [];
  const seen = new Set([peer.fingerprint256]);
  // node links each certificate to its issuer; a self-signed root links to itself.
  for (
    let issuer = peer.issuerCertificate as DetailedPeerCertificate | undefined;
    issuer && Buffer.isBuffer(issuer.raw) && !seen.has(issuer.fingerprint256);
    issuer = issuer.issuerCertificate
  ) {
    seen.add(issuer.fingerprint256);
    chain.push(issuer.raw);
  }
  return { certificate: peer.raw, chain };
}
