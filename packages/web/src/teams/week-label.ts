const shortDate = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** A week's Monday as a short date ("Nov 16"), for chart axes. */
export function weekTick(weekStart: string): string {
  const d = new Date(weekStart);
  return Number.isNaN(d.getTime()) ? weekStart : shortDate.format(d);
}

/** A number of days rounded for charts (one decimal). */
export function roundDays(days: number | null | undefined): number | null {
  return days === null || days === undefined ? null : Math.round(days * 10) / 10;
}
