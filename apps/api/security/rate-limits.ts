import { DynamicModule, Injectable, UseGuards, applyDecorators } from '@nestjs/common';
import {
  SkipThrottle,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModule,
} from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { principalOf } from '../auth/principal';

/** Logins (PSC and CPS), counted per client address: guessing or flooding is slowed down. */
const LOGIN = 'login';
/** Patient identification, counted per practitioner: each call reaches INSi. */
const IDENTIFY = 'identify';

/**
 * The rate limits of the API, in this process's memory: with several API
 * processes, each counts its own calls (a limit per process, which still
 * bounds a flood).
 */
export function rateLimitsModule(limits: ApiConfig['rateLimits']): DynamicModule {
  return ThrottlerModule.forRoot({
    throttlers: [
      { name: LOGIN, ...limitOf(limits.login), getTracker: clientAddress },
      {
        name: IDENTIFY,
        ...limitOf(limits.identify),
        // Behind the session guard: the practitioner, whatever address they call from.
        getTracker: (req: Record<string, unknown>) =>
          principalOf(req as unknown as Request)?.idNatPs ?? clientAddress(req),
      },
    ],
  });
}

function limitOf(limit: { limit: number; ttlMs: number }) {
  return { limit: limit.limit, ttl: limit.ttlMs };
}

/** The client's address: the socket's, or the one a trusted proxy names (express `trust proxy`). */
function clientAddress(req: Record<string, unknown>): string {
  return (req as unknown as Request).ip ?? 'unknown';
}

/** A refused call is a 429 with `Retry-After`, in the API's error shape. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new DomainError(
      'too_many_requests',
      `too many calls of this kind in a short time: try again in ${detail.timeToBlockExpire} s`,
      [],
      Math.max(1, detail.timeToBlockExpire),
    );
  }
}

/** /auth/login, /auth/callback, /auth/cps: limited per client address. */
export const LoginRateLimit = () =>
  applyDecorators(UseGuards(RateLimitGuard), SkipThrottle({ [IDENTIFY]: true }));

/** POST /patients/identify: limited per practitioner. */
export const IdentifyRateLimit = () =>
  applyDecorators(UseGuards(RateLimitGuard), SkipThrottle({ [LOGIN]: true }));
