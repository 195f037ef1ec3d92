import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { CtfEventSummary, DraftChange, HistoryCandidate, HistoryDraft } from './types.js';

const BASE = '/api/v1/ctf/history';
const draftPath = (id: string) => `${BASE}/drafts/${encodeURIComponent(id)}`;

/** Fixed findings that could become challenges, the latest fixes first. */
export function useHistoryCandidates(enabled: boolean) {
  return useQuery({
    queryKey: ['ctf-history', 'candidates'],
    enabled,
    queryFn: ({ signal }) =>
      api<{ candidates: HistoryCandidate[] }>(`${BASE}/candidates?limit=50`, { signal }),
    select: (answer) => answer.candidates,
  });
}

/** Every draft, newest first. */
export function useHistoryDrafts(enabled: boolean) {
  return useQuery({
    queryKey: ['ctf-history', 'drafts'],
    enabled,
    queryFn: ({ signal }) => api<{ drafts: HistoryDraft[] }>(`${BASE}/drafts`, { signal }),
    select: (answer) => answer.drafts,
  });
}

/** One draft. */
export function useHistoryDraft(id: string | undefined) {
  return useQuery({
    queryKey: ['ctf-history', 'draft', id],
    enabled: id !== undefined,
    queryFn: ({ signal }) => api<HistoryDraft>(draftPath(id ?? ''), { signal }),
  });
}

/** The CTF events the caller sees (to publish into). */
export function useCtfEventChoices() {
  return useQuery({
    queryKey: ['ctf-history', 'events'],
    queryFn: ({ signal }) => api<{ events: CtfEventSummary[] }>('/api/v1/ctf/events', { signal }),
    select: (answer) => answer.events,
  });
}

/** Generates a draft from a fixed finding. */
export function useGenerateDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (findingId: string) =>
      api<HistoryDraft>(`${BASE}/drafts`, { method: 'POST', body: { findingId } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['ctf-history'] }),
  });
}

/** Edits a draft and/or decides on it. */
export function useChangeDraft(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: DraftChange) =>
      api<HistoryDraft>(draftPath(id), { method: 'PATCH', body: change }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['ctf-history'] }),
  });
}

/** Publishes an approved draft into an event. */
export function usePublishDraft(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { eventId: string; points: number }) =>
      api<{ challengeId: string; eventId: string; draft: HistoryDraft }>(
        `${draftPath(id)}/publish`,
        { method: 'POST', body },
      ),
    onSuccess: () => client.invalidateQueries(),
  });
}
