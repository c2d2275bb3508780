import { type SecureContext, connect } from 'node:tls';

/**
 * Tells a refused client certificate from a network failure when the
 * connection was merely reset. Servers refuse a certificate differently: some
 * send a TLS alert (clear), others drop the connection, during the handshake
 * in TLS 1.2 or right after it in TLS 1.3, where the client has already
 * written its request, so the reset destroys the alert unread. A second
 * connection that writes nothing sees what the server does with the
 * certificate alone: a session ticket or a quiet open connection means it was
 * accepted, an alert or a hang-up means it was not.
 */

export type TlsProbeVerdict =
  | { verdict: 'accepted' }
  | { verdict: 'refused'; detail: string }
  | { verdict: 'unreachable'; detail: string };

export interface TlsProbeTarget {
  host: string;
  port: number;
  servername?: string;
  /** The client's key, certificate chain and trusted CAs, as the failed request used them. */
  secureContext: SecureContext;
  /** How long an open, silent connection must last to count as accepted. */
  graceMs: number;
}

export function probeClientCertificate(target: TlsProbeTarget): Promise<TlsProbeVerdict> {
  return new Promise((resolve) => {
    let secured = false;
    let done = false;
    const finish = (verdict: TlsProbeVerdict): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(verdict);
    };
    const socket = connect({
      host: target.host,
      port: target.port,
      ...(target.servername ? { servername: target.servername } : {}),
      secureContext: target.secureContext,
      rejectUnauthorized: true,
    });
    const timer = setTimeout(
      () =>
        finish(
          secured
            ? { verdict: 'accepted' }
            : { verdict: 'unreachable', detail: 'TLS handshake did not complete in time' },
        ),
      target.graceMs,
    );
    socket.once('secureConnect', () => (secured = true));
    // TLS 1.3 servers send tickets only once they have accepted the client's certificate.
    socket.once('session', () => finish({ verdict: 'accepted' }));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'UNKNOWN';
      if (
        code === 'ECONNREFUSED' ||
        code === 'EHOSTUNREACH' ||
        code === 'ENOTFOUND' ||
        code === 'ETIMEDOUT'
      ) {
        finish({ verdict: 'unreachable', detail: code });
      } else {
        finish({ verdict: 'refused', detail: code });
      }
    });
    socket.once('close', () =>
      finish({
        verdict: 'refused',
        detail: secured ? 'closed right after the handshake' : 'closed during the handshake',
      }),
    );
  });
}
