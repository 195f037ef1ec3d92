/** Formatting shared by the pages. */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateFormat.format(d);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateTimeFormat.format(d);
}

export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined) return '—';
  if (days < 1) return `${Math.round(days * 24)} h`;
  return `${days < 10 ? days.toFixed(1) : Math.round(days)} d`;
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString();
}

export const STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  fixed: 'Fixed',
  false_positive: 'False positive',
  risk_accepted: 'Risk accepted',
};

export const STAGE_LABELS: Record<string, string> = {
  dev: 'Developer machine',
  pr: 'Pull request',
  main: 'Main branch',
  production: 'Production',
};

/** The ISO date `days` before now, at midnight UTC. */
export function daysAgo(days: number, now = Date.now()): string {
  const d = new Date(now - days * 86_400_000);
  return d.toISOString().slice(0, 10);
}
