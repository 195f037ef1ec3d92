import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../lockfiles/graph.js';
import type { Dependency, Ecosystem } from '../types.js';
import { type AdvisorySource, matchDependencies } from './matcher.js';
import { primaryId } from './names.js';
import { toImportRecord } from './record.js';

function source(records: Record<string, unknown>[], ecosystem: Ecosystem = 'npm'): AdvisorySource {
  const rows = records.map((r) => toImportRecord(r, ecosystem));
  return {
    advisoriesFor: (eco, name) =>
      eco !== ecosystem
        ? []
        : rows.flatMap((r) =>
            r.affected
              .filter(([n]) => n === name)
              .map(([, affected]) => ({ advisory: r.advisory, affected })),
          ),
  };
}

function dep(name: string, version: string, ecosystem: Ecosystem = 'npm'): Dependency {
  return buildDependencies(ecosystem, 'package-lock.json', [
    { name, version, direct: true, dependsOn: [] },
  ])[0] as Dependency;
}

function record(id: string, fields: Record<string, unknown>, ranges: unknown[], name = 'pkg') {
  return {
    id,
    modified: '2024-01-01T00:00:00Z',
    ...fields,
    affected: [{ package: { ecosystem: 'npm', name }, ranges }],
  };
}

const upTo = (fixed: string) => [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }];

describe('matchDependencies', () => {
  it('merges advisories that alias each other into one match with every id', () => {
    const db = source([
      record('GHSA-aaaa-bbbb-cccc', { aliases: ['CVE-2024-1'] }, upTo('1.2.0')),
      record('NSWG-ECO-1', { aliases: ['CVE-2024-1'] }, upTo('1.3.0')),
      record('NSWG-ECO-2', {}, upTo('2.0.0')),
    ]);
    const matches = matchDependencies([dep('pkg', '1.0.0')], db);
    expect(matches.map((m) => m.id).sort()).toEqual(['GHSA-aaaa-bbbb-cccc', 'NSWG-ECO-2']);
    const merged = matches.find((m) => m.id === 'GHSA-aaaa-bbbb-cccc');
    expect(merged?.aliases).toEqual(['CVE-2024-1', 'NSWG-ECO-1']);
    // 1.2.0 fixes the GHSA record but the NSWG record still affects it.
    expect(merged?.fixedIn).toBe('1.3.0');
  });

  it('ignores withdrawn advisories and versions outside the range', () => {
    const db = source([
      record('GHSA-w', { withdrawn: '2024-02-01T00:00:00Z' }, upTo('9.0.0')),
      record('GHSA-x', {}, upTo('1.0.0')),
    ]);
    expect(matchDependencies([dep('pkg', '1.0.0')], db)).toEqual([]);
  });

  it('takes severity from the highest CVSS vector, else the database word, else unknown', () => {
    const db = source([
      record(
        'GHSA-cvss',
        {
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        },
        upTo('2.0.0'),
      ),
      record('GHSA-word', { database_specific: { severity: 'MODERATE' } }, upTo('2.0.0'), 'other'),
      record('GO-2024-1', {}, upTo('2.0.0'), 'third'),
    ]);
    const [a] = matchDependencies([dep('pkg', '1.0.0')], db);
    expect(a).toMatchObject({ severity: 'critical', severitySource: 'cvss', cvss: { score: 9.8 } });
    const [b] = matchDependencies([dep('other', '1.0.0')], db);
    expect(b).toMatchObject({ severity: 'medium', severitySource: 'database' });
    const [c] = matchDependencies([dep('third', '1.0.0')], db);
    expect(c).toMatchObject({ severity: 'medium', severitySource: 'unknown' });
  });

  it('leaves unpinned dependencies alone and says when no fix exists', () => {
    const db = source([
      record('GHSA-nofix', {}, [{ type: 'SEMVER', events: [{ introduced: '0' }] }]),
    ]);
    expect(matchDependencies([dep('pkg', '')], db)).toEqual([]);
    expect(matchDependencies([dep('pkg', '3.0.0')], db)[0]?.fixedIn).toBeUndefined();
  });
});

describe('primaryId', () => {
  it('prefers a GitHub advisory, then a database id, then a CVE, whatever the order', () => {
    expect(primaryId(['CVE-2021-1', 'PYSEC-2021-1', 'GHSA-x'])).toBe('GHSA-x');
    expect(primaryId(['CVE-2021-1', 'PYSEC-2021-1'])).toBe('PYSEC-2021-1');
    expect(primaryId(['CVE-2021-2', 'CVE-2021-1'])).toBe('CVE-2021-1');
  });
});
