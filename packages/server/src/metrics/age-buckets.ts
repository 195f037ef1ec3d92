import { completedDays } from './time-units.js';

/** The age buckets of open findings, in whole completed days, youngest first. */
export const AGE_BUCKETS = [
  { label: '0-7', maxDays: 7 },
  { label: '8-30', maxDays: 30 },
  { label: '31-90', maxDays: 90 },
  { label: '91-180', maxDays: 180 },
  { label: '>180', maxDays: null },
] as const;

/** One of `0-7`, `8-30`, `31-90`, `91-180`, `>180`. */
export type AgeBucket = (typeof AGE_BUCKETS)[number]['label'];

/**
 * The bucket of an open interval's age (`ageMs` = the window's end minus the interval's
 * start); ages are whole completed days, so 7 days 23 hours is still `0-7`.
 */
export function ageBucketOf(ageMs: number): AgeBucket {
  const days = completedDays(ageMs);
  for (const bucket of AGE_BUCKETS) {
    if (bucket.maxDays === null || days <= bucket.maxDays) return bucket.label;
  }
  return '>180';
}
