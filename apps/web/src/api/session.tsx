import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { api, read } from './client';

export interface SituationValidity {
  validity:
    | { state: 'missing' }
    | { state: 'not_yet'; startsOn: string }
    | { state: 'valid'; until: string }
    | { state: 'expiring'; until: string; daysLeft: number }
    | { state: 'expired'; endedOn: string };
  blockingReason: string | null;
}

/** Who is logged in (GET /auth/me) and what they may do. */
export interface Me {
  idNatPs: string;
  practitionerId: string | null;
  coordinatorOf: string[];
  administrator: boolean;
  expiresAt: string;
  situationExercice: SituationValidity | null;
}

export type Role = 'orthophoniste' | 'coordinator' | 'administrator';

export function rolesOf(me: Me): Role[] {
  return [
    ...(me.practitionerId ? (['orthophoniste'] as const) : []),
    ...(me.coordinatorOf.length > 0 ? (['coordinator'] as const) : []),
    ...(me.administrator ? (['administrator'] as const) : []),
  ];
}

/** Where each role lands after login. */
export function homeOf(me: Me): string {
  if (me.practitionerId) return '/parcours';
  if (me.coordinatorOf.length > 0) return '/tableau-de-bord';
  return '/organisation';
}

export function useMeQuery() {
  return useQuery({
    queryKey: ['me'],
    queryFn: () => read<Me>(api.GET('/auth/me')),
    retry: false,
    staleTime: 60_000,
  });
}

const SessionContext = createContext<Me | null>(null);

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <SessionContext.Provider value={me}>{children}</SessionContext.Provider>;
}

/** The logged-in user, inside the pages that need a session. */
export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside a session');
  return me;
}
