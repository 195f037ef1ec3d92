import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import type {
  ChallengeInput,
  CtfChallenge,
  CtfChallengeList,
  CtfEvent,
  EventInput,
  HintUnlock,
  Scoreboard,
  SubmissionResult,
} from './types.js';

const BASE = '/api/v1/ctf';
const enc = encodeURIComponent;

/** How often the scoreboard and the challenge list refresh while a page shows them. */
export const SCOREBOARD_REFRESH_MS = 10_000;

/** The events the caller sees. */
export function useCtfEvents() {
  return useQuery({
    queryKey: ['ctf', 'events'],
    queryFn: ({ signal }) => api<{ events: CtfEvent[] }>(`${BASE}/events`, { signal }),
    select: (answer) => answer.events,
  });
}

export function useCtfEvent(eventId: string) {
  return useQuery({
    queryKey: ['ctf', 'event', eventId],
    queryFn: ({ signal }) => api<CtfEvent>(`${BASE}/events/${enc(eventId)}`, { signal }),
  });
}

export function useCtfChallenges(eventId: string) {
  return useQuery({
    queryKey: ['ctf', 'challenges', eventId],
    queryFn: ({ signal }) =>
      api<CtfChallengeList>(`${BASE}/events/${enc(eventId)}/challenges`, { signal }),
    refetchInterval: SCOREBOARD_REFRESH_MS,
  });
}

/** The live (or frozen) scoreboard, polled every 10 s. */
export function useScoreboard(eventId: string) {
  return useQuery({
    queryKey: ['ctf', 'scoreboard', eventId],
    queryFn: ({ signal }) =>
      api<Scoreboard>(`${BASE}/events/${enc(eventId)}/scoreboard`, { signal }),
    refetchInterval: SCOREBOARD_REFRESH_MS,
  });
}

/** Everything CTF is stale after a change: scores and values move together. */
function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['ctf'] });
}

export function useCreateEvent() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: EventInput) =>
      api<CtfEvent>(`${BASE}/events`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteEvent() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (eventId: string) => api(`${BASE}/events/${enc(eventId)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useSubmitFlag(challengeId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (flag: string) =>
      api<SubmissionResult>(`${BASE}/challenges/${enc(challengeId)}/submissions`, {
        method: 'POST',
        body: { flag },
      }),
    onSuccess: (result) => (result.correct ? invalidate() : undefined),
  });
}

export function useUnlockHint() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (hintId: string) =>
      api<HintUnlock>(`${BASE}/hints/${enc(hintId)}/unlock`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}

/** Adds a challenge (no `challengeId`) or changes one. */
export function useSaveChallenge(eventId: string, challengeId: string | undefined) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: ChallengeInput) =>
      challengeId === undefined
        ? api<CtfChallenge>(`${BASE}/events/${enc(eventId)}/challenges`, {
            method: 'POST',
            body: input,
          })
        : api<CtfChallenge>(`${BASE}/challenges/${enc(challengeId)}`, {
            method: 'PATCH',
            body: input,
          }),
    onSuccess: invalidate,
  });
}

export function useDeleteChallenge() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (challengeId: string) =>
      api(`${BASE}/challenges/${enc(challengeId)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useImportChallenges(eventId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (yaml: string) =>
      api<{ created: string[]; updated: string[] }>(
        `${BASE}/events/${enc(eventId)}/challenges/import`,
        { method: 'POST', body: { yaml } },
      ),
    onSuccess: invalidate,
  });
}

/** The export file's address (a same-origin GET with the session cookie). */
export function exportHref(eventId: string, includeSecrets = false): string {
  return withQuery(`${BASE}/events/${enc(eventId)}/challenges/export`, {
    includeSecrets: includeSecrets ? 'true' : undefined,
  });
}
