import { useQuery } from '@tanstack/react-query';
import { api, type Query, withQuery } from '../api/client.js';
import type { MetricsWindow } from './period.js';

/** The metrics the team pages read, under `/api/v1/metrics/`. */
export type MetricName =
  | 'mttr'
  | 'escape-rate'
  | 'sla'
  | 'open-age'
  | 'prevented'
  | 'trend'
  | 'top-cwes';

/**
 * One metric over the window, for one team or (team undefined) the caller's scope: the
 * organisation for admin, security and auditors, else the caller's own teams.
 */
export function useMetric<T>(
  name: MetricName,
  window: MetricsWindow,
  team: string | undefined,
  extra: Query = {},
) {
  const query: Query = { from: window.from, to: window.to, team, ...extra };
  return useQuery({
    queryKey: ['metrics', name, query],
    queryFn: ({ signal }) => api<T>(withQuery(`/api/v1/metrics/${name}`, query), { signal }),
  });
}

/** One metric for a team and, beside it, for the caller's whole scope (same window). */
export function useCompared<T>(
  name: MetricName,
  window: MetricsWindow,
  team: string,
  extra: Query = {},
  otherExtra: Query = extra,
) {
  return {
    team: useMetric<T>(name, window, team, extra),
    other: useMetric<T>(name, window, undefined, otherExtra),
  };
}
