import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import { daysAgo } from '../ui/format.js';
import type {
  FeedbackPage,
  FeedbackStatus,
  NewFeedback,
  RuleAnswer,
  RuleFeedback,
  RuleStatsAnswer,
  WindowDays,
} from './types.js';

const RULES = 'rule-feedback';

/** Per-rule statistics over the last `days` days: the organisation's, or one team's. */
export function useRuleStats(days: WindowDays, teamId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [RULES, 'stats', days, teamId ?? ''],
    enabled,
    queryFn: ({ signal }) =>
      api<RuleStatsAnswer>(
        withQuery('/api/v1/rules/stats', { from: daysAgo(days), teamId, limit: 500 }),
        { signal },
      ),
  });
}

/** One rule's statistics and the feedback on it the user may read. */
export function useRule(scanner: string, ruleId: string, days: WindowDays) {
  return useQuery({
    queryKey: [RULES, 'rule', scanner, ruleId, days],
    queryFn: ({ signal }) =>
      api<RuleAnswer>(
        withQuery(
          `/api/v1/rules/${encodeURIComponent(scanner)}/${encodeURIComponent(ruleId)}/feedback`,
          { from: daysAgo(days) },
        ),
        { signal },
      ),
  });
}

/** The feedback the user filed, newest first. */
export function useMyFeedback() {
  return useQuery({
    queryKey: [RULES, 'mine'],
    queryFn: ({ signal }) =>
      api<FeedbackPage>(withQuery('/api/v1/rule-feedback', { mine: 'true', limit: 200 }), {
        signal,
      }),
  });
}

/** Files feedback on a rule. */
export function useFileFeedback() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewFeedback) =>
      api<RuleFeedback>('/api/v1/rule-feedback', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: [RULES] }),
  });
}

/** Security's answer: a status and a response. */
export function useRespond(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { status?: FeedbackStatus; response?: string }) =>
      api<RuleFeedback>(`/api/v1/rule-feedback/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: [RULES] }),
  });
}
