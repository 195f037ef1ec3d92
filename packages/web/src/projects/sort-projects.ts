import type { ProjectWithSummary } from '../api/org-types.js';
import { compareRisk } from './risk.js';

/** How the project list is ordered. */
export const PROJECT_SORTS = {
  risk: 'Risk (most critical first)',
  name: 'Name',
  stale: 'Last scan (oldest first)',
} as const;
export type ProjectSort = keyof typeof PROJECT_SORTS;

export function parseProjectSort(value: string | null): ProjectSort {
  return value === 'name' || value === 'stale' ? value : 'risk';
}

const byName = (a: ProjectWithSummary, b: ProjectWithSummary) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** The time of a project's last scan; never scanned sorts first (the stalest). */
const lastScanAt = (p: ProjectWithSummary) => {
  const at = p.summary?.lastScan?.ranAt;
  return at === undefined ? Number.NEGATIVE_INFINITY : Date.parse(at);
};

/** The projects whose name contains `text` (any case), in the chosen order. */
export function sortProjects(
  projects: readonly ProjectWithSummary[],
  sort: ProjectSort,
  text = '',
): ProjectWithSummary[] {
  const needle = text.trim().toLocaleLowerCase();
  const shown = needle
    ? projects.filter((p) => p.name.toLocaleLowerCase().includes(needle))
    : [...projects];
  if (sort === 'name') return shown.sort(byName);
  if (sort === 'stale') return shown.sort((a, b) => lastScanAt(a) - lastScanAt(b) || byName(a, b));
  return shown.sort((a, b) => compareRisk(a.summary?.open, b.summary?.open) || byName(a, b));
}
