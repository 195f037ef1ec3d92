import type { Finding } from '@rampart/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import {
  codeFinding,
  findingsOf,
  packageFinding,
  reportBody,
  seedProject,
  store,
} from '../ingest/ingest-test-support.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { cwesOfData, cwesOfFinding } from './finding-cwes.js';
import { asciiLower, locationText, searchTextOf } from './finding-search.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-05-04T00:00:00Z');
const NOW = T0 + 30 * DAY;

const withCwes = (finding: Finding, cwe: string[]): Finding => ({ ...finding, cwe });

describe('the CWEs of a finding', () => {
  it('are the distinct CWE ids it names, in order', () => {
    expect(cwesOfFinding({ cwe: ['CWE-79', 'CWE-89', 'CWE-79'] })).toEqual(['CWE-79', 'CWE-89']);
    expect(cwesOfFinding({ cwe: [] })).toEqual([]);
  });

  it('are read back from stored data, and none from anything unreadable', () => {
    expect(cwesOfData(JSON.stringify({ cwe: ['CWE-22', 'CWE-22', 'XSS', 7, 'CWE-0'] }))).toEqual([
      'CWE-22',
    ]);
    expect(cwesOfData(JSON.stringify({ cwe: 'CWE-22' }))).toEqual([]);
    expect(cwesOfData(JSON.stringify({ ruleId: 'x' }))).toEqual([]);
    expect(cwesOfData('{not json')).toEqual([]);
    expect(cwesOfData('null')).toEqual([]);
  });
});

describe('the search text of a finding', () => {
  it('is its title, rule id and location, one per line, ASCII letters in lower case', () => {
    const row = { title: 'T', rule_id: 'r.1', data: JSON.stringify(codeFinding('z')) };
    expect(searchTextOf(row)).toBe('t\nr.1\nsrc/z.js');
    expect(searchTextOf({ ...row, data: 'not json' })).toBe('t\nr.1\n');
    expect(asciiLower('ÀBC Étoile/X.JS')).toBe('Àbc Étoile/x.js');
  });

  it('takes the path, else the package name, else the URL', () => {
    expect(locationText({ kind: 'code', path: 'a.js' })).toBe('a.js');
    expect(locationText({ kind: 'package', name: 'qs', manifestPath: 'package.json' })).toBe('qs');
    expect(locationText({ kind: 'url', url: 'https://x/y' })).toBe('https://x/y');
    expect(locationText({ path: 3, name: 'n' })).toBe('n');
    expect(locationText(null)).toBe('');
  });
});

