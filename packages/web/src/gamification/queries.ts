import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import type { MyGamification, PeopleBoard, Season, TeamBoard } from './types.js';

/** My points, rank, badges and opt-out. */
export function useMyGamification() {
  return useQuery({
    queryKey: ['gamification', 'me'],
    queryFn: ({ signal }) => api<MyGamification>('/api/v1/me/gamification', { signal }),
  });
}

/** Every season (the picker). */
export function useSeasons() {
  return useQuery({
    queryKey: ['gamification', 'seasons'],
    queryFn: ({ signal }) => api<{ seasons: Season[] }>('/api/v1/seasons', { signal }),
    select: (answer) => answer.seasons,
  });
}

/** The people board of a season (`current`, `all` or an id), of the organisation or a team. */
export function usePeopleBoard(season: string, teamId: string | undefined) {
  return useQuery({
    queryKey: ['gamification', 'people', season, teamId ?? ''],
    queryFn: ({ signal }) =>
      api<PeopleBoard>(withQuery('/api/v1/leaderboards/people', { season, teamId }), { signal }),
  });
}

/** The team board of a season. */
export function useTeamBoard(season: string) {
  return useQuery({
    queryKey: ['gamification', 'teams', season],
    queryFn: ({ signal }) =>
      api<TeamBoard>(withQuery('/api/v1/leaderboards/teams', { season }), { signal }),
  });
}

/** Opts me out of (or back into) the leaderboards; then the boards are stale. */
export function useOptOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (optOut: boolean) =>
      api<{ optOut: boolean }>('/api/v1/me/gamification', { method: 'PUT', body: { optOut } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['gamification'] }),
  });
}
