import { useSearchParams } from 'react-router';
import { daysAgo } from './format.js';

export const PERIODS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
] as const;

/**
 * The metrics window and team from the URL (`?period=90&team=ID`), so a view can be shared.
 * `to` is tomorrow (UTC date) so that today's events count; `from` is `period` days before.
 */
export function useMetricsFilters() {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('period'));
  const period = PERIODS.some((p) => p.days === raw) ? raw : 90;
  const team = params.get('team') ?? '';
  const to = daysAgo(-1);
  const from = daysAgo(period - 1);
  function set(key: 'period' | 'team', value: string) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === '' || (key === 'period' && value === '90')) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: false },
    );
  }
  return { period, team, from, to, set };
}
