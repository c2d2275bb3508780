import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiProblem, api, read } from '../../api/client';
import { refetchEvery } from './live';
import type { PathwayView } from './pathway-view';

export function pathwayKey(id: string) {
  return ['pathway', id] as const;
}

/** The pathway, kept live: fast while the engine works on it, slow otherwise (live.ts). */
export function usePathway(id: string) {
  return useQuery({
    queryKey: pathwayKey(id),
    queryFn: () => read<PathwayView>(api.GET('/pathways/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => {
      // A refusal (not found, not yours) will not change by asking again; an outage may.
      const { data, error } = query.state;
      if (!data && error instanceof ApiProblem && error.status >= 400 && error.status < 500)
        return false;
      return refetchEvery(data);
    },
  });
}

/**
 * The pathway for a page about it (its patient's DMP, the conversation with
 * the patient): who it is for, read once and not followed live — those pages
 * follow what they are about, not the pathway.
 */
export function usePathwaySummary(id: string) {
  return useQuery({
    queryKey: pathwayKey(id),
    queryFn: () => read<PathwayView>(api.GET('/pathways/{id}', { params: { path: { id } } })),
    staleTime: 60_000,
  });
}

/**
 * An action on the pathway. Every action answers with the pathway as it now
 * stands: it is shown at once, then read again (the engine's activities may
 * already have moved it on).
 */
export function usePathwayAction<TInput = void>(
  id: string,
  call: (input: TInput) => Promise<PathwayView>,
  onDone?: () => void,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (view) => {
      if (view?.id === id) client.setQueryData(pathwayKey(id), view);
      onDone?.();
      void client.invalidateQueries({ queryKey: pathwayKey(id) });
    },
  });
}
