import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import type {
  ConsultChange,
  ConsultDetail,
  ConsultFilters,
  ConsultKind,
  ConsultPage,
  ConsultSettings,
  NewConsult,
  SlaTargets,
} from './types.js';

const CONSULTS = 'consults';
const consultPath = (id: string) => `/api/v1/consults/${encodeURIComponent(id)}`;

/** The queue with its filters, in the API's order (by SLA urgency). */
export function useConsults(filters: ConsultFilters) {
  return useQuery({
    queryKey: [CONSULTS, 'list', filters],
    queryFn: ({ signal }) =>
      api<ConsultPage>(
        withQuery('/api/v1/consults', {
          status: filters.status,
          kind: filters.kind,
          teamId: filters.teamId,
          owner: filters.mine ? 'me' : undefined,
          open: filters.open ? 'true' : undefined,
          limit: 200,
        }),
        { signal },
      ),
  });
}

/** One consult with its rendered markdown, SLA and history. */
export function useConsult(id: string) {
  return useQuery({
    queryKey: [CONSULTS, 'one', id],
    queryFn: ({ signal }) => api<ConsultDetail>(consultPath(id), { signal }),
  });
}

/** Files a consult; resolves with it. */
export function useCreateConsult() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewConsult) =>
      api<ConsultDetail>('/api/v1/consults', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: [CONSULTS] }),
  });
}

/** Works a consult (security) or cancels it (requester, champion). */
export function useConsultChange(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsultChange) =>
      api<ConsultDetail>(consultPath(id), { method: 'PATCH', body }),
    onSuccess: (consult) => {
      client.setQueryData([CONSULTS, 'one', id], consult);
      return client.invalidateQueries({ queryKey: [CONSULTS, 'list'] });
    },
  });
}

/** Comments on a consult. */
export function useConsultComment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      api<ConsultDetail>(`${consultPath(id)}/comments`, { method: 'POST', body: { text } }),
    onSuccess: (consult) => client.setQueryData([CONSULTS, 'one', id], consult),
  });
}

/** The SLA targets in force and the defaults. */
export function useConsultSettings() {
  return useQuery({
    queryKey: [CONSULTS, 'settings'],
    queryFn: ({ signal }) => api<ConsultSettings>('/api/v1/consults/settings', { signal }),
  });
}

/** Sets the SLA targets (security, admin); every consult's SLA changes with them. */
export function useSaveConsultSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<Record<ConsultKind, SlaTargets>>) =>
      api<ConsultSettings>('/api/v1/consults/settings', { method: 'PUT', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: [CONSULTS] }),
  });
}

interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly globalRole: 'admin' | 'security' | 'auditor' | null;
  readonly disabled: boolean;
}

/** Active security and admin users: who may own a consult (org readers only may list). */
export function useConsultOwners(enabled: boolean) {
  return useQuery({
    queryKey: ['api', '/api/v1/users'],
    queryFn: ({ signal }) => api<{ users: UserRow[] }>('/api/v1/users', { signal }),
    enabled,
    staleTime: 5 * 60_000,
    select: (answer) =>
      answer.users.filter(
        (u) => !u.disabled && (u.globalRole === 'security' || u.globalRole === 'admin'),
      ),
  });
}
