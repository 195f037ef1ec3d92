import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding/finding.js';
import { codeFinding } from '../test-support/findings.js';
import {
  bestTriageRule,
  type TriageRuleCriteria,
  triagePathMatches,
  triageRuleMatches,
  triageTargetOf,
} from './triage-rule-match.js';

const rule = (over: Partial<TriageRuleCriteria>): TriageRuleCriteria => ({
  id: 'r',
  kind: 'false_positive_path',
  advisory: null,
  ruleId: 'js.eval',
  path: null,
  priority: 0,
  createdAt: 1,
  ...over,
});

function packageFinding(advisory: string, aliases: string[]): Finding {
  return codeFinding({
    ruleId: advisory,
    scanner: 'sca',
    location: {
      kind: 'package',
      purl: 'pkg:npm/lodash@4.17.20',
      ecosystem: 'npm',
      name: 'lodash',
      version: '4.17.20',
      manifestPath: 'web/package-lock.json',
      fixedVersions: ['4.17.21'],
    },
    properties: { advisory, aliases },
  });
}

describe('organisation triage rule matching', () => {
  it.each([
    ['src/legacy', 'src/legacy/a.js', true],
    ['./src/legacy/', 'src/legacy', true],
    ['src/legacy', 'src/legacy-new/a.js', false],
    ['**/test/**', 'test/a.js', true],
    ['**/test/**', 'pkg/tests/a.js', false],
    ['src/*.js', 'src/x/a.js', false],
    ['src/*', 'src/x/a.js', true],
    ['a.c', 'abc', false],
  ])('path %s covers %s: %s', (pattern, path, expected) => {
    expect(triagePathMatches(pattern, path)).toBe(expected);
  });

  it('targets the file of a code finding, the manifest of a package, the path of a URL', () => {
    expect(triageTargetOf(codeFinding()).path).toBe('src/app.js');
    expect(triageTargetOf(packageFinding('GHSA-1', [])).path).toBe('web/package-lock.json');
    const url = codeFinding({
      scanner: 'dast',
      location: { kind: 'url', method: 'GET', url: 'https://shop.example/api/items?q=1' },
    });
    expect(triageTargetOf(url).path).toBe('api/items');
  });

  it('accepts an advisory by any of its ids, case-insensitively', () => {
    const target = triageTargetOf(packageFinding('GHSA-jfh8-c2jp-5v3q', ['CVE-2021-44228']));
    const accept = (advisory: string) => rule({ kind: 'accept_advisory', advisory, ruleId: null });
    expect(triageRuleMatches(accept('cve-2021-44228'), target)).toBe(true);
    expect(triageRuleMatches(accept('GHSA-JFH8-C2JP-5V3Q'), target)).toBe(true);
    expect(triageRuleMatches(accept('CVE-2021-4422'), target)).toBe(false);
    expect(triageRuleMatches(accept('test.rule'), triageTargetOf(codeFinding()))).toBe(false);
  });

  it('marks a rule false positive only for that rule, under the path when one is given', () => {
    const target = triageTargetOf(codeFinding({ ruleId: 'js.eval' }));
    expect(triageRuleMatches(rule({}), target)).toBe(true);
    expect(triageRuleMatches(rule({ path: 'src' }), target)).toBe(true);
    expect(triageRuleMatches(rule({ path: 'lib' }), target)).toBe(false);
    expect(triageRuleMatches(rule({ ruleId: 'js.other' }), target)).toBe(false);
  });

  it('lets the highest priority, then the newest, then the greatest id decide', () => {
    const target = triageTargetOf(codeFinding({ ruleId: 'js.eval' }));
    const low = rule({ id: 'low', priority: 0, createdAt: 5 });
    const high = rule({ id: 'high', priority: 2, createdAt: 1 });
    const newer = rule({ id: 'newer', priority: 2, createdAt: 3 });
    const twin = rule({ id: 'newest', priority: 2, createdAt: 3 });
    const elsewhere = rule({ id: 'elsewhere', priority: 9, path: 'lib' });
    expect(bestTriageRule([low, high, newer, elsewhere], target)?.id).toBe('newer');
    expect(bestTriageRule([twin, newer], target)?.id).toBe('newest');
    expect(bestTriageRule([newer, twin], target)?.id).toBe('newest');
    expect(bestTriageRule([elsewhere], target)).toBeUndefined();
  });
});
