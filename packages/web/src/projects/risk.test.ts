import { describe, expect, it } from 'vitest';
import type { ProjectWithSummary } from '../api/org-types.js';
import { addOpen, compareRisk, severityCounts, totalOpen } from './risk.js';
import { parseProjectSort, sortProjects } from './sort-projects.js';

const project = (
  name: string,
  open?: Record<string, number>,
  ranAt?: string,
): ProjectWithSummary => ({
  id: name,
  name,
  repository: null,
  defaultBranch: 'main',
  teamId: 't',
  createdAt: '2026-01-01T00:00:00Z',
  ...(open === undefined
    ? {}
    : {
        summary: {
          open,
          riskAccepted: 0,
          lastScan:
            ranAt === undefined
              ? null
              : {
                  id: `s-${name}`,
                  projectId: name,
                  ranAt,
                  receivedAt: ranAt,
                  stage: 'main',
                  kind: 'full',
                  branch: 'main',
                  commit: null,
                  scope: 'main',
                  tools: [],
                  findings: 0,
                  uploadedBy: null,
                },
        },
      }),
});

describe('risk', () => {
  it('puts one critical finding above any number of high ones', () => {
    expect(compareRisk({ critical: 1 }, { high: 500 })).toBeLessThan(0);
    expect(compareRisk({ high: 500 }, { critical: 1 })).toBeGreaterThan(0);
  });

  it('breaks a tie in one severity on the next one down', () => {
    expect(compareRisk({ critical: 1, medium: 2 }, { critical: 1, medium: 3 })).toBeGreaterThan(0);
    expect(compareRisk({ high: 2, low: 1 }, { high: 2, low: 1 })).toBe(0);
  });

  it('sorts a project without a summary after every project with one', () => {
    expect(compareRisk(undefined, {})).toBeGreaterThan(0);
    expect(compareRisk({}, undefined)).toBeLessThan(0);
  });

  it("prefers the hub's total and sums the severities without one", () => {
    expect(totalOpen({ critical: 1, high: 2, total: 3 })).toBe(3);
    expect(totalOpen({ critical: 1, low: 4 })).toBe(5);
    expect(totalOpen(undefined)).toBe(0);
  });

  it('lists every severity, most severe first, with zero for the absent ones', () => {
    expect(severityCounts({ low: 2 })).toEqual([
      ['critical', 0],
      ['high', 0],
      ['medium', 0],
      ['low', 2],
      ['info', 0],
    ]);
  });

  it("adds two projects' open counts, total included", () => {
    expect(addOpen({ high: 1, total: 1 }, { high: 2, low: 1, total: 3 })).toEqual({
      high: 3,
      low: 1,
      total: 4,
    });
    expect(addOpen({ high: 1 }, undefined)).toEqual({ high: 1 });
  });
});

describe('sortProjects', () => {
  const projects = [
    project('beta', { high: 3 }, '2026-11-01T00:00:00Z'),
    project('alpha', { critical: 1 }, '2026-11-20T00:00:00Z'),
    project('gamma', { high: 3 }),
    project('Delta'),
  ];
  const names = (list: readonly ProjectWithSummary[]) => list.map((p) => p.name);

  it('orders by risk, then by name', () => {
    expect(names(sortProjects(projects, 'risk'))).toEqual(['alpha', 'beta', 'gamma', 'Delta']);
  });

  it('orders by name without regard to case', () => {
    expect(names(sortProjects(projects, 'name'))).toEqual(['alpha', 'beta', 'Delta', 'gamma']);
  });

  it('puts the never-scanned projects first when the stalest come first', () => {
    expect(names(sortProjects(projects, 'stale'))).toEqual(['Delta', 'gamma', 'beta', 'alpha']);
  });

  it('keeps the projects whose name contains the text, in any case', () => {
    expect(names(sortProjects(projects, 'name', ' DEL '))).toEqual(['Delta']);
  });

  it('reads an unknown sort as risk', () => {
    expect(parseProjectSort('stale')).toBe('stale');
    expect(parseProjectSort('<script>')).toBe('risk');
    expect(parseProjectSort(null)).toBe('risk');
  });
});
