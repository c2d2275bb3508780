import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '@app/domain';

/**
 * Who is calling, once the guard has checked their session, with what they
 * may do: act on their own pathways (as the orthophoniste), follow those of
 * the CPTS they coordinate, administer the engine (CPTS and coordinators,
 * never patient data).
 */
export interface Principal {
  /** idNat_PS: "8" + RPPS. */
  idNatPs: string;
  /** The practitioner this professional is in the engine, if they practise here. */
  practitionerId: string | null;
  /** The CPTS they coordinate (read on every request: a removal applies at once). */
  coordinatorOf: readonly string[];
  administrator: boolean;
}

/** The caller as the audit log names them: by their national id, never by name. */
export function actorOf(principal: Principal): Actor {
  return { kind: 'user', id: principal.idNatPs };
}

type AuthenticatedRequest = Request & { principal?: Principal };

export function principalOf(req: Request): Principal | undefined {
  return (req as AuthenticatedRequest).principal;
}

export function setPrincipal(req: Request, principal: Principal): void {
  (req as AuthenticatedRequest).principal = principal;
}

/** The caller, on a route behind the guard. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = principalOf(context.switchToHttp().getRequest<Request>());
    if (!principal) throw new Error('CurrentPrincipal used on a route without a session');
    return principal;
  },
);