describe.each(TEST_DIALECTS)('ingest keeps finding_cwes and finding_search on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let projectId: string;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    ({ projectId } = await seedProject(hub));
  });
  afterAll(() => drop());

  /** The stored CWEs of the project's findings, by fingerprint (sorted). */
  async function storedCwes(project = projectId): Promise<Record<string, string[]>> {
    const rows = await store(hub)
      .selectFrom('finding_cwes')
      .innerJoin('findings', 'findings.id', 'finding_cwes.finding_id')
      .select(['findings.fingerprint', 'finding_cwes.cwe', 'finding_cwes.project_id'])
      .where('findings.project_id', '=', project)
      .execute();
    const out: Record<string, string[]> = {};
    for (const row of rows) {
      expect(row.project_id).toBe(project);
      out[row.fingerprint] = [...(out[row.fingerprint] ?? []), row.cwe];
    }
    for (const list of Object.values(out)) list.sort();
    return out;
  }

  /** The stored search texts of the project's findings, by fingerprint. */
  async function storedSearch(): Promise<Record<string, string>> {
    const rows = await store(hub)
      .selectFrom('finding_search')
      .innerJoin('findings', 'findings.id', 'finding_search.finding_id')
      .select(['findings.fingerprint', 'finding_search.text', 'finding_search.project_id'])
      .where('findings.project_id', '=', projectId)
      .execute();
    for (const row of rows) expect(row.project_id).toBe(projectId);
    return Object.fromEntries(rows.map((r) => [r.fingerprint, r.text]));
  }

  /** finding_cwes and finding_search say what each finding's stored report says. */
  async function expectInStep(): Promise<void> {
    const cwes: Record<string, string[]> = {};
    const texts: Record<string, string> = {};
    for (const [fingerprint, row] of await findingsOf(hub, projectId)) {
      const ids = cwesOfData(row.data).sort();
      if (ids.length > 0) cwes[fingerprint] = ids;
      texts[fingerprint] = searchTextOf(row);
    }
    expect(await storedCwes()).toEqual(cwes);
    expect(await storedSearch()).toEqual(texts);
  }

  const ingest = (day: number, findings: Finding[]) =>
    ingestScan(hub, { projectId, body: reportBody({ findings, at: T0 + day * DAY }), now: NOW });

  it('stores the CWEs of new findings, once each', async () => {
    await ingest(0, [
      withCwes(codeFinding('a'), ['CWE-89']),
      withCwes(codeFinding('b'), ['CWE-79', 'CWE-89', 'CWE-79']),
      withCwes(codeFinding('c'), []),
      withCwes(packageFinding('GHSA-aaaa-bbbb-cccc'), ['CWE-1321']),
    ]);
    expect(await storedCwes()).toEqual({
      'fp-a': ['CWE-89'],
      'fp-b': ['CWE-79', 'CWE-89'],
      'fp-GHSA-aaaa-bbbb-cccc-lodash': ['CWE-1321'],
    });
    expect(await storedSearch()).toEqual({
      'fp-a': 'test finding a\nsast.test-rule\nsrc/a.js',
      'fp-b': 'test finding b\nsast.test-rule\nsrc/b.js',
      'fp-c': 'test finding c\nsast.test-rule\nsrc/c.js',
      'fp-GHSA-aaaa-bbbb-cccc-lodash': 'vulnerable lodash\nghsa-aaaa-bbbb-cccc\nlodash',
    });
  });

  it('replaces them when a later scan reports other CWEs, and keeps them otherwise', async () => {
    await ingest(2, [
      withCwes(codeFinding('a'), ['CWE-22']),
      withCwes(codeFinding('b'), ['CWE-89', 'CWE-79']),
      withCwes(codeFinding('c', { path: 'lib/moved.js', fingerprint: 'fp-c' }), ['CWE-798']),
      withCwes(packageFinding('GHSA-aaaa-bbbb-cccc'), []),
    ]);
    expect((await storedSearch())['fp-c']).toBe('test finding c\nsast.test-rule\nlib/moved.js');
    expect(await storedCwes()).toEqual({
      'fp-a': ['CWE-22'],
      'fp-b': ['CWE-79', 'CWE-89'],
      'fp-c': ['CWE-798'],
    });
    await expectInStep();
  });

  it('does not take the CWEs or text of a late scan that is not the newest sighting', async () => {
    const late = await ingest(1, [
      withCwes(codeFinding('a'), ['CWE-1']),
      withCwes(codeFinding('b'), ['CWE-79', 'CWE-89']),
      withCwes(codeFinding('c'), ['CWE-798']),
    ]);
    expect(late.late).toBe(true);
    expect((await storedCwes())['fp-a']).toEqual(['CWE-22']);
    expect((await storedSearch())['fp-c']).toBe('test finding c\nsast.test-rule\nlib/moved.js');
    await expectInStep();
  });

  it('is written in the scan transaction: a re-sent scan changes nothing', async () => {
    const before = [await storedCwes(), await storedSearch()];
    const again = await ingest(2, [
      withCwes(codeFinding('a'), ['CWE-22']),
      withCwes(codeFinding('b'), ['CWE-89', 'CWE-79']),
      withCwes(codeFinding('c', { path: 'lib/moved.js', fingerprint: 'fp-c' }), ['CWE-798']),
      withCwes(packageFinding('GHSA-aaaa-bbbb-cccc'), []),
    ]);
    expect(again.duplicate).toBe(true);
    expect([await storedCwes(), await storedSearch()]).toEqual(before);
  });

  it('goes with its finding when the project is deleted (CWEs and text)', async () => {
    const other = await seedProject(hub);
    await ingestScan(hub, {
      projectId: other.projectId,
      body: reportBody({ findings: [withCwes(codeFinding('z'), ['CWE-94'])], at: T0 }),
      now: NOW,
    });
    expect(await storedCwes(other.projectId)).toEqual({ 'fp-z': ['CWE-94'] });
    await hub.db.deleteFrom('projects').where('id', '=', other.projectId).execute();
    const left = await store(hub)
      .selectFrom('finding_cwes')
      .select('finding_id')
      .where('project_id', '=', other.projectId)
      .execute();
    expect(left).toEqual([]);
    const texts = await store(hub)
      .selectFrom('finding_search')
      .select('finding_id')
      .where('project_id', '=', other.projectId)
      .execute();
    expect(texts).toEqual([]);
    expect(Object.keys(await storedCwes()).length).toBe(3);
  });
});
