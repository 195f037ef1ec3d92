/** One day in milliseconds. */
export const DAY = 86_400_000;
/** One week in milliseconds. */
export const WEEK = 7 * DAY;
/** 1970-01-05T00:00Z, the first Monday after the epoch: ISO weeks are offset from it. */
export const FIRST_MONDAY = 4 * DAY;

/**
 * The start (Monday 00:00 UTC) of the ISO week holding `ms`.
 * @example new Date(weekStartOf(Date.UTC(2024, 0, 3))).toISOString() // '2024-01-01T00:00:00.000Z'
 */
export function weekStartOf(ms: number): number {
  return Math.floor((ms - FIRST_MONDAY) / WEEK) * WEEK + FIRST_MONDAY;
}

/**
 * The ISO 8601 week label (`YYYY-Www`) of the week holding `ms`: the year is that of the
 * week's Thursday, so 2021-01-03 is in 2020-W53 and 2024-12-30 in 2025-W01.
 */
export function isoWeekLabel(ms: number): string {
  const thursday = new Date(weekStartOf(ms) + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The starts of the ISO weeks that overlap the window [from, to), in order. */
export function weeksOverlapping(from: number, to: number): number[] {
  const weeks: number[] = [];
  for (let w = weekStartOf(from); w < to; w += WEEK) weeks.push(w);
  return weeks;
}

/** Whole completed days in a duration (ages are counted this way). */
export function completedDays(durationMs: number): number {
  return Math.floor(durationMs / DAY);
}
