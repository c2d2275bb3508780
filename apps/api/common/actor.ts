import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '@app/domain';
import { principalOf } from '../auth/principal';

/**
 * Who is calling, for the audit log: the practitioner's national id (idNat_PS)
 * from their session. Only routes behind the guard use it.
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const principal = principalOf(context.switchToHttp().getRequest<Request>());
  if (!principal) throw new Error('CurrentActor used on a route without a session');
  return { kind: 'user', id: principal.idNatPs };
});
