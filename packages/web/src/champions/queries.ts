import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import type { ChampionEntry, ChampionHome } from './types.js';

const championPath = (teamId: string, userId: string) =>
  `/api/v1/teams/${encodeURIComponent(teamId)}/champions/${encodeURIComponent(userId)}`;

/** The champions directory, optionally of one expertise tag. */
export function useChampions(expertise: string | undefined) {
  return useQuery({
    queryKey: ['champions', expertise ?? ''],
    queryFn: ({ signal }) =>
      api<{ champions: ChampionEntry[] }>(withQuery('/api/v1/champions', { expertise }), {
        signal,
      }),
    select: (answer) => answer.champions,
  });
}

/** A team's champion home page. */
export function useChampionHome(teamId: string | undefined) {
  return useQuery({
    queryKey: ['champion-home', teamId],
    enabled: teamId !== undefined,
    queryFn: ({ signal }) =>
      api<ChampionHome>(`/api/v1/teams/${encodeURIComponent(teamId ?? '')}/champion-home`, {
        signal,
      }),
  });
}

/**
 * Appoints (`appoint`), dismisses (`dismiss`) or re-tags (`expertise`) a champion; then
 * everything cached is stale (memberships, the directory, my own role).
 */
export function useChampionChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      change:
        | { kind: 'appoint' | 'dismiss'; teamId: string; userId: string }
        | { kind: 'expertise'; teamId: string; userId: string; tags: string[] },
    ) =>
      change.kind === 'expertise'
        ? api(`${championPath(change.teamId, change.userId)}/expertise`, {
            method: 'PUT',
            body: { tags: change.tags },
          })
        : api(championPath(change.teamId, change.userId), {
            method: change.kind === 'appoint' ? 'PUT' : 'DELETE',
          }),
    onSuccess: () => client.invalidateQueries(),
  });
}

/** Expertise tags as typed: split on commas and spaces, lower-cased, duplicates dropped. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ''),
    ),
  ];
}
