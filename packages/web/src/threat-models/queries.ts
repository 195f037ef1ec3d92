import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { ThreatDecision, ThreatModelView } from './types.js';

/** `/api/v1/projects/:id/threat-model`, the base of every threat-model route. */
export function threatModelPath(projectId: string): string {
  return `/api/v1/projects/${encodeURIComponent(projectId)}/threat-model`;
}

/** The diagram of a revision: the revision in the URL, so a new one is never a stale image. */
export function diagramPath(projectId: string, revision: number): string {
  return `${threatModelPath(projectId)}/diagram.svg?revision=${revision}`;
}

const threatModelKey = (projectId: string) => ['project', projectId, 'threat-model'] as const;

/** A project's threat model, its latest revision evaluated (404 when it has none). */
export function useThreatModel(projectId: string) {
  return useQuery({
    queryKey: threatModelKey(projectId),
    queryFn: ({ signal }) => api<ThreatModelView>(threatModelPath(projectId), { signal }),
  });
}

/**
 * Records a decision about one threat (a new revision of the model); on success the page
 * shows the hub's answer, the model as it is now.
 */
export function useDecideThreat(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ threatId, decision }: { threatId: string; decision: ThreatDecision }) =>
      api<ThreatModelView>(
        `${threatModelPath(projectId)}/threats/${encodeURIComponent(threatId)}`,
        { method: 'PUT', body: decision },
      ),
    onSuccess: (view) => {
      client.setQueryData(threatModelKey(projectId), view);
      void client.invalidateQueries({ queryKey: threatModelKey(projectId) });
    },
  });
}
