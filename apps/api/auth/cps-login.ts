import type { TLSSocket } from 'node:tls';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import {
  type ClientCertificate,
  CpsError,
  CpsVerifier,
  type VerifiedCps,
  readClientCertificateHeader,
  readPeerCertificate,
} from '@app/cps';
import { DomainError } from '@app/domain';
import type { CpsRuntime } from '../../shared/cps-runtime';
import { ENGINE_RUNTIME, type EngineRuntime } from '../../shared/engine-runtime';

/** CAs and CRLs are read again after this long: a refreshed CRL applies within a minute. */
const TRUST_REFRESH_MS = 60_000;

/**
 * The practitioner of the CPS card a request presents: its authentication
 * certificate, from the TLS handshake when the API terminates TLS itself, or
 * from the header of the TLS-terminating proxy (believed on the proxy's
 * connections only), checked against IGC-Santé's CAs and CRLs by libs/cps.
 * A refusal says why in the practitioner's words (expired card, revoked…).
 */
@Injectable()
export class CpsLogin {
  private trust?: { readAt: number; verifier: CpsVerifier };

  constructor(@Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime) {}

  identify(req: Request): VerifiedCps {
    const cps = this.runtime.cps;
    if (!cps) throw new DomainError('unavailable', 'login with a CPS card is not configured');
    try {
      const presented = this.presented(req, cps);
      if (!presented) {
        throw new DomainError(
          'unauthorized',
          "aucun certificat de carte CPS n'a été présenté : insérez la carte et choisissez son certificat quand le navigateur le demande",
        );
      }
      return this.verifier(cps).verify(presented.certificate, { chain: presented.chain });
    } catch (error) {
      if (!(error instanceof CpsError)) throw error;
      throw new DomainError(
        error.origin === 'server' ? 'unavailable' : 'unauthorized',
        `${error.userMessage} (${error.code})`,
      );
    }
  }

  private presented(req: Request, cps: CpsRuntime): ClientCertificate | undefined {
    const socket = req.socket as Partial<TLSSocket>;
    if (socket.encrypted && typeof socket.getPeerCertificate === 'function') {
      return readPeerCertificate(socket as TLSSocket);
    }
    if (!cps.clientCertHeader) return undefined;
    const header = req.headers[cps.clientCertHeader];
    if (header === undefined) return undefined;
    if (!cps.trustedProxies.includes(req.socket.remoteAddress ?? '')) {
      // Anyone can send a certificate (it is public): only the proxy's handshake proves the card.
      throw new DomainError(
        'unauthorized',
        `the ${cps.clientCertHeader} header is believed from the TLS proxy only`,
      );
    }
    return readClientCertificateHeader(header);
  }

  private verifier(cps: CpsRuntime): CpsVerifier {
    const now = Date.now();
    if (!this.trust || now - this.trust.readAt > TRUST_REFRESH_MS) {
      this.trust = { readAt: now, verifier: new CpsVerifier(cps.readTrust()) };
    }
    return this.trust.verifier;
  }
}
