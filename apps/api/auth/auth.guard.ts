import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '@app/domain';
import { SessionStore } from '@app/persistence';
import { BearerTokens } from './bearer-tokens';
import { setPrincipal } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { RolesOf } from './roles-of';
import { bearerToken, sessionToken } from './session-cookie';

/**
 * Every route needs a session, unless marked @Public(): health data is only
 * for practitioners who logged in through Pro Santé Connect. A session is an
 * engine session (cookie, or its token as a bearer token), or a logiciel
 * métier's PSC access token that PSC vouches for.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly roles: RolesOf,
    private readonly bearerTokens: BearerTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const token = sessionToken(req);
    const session = token ? await this.sessions.find(token) : undefined;
    const bearer = bearerToken(req);
    const holder = session ?? (bearer ? await this.bearerTokens.holder(bearer) : undefined);
    if (!holder) {
      throw new DomainError(
        'unauthorized',
        'log in first: GET /auth/login (Pro Santé Connect) or POST /auth/cps (CPS card)',
      );
    }
    setPrincipal(req, await this.roles.principal(holder.idNatPs, holder.practitionerId));
    return true;
  }
}
