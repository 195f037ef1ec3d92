/** The findings pages' requests to the hub, and their cache keys. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import type { FindingPage, ProjectInfo, TeamWithMembers } from '../api/finding-types.js';
import type { FindingDetail, Team } from '../api/types.js';
import { type FindingFilters, listQuery } from './filters.js';

/** Every findings query starts with this key: a triage action invalidates them all. */
export const FINDINGS_KEY = ['findings'] as const;

export function findingKey(id: string) {
  return [...FINDINGS_KEY, 'detail', id] as const;
}

/** One page of `GET /api/v1/findings`; the previous page stays shown while the next loads. */
export function useFindingList(filters: FindingFilters, cursor: string | undefined) {
  const path = withQuery('/api/v1/findings', listQuery(filters, cursor));
  return useQuery({
    queryKey: [...FINDINGS_KEY, 'list', path],
    queryFn: ({ signal }) => api<FindingPage>(path, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/v1/findings/:id`: the finding with its timeline. */
export function useFinding(id: string) {
  return useQuery({
    queryKey: findingKey(id),
    queryFn: ({ signal }) =>
      api<FindingDetail>(`/api/v1/findings/${encodeURIComponent(id)}`, { signal }),
  });
}

/** The projects the user may read (for the project filter). */
export function useProjects() {
  return useQuery({
    queryKey: ['api', '/api/v1/projects'],
    queryFn: ({ signal }) => api<{ projects: ProjectInfo[] }>('/api/v1/projects', { signal }),
    staleTime: 60_000,
  });
}

/** The teams the user may read (for the team filter). */
export function useTeams() {
  return useQuery({
    queryKey: ['api', '/api/v1/teams'],
    queryFn: ({ signal }) => api<{ teams: Team[] }>('/api/v1/teams', { signal }),
    staleTime: 60_000,
  });
}

/** One team with its members; off until `id` is known. */
export function useTeam(id: string | undefined) {
  const path = `/api/v1/teams/${encodeURIComponent(id ?? '')}`;
  return useQuery({
    queryKey: ['api', path],
    queryFn: ({ signal }) => api<TeamWithMembers>(path, { signal }),
    enabled: id !== undefined && id !== '',
    staleTime: 60_000,
  });
}
