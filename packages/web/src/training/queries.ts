import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import type {
  AttemptResult,
  CatalogAnswer,
  CatalogFilter,
  ModuleAnswer,
  MyTraining,
  NewTrainingRule,
  TeamEffectiveness,
  TeamRecommendations,
  TrainingRule,
} from './types.js';

const modulePath = (moduleId: string) => `/api/v1/training/modules/${encodeURIComponent(moduleId)}`;

/** The catalog, filtered (the filters as the URL holds them). */
export function useCatalog(filter: CatalogFilter) {
  const query = { cwe: filter.cwe, language: filter.language, level: filter.level, q: filter.q };
  return useQuery({
    queryKey: ['training', 'modules', query],
    queryFn: ({ signal }) =>
      api<CatalogAnswer>(withQuery('/api/v1/training/modules', query), { signal }),
  });
}

/** The first module (in catalog order) teaching one of `cwes`, tried in order; null if none. */
export function useModuleForCwes(cwes: readonly string[]) {
  const valid = cwes.filter((c) => /^cwe-[1-9][0-9]{0,4}$/i.test(c));
  return useQuery({
    queryKey: ['training', 'for-cwes', valid],
    enabled: valid.length > 0,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      for (const cwe of valid) {
        const answer = await api<CatalogAnswer>(withQuery('/api/v1/training/modules', { cwe }), {
          signal,
        });
        const found = answer.modules[0];
        if (found !== undefined) return found;
      }
      return null;
    },
  });
}

/** One module, its body and its quiz (without the answers). */
export function useTrainingModule(moduleId: string) {
  return useQuery({
    queryKey: ['training', 'module', moduleId],
    queryFn: ({ signal }) => api<ModuleAnswer>(modulePath(moduleId), { signal }),
  });
}

/** The signed-in user's recommendations, completions and attempts. */
export function useMyTraining() {
  return useQuery({
    queryKey: ['training', 'me'],
    queryFn: ({ signal }) => api<MyTraining>('/api/v1/me/training', { signal }),
  });
}

/** A team's ranked recommendations. */
export function useTeamTraining(teamId: string) {
  return useQuery({
    queryKey: ['training', 'team', teamId],
    queryFn: ({ signal }) =>
      api<TeamRecommendations>(
        `/api/v1/teams/${encodeURIComponent(teamId)}/training/recommendations`,
        { signal },
      ),
  });
}

/**
 * Submits a quiz attempt. The module page shows the result from the answer; the statuses
 * elsewhere (catalog, my training, team counts) are refreshed in the background.
 */
export function useSubmitAttempt(moduleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (answers: readonly number[]) =>
      api<AttemptResult>(`${modulePath(moduleId)}/attempts`, {
        method: 'POST',
        body: { answers },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['training'] }),
  });
}

/** The training rules (everyone reads; security and admin write). */
export function useTrainingRules(enabled = true) {
  return useQuery({
    queryKey: ['training', 'rules'],
    enabled,
    queryFn: async ({ signal }) =>
      (await api<{ rules: TrainingRule[] }>('/api/v1/training/rules', { signal })).rules,
  });
}

/** Creates a training rule. */
export function useCreateTrainingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewTrainingRule) =>
      api<TrainingRule>('/api/v1/training/rules', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['training', 'rules'] }),
  });
}

/** Turns a training rule on or off. */
export function useSetRuleActive() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      api<TrainingRule>(`/api/v1/training/rules/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: { active },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['training', 'rules'] }),
  });
}

/** A team's before/after comparison per completed module and CWE. */
export function useTeamEffectiveness(teamId: string) {
  return useQuery({
    queryKey: ['training', 'effectiveness', teamId],
    queryFn: ({ signal }) =>
      api<TeamEffectiveness>(`/api/v1/teams/${encodeURIComponent(teamId)}/training/effectiveness`, {
        signal,
      }),
  });
}
