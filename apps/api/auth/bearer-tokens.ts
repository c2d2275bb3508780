import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { Directory } from '@app/persistence';
import { PscClient, PscError } from '@app/psc';
import { ENGINE_RUNTIME, type EngineRuntime } from '../../shared/engine-runtime';
import { PSC_CLIENT } from './psc-client.provider';
import { UserAuditTrail } from './user-audit-trail';

/** Who a bearer token stands for, once PSC vouched for it. */
interface Vouched {
  idNatPs: string;
  practitionerId: string | null;
  /** Until when the answer is reused: the token's expiry, at most a minute. */
  until: number;
}

/** PSC is asked again about a token after this long, even if it lives longer (a revocation shows within it). */
const REUSE_MS = 60_000;
/**
 * A token PSC refused (or that names no professional, or another
 * application's) is refused from memory for this long: a client retrying a
 * dead token, or someone trying made-up ones, does not reach PSC each time.
 */
export const REFUSAL_REMEMBERED_MS = 60_000;
const MAX_REMEMBERED = 10_000;

interface Refused {
  error: DomainError;
  until: number;
}

/**
 * A logiciel métier's Pro Santé Connect access token, as a bearer token: PSC
 * says by introspection whether it is active, which client it was issued to
 * and which professional it names (SubjectNameID). Accepted only for the
 * clients the deployment lists (PSC_BEARER_CLIENTS). PSC's answer is reused
 * for a minute at most; the first use of a token goes to the audit log.
 */
@Injectable()
export class BearerTokens {
  private readonly vouched = new Map<string, Vouched>();
  private readonly refused = new Map<string, Refused>();

  constructor(
    @Inject(PSC_CLIENT) private readonly psc: PscClient | undefined,
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly directory: Directory,
    private readonly trail: UserAuditTrail,
  ) {}

  async holder(token: string): Promise<{ idNatPs: string; practitionerId: string | null }> {
    const key = createHash('sha256').update(token).digest('hex');
    const known = this.vouched.get(key);
    if (known && known.until > Date.now()) return known;
    this.vouched.delete(key);
    const refused = this.refused.get(key);
    if (refused && refused.until > Date.now()) throw refused.error;
    this.refused.delete(key);

    const psc = this.psc;
    const allowed = this.runtime.psc?.bearerClients ?? [];
    if (!psc || allowed.length === 0) {
      throw new DomainError(
        'unauthorized',
        'this engine accepts no bearer token but its own sessions',
      );
    }
    let answer;
    try {
      answer = await psc.introspect(token);
    } catch (error) {
      if (error instanceof PscError && error.retryable) {
        // Not the token's fault: asked again on the next call.
        throw new DomainError(
          'unavailable',
          'Pro Santé Connect cannot be reached to check the token',
        );
      }
      throw error;
    }
    const acceptedClient = answer.active && !!answer.clientId && allowed.includes(answer.clientId);
    if (!answer.active || !acceptedClient || !answer.subjectNameId) {
      const error = new DomainError(
        'unauthorized',
        !answer.active
          ? 'the bearer token is not active (expired, revoked or unknown)'
          : !acceptedClient
            ? 'the bearer token was issued to an application this engine does not accept (PSC_BEARER_CLIENTS)'
            : 'the bearer token names no professional (SubjectNameID)',
      );
      this.remember(this.refused, key, { error, until: Date.now() + REFUSAL_REMEMBERED_MS });
      throw error;
    }
    const idNatPs = answer.subjectNameId;
    // idNat_PS of an RPPS holder is "8" + RPPS (facts §4).
    const rpps = /^8\d{11}$/.test(idNatPs) ? idNatPs.slice(1) : undefined;
    const practitioner = rpps ? await this.directory.practitionerByRpps(rpps) : undefined;
    const holder: Vouched = {
      idNatPs,
      practitionerId: practitioner?.id ?? null,
      until: Math.min(answer.expiresAt?.getTime() ?? Date.now(), Date.now() + REUSE_MS),
    };
    await this.trail.record(idNatPs, 'bearer_token_accepted', {
      clientId: answer.clientId,
      tokenSha256: key,
    });
    this.remember(this.vouched, key, holder);
    return holder;
  }

  /** Bounded: past MAX_REMEMBERED, the expired go, and if that is not enough, all. */
  private remember<T extends { until: number }>(map: Map<string, T>, key: string, value: T): void {
    if (map.size >= MAX_REMEMBERED) {
      const now = Date.now();
      for (const [k, v] of map) if (v.until <= now) map.delete(k);
      if (map.size >= MAX_REMEMBERED) map.clear();
    }
    map.set(key, value);
  }
}
