import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { TeamDetail } from '../api/org-types.js';
import type { Team } from '../api/types.js';

/** The teams the signed-in user may read (`GET /api/v1/teams`). */
export function useTeams() {
  return useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => api<{ teams: readonly Team[] }>('/api/v1/teams', { signal }),
    select: (answer) => answer.teams,
  });
}

const teamQuery = (id: string) => ({
  queryKey: ['team', id],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api<TeamDetail>(`/api/v1/teams/${encodeURIComponent(id)}`, { signal }),
});

/** A team and its members (`GET /api/v1/teams/:id`). */
export function useTeam(id: string) {
  return useQuery(teamQuery(id));
}

/** A team's champions, by display name (else username). */
export function championsOf(team: TeamDetail | undefined): string[] {
  return (team?.members ?? [])
    .filter((m) => m.role === 'champion')
    .map((m) => m.displayName ?? m.username);
}
