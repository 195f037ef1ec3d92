import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import type { Project, ProjectWithSummary, ScanPage } from '../api/org-types.js';

const projectPath = (id: string) => `/api/v1/projects/${encodeURIComponent(id)}`;

/** The readable projects, of one team or all, each with its risk summary and last scan. */
export function useProjects(teamId?: string | undefined) {
  return useQuery({
    queryKey: ['projects', 'summary', teamId ?? null],
    queryFn: ({ signal }) =>
      api<{ projects: readonly ProjectWithSummary[] }>(
        withQuery('/api/v1/projects', { teamId, include: 'summary' }),
        { signal },
      ),
    select: (answer) => answer.projects,
  });
}

/** One project (`GET /api/v1/projects/:id`). */
export function useProject(id: string) {
  return useQuery({
    queryKey: ['project', id],
    queryFn: ({ signal }) => api<Project>(projectPath(id), { signal }),
  });
}

/** A project's scans, newest first, a page at a time (cursor pagination). */
export function useProjectScans(id: string, pageSize = 20) {
  return useInfiniteQuery({
    queryKey: ['project', id, 'scans', pageSize],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ signal, pageParam }) =>
      api<ScanPage>(withQuery(`${projectPath(id)}/scans`, { limit: pageSize, cursor: pageParam }), {
        signal,
      }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
