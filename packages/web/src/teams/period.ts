import { useState } from 'react';
import { useSearchParams } from 'react-router';

/** The periods a team's metrics can be read over, in days. */
export const PERIODS = [30, 90, 365] as const;
export type PeriodDays = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: PeriodDays = 90;

const DAY = 86_400_000;

/** The period in the URL's `days` parameter; an unknown value falls back to the default. */
export function parsePeriod(value: string | null): PeriodDays {
  const days = Number(value);
  return PERIODS.find((p) => p === days) ?? DEFAULT_PERIOD;
}

/** A metrics window `[from, to)`, in epoch milliseconds. */
export interface MetricsWindow {
  readonly days: PeriodDays;
  readonly from: number;
  readonly to: number;
}

/**
 * The period of the page's URL (`?days=30|90|365`) and its window, ending when the page was
 * opened (to the minute): every query of the page shares the same window, so the team's
 * numbers and the organisation's are comparable, and the query keys stay stable.
 */
export function usePeriod(): [MetricsWindow, (days: PeriodDays) => void] {
  const [params, setParams] = useSearchParams();
  const [to] = useState(() => Math.floor(Date.now() / 60_000) * 60_000);
  const days = parsePeriod(params.get('days'));
  const setDays = (next: PeriodDays) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        if (next === DEFAULT_PERIOD) copy.delete('days');
        else copy.set('days', String(next));
        return copy;
      },
      { replace: true },
    );
  return [{ days, from: to - days * DAY, to }, setDays];
}
