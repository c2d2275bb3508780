import type { Request } from 'express';

/** Who is calling, once the guard has checked their session. */
export interface Principal {
  /** idNat_PS: "8" + RPPS. */
  idNatPs: string;
  practitionerId: string | null;
}

type AuthenticatedRequest = Request & { principal?: Principal };

export function principalOf(req: Request): Principal | undefined {
  return (req as AuthenticatedRequest).principal;
}

export function setPrincipal(req: Request, principal: Principal): void {
  (req as AuthenticatedRequest).principal = principal;
}
