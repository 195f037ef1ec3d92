import { type QueryClient, useQuery } from '@tanstack/react-query';
import type {
  AdminProject,
  AdminTeam,
  AdminTeamDetail,
  AdminUser,
  AdminUserDetail,
  SlaPolicy,
  Webhook,
} from '../api/admin-types.js';
import { api } from '../api/client.js';

/** The react-query keys of the administration pages (all under `admin`). */
export const adminKeys = {
  users: ['admin', 'users'] as const,
  user: (id: string) => ['admin', 'users', id] as const,
  teams: ['admin', 'teams'] as const,
  team: (id: string) => ['admin', 'teams', id] as const,
  projects: ['admin', 'projects'] as const,
  project: (id: string) => ['admin', 'projects', id] as const,
  projectTokens: (id: string) => ['admin', 'project-tokens', id] as const,
  sla: ['admin', 'sla'] as const,
  webhooks: ['admin', 'webhooks'] as const,
  webhook: (id: string) => ['admin', 'webhooks', id] as const,
  deliveries: (id: string, status: string) => ['admin', 'deliveries', id, status] as const,
};

/**
 * After a change to the organisation: every cached answer may be stale (a renamed team, a
 * moved project, my own role), so mark them all; only the ones on screen are re-fetched now.
 */
export function afterOrgChange(client: QueryClient): Promise<void> {
  return client.invalidateQueries();
}

export function useAdminUsers() {
  return useQuery({
    queryKey: adminKeys.users,
    queryFn: async ({ signal }) =>
      (await api<{ users: AdminUser[] }>('/api/v1/users', { signal })).users,
  });
}

export function useAdminUser(id: string) {
  return useQuery({
    queryKey: adminKeys.user(id),
    queryFn: ({ signal }) =>
      api<AdminUserDetail>(`/api/v1/users/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useAdminTeams() {
  return useQuery({
    queryKey: adminKeys.teams,
    queryFn: async ({ signal }) =>
      (await api<{ teams: AdminTeam[] }>('/api/v1/teams', { signal })).teams,
  });
}

export function useAdminTeam(id: string) {
  return useQuery({
    queryKey: adminKeys.team(id),
    queryFn: ({ signal }) =>
      api<AdminTeamDetail>(`/api/v1/teams/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useAdminProjects() {
  return useQuery({
    queryKey: adminKeys.projects,
    queryFn: async ({ signal }) =>
      (await api<{ projects: AdminProject[] }>('/api/v1/projects', { signal })).projects,
  });
}

export function useAdminProject(id: string) {
  return useQuery({
    queryKey: adminKeys.project(id),
    queryFn: ({ signal }) =>
      api<AdminProject>(`/api/v1/projects/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useSlaPolicies() {
  return useQuery({
    queryKey: adminKeys.sla,
    queryFn: async ({ signal }) =>
      (await api<{ policies: SlaPolicy[] }>('/api/v1/sla-policies', { signal })).policies,
  });
}

export function useWebhooks() {
  return useQuery({
    queryKey: adminKeys.webhooks,
    queryFn: async ({ signal }) =>
      (await api<{ webhooks: Webhook[] }>('/api/v1/webhooks', { signal })).webhooks,
  });
}

/** A team's name by its id, from the (cached) team list; the id while it loads. */
export function useTeamName(): (teamId: string | null) => string {
  const teams = useAdminTeams();
  return (teamId) => {
    if (teamId === null) return 'Every team';
    return teams.data?.find((t) => t.id === teamId)?.name ?? teamId;
  };
}

/** "alice (Alice Smith)". */
export function userLabel(user: {
  readonly username: string;
  readonly displayName: string | null;
}): string {
  return user.displayName && user.displayName !== user.username
    ? `${user.username} (${user.displayName})`
    : user.username;
}
