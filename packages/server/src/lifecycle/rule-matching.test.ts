import { describe, expect, it } from 'vitest';
import { codeFinding, packageFinding } from '../ingest/ingest-test-support.js';
import {
  bestRule,
  pathMatches,
  ruleMatches,
  type TriageRuleRow,
  targetOf,
} from './rule-matching.js';
import { isBranchScope, scopeOf } from './scope.js';

const rule = (over: Partial<TriageRuleRow>): TriageRuleRow => ({
  id: 'r',
  kind: 'false_positive_path',
  advisory: null,
  rule_id: 'js.eval',
  path: null,
  reason: 'why',
  author_id: null,
  priority: 0,
  expires_at: null,
  created_at: 1,
  expired_at: null,
  revoked_at: null,
  revoked_by: null,
  ...over,
});

describe('triage rule matching', () => {
  it.each([
    ['src/legacy', 'src/legacy/a.js', true],
    ['src/legacy/', 'src/legacy', true],
    ['./src/legacy', 'src/legacy/deep/b.js', true],
    ['src/legacy', 'src/legacy-new/a.js', false],
    ['**/test/**', 'pkg/test/a.js', true],
    ['**/test/**', 'test/a.js', true],
    ['**/test/**', 'pkg/tests/a.js', false],
    ['src/*.js', 'src/a.js', true],
    ['src/*.js', 'src/x/a.js', false],
    ['src/*', 'src/x/a.js', true],
    ['**', 'anything/at/all', true],
    ['a?c.py', 'abc.py', true],
    ['a.c', 'abc', false],
  ])('path %s under %s: %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });

  it('matches an advisory by any of its ids, case-insensitively, and only package findings of it', () => {
    const target = targetOf(packageFinding('GHSA-jfh8-c2jp-5v3q', ['CVE-2021-44228']));
    const accept = (advisory: string) => rule({ kind: 'accept_advisory', advisory, rule_id: null });
    expect(ruleMatches(accept('CVE-2021-44228'), target)).toBe(true);
    expect(ruleMatches(accept('ghsa-jfh8-c2jp-5v3q'), target)).toBe(true);
    expect(ruleMatches(accept('CVE-2021-4422'), target)).toBe(false);
    expect(ruleMatches(accept('sast.test-rule'), targetOf(codeFinding('x')))).toBe(false);
  });

  it('lets the highest priority, then the newest, active rule decide', () => {
    const target = targetOf(codeFinding('x', { ruleId: 'js.eval', path: 'src/a.js' }));
    const low = rule({ id: 'low', priority: 0, created_at: 5 });
    const high = rule({ id: 'high', priority: 2, created_at: 1 });
    const newer = rule({ id: 'newer', priority: 2, created_at: 3 });
    const expired = rule({ id: 'expired', priority: 9, expires_at: 10 });
    const revoked = rule({ id: 'revoked', priority: 9, revoked_at: 2 });
    const elsewhere = rule({ id: 'elsewhere', priority: 9, path: 'lib' });
    expect(bestRule([low, high, newer, expired, revoked, elsewhere], target, 10)?.id).toBe('newer');
    expect(bestRule([low, expired], target, 9)?.id).toBe('expired');
    expect(bestRule([revoked, elsewhere], target, 0)).toBeUndefined();
  });
});

describe('scan scopes', () => {
  it('scopes dev and pr scans by branch (else pull request), main and production by stage', () => {
    expect(scopeOf('pr', 'feature/x', 12)).toBe('branch:feature/x');
    expect(scopeOf('dev', 'feature/x')).toBe('branch:feature/x');
    expect(scopeOf('pr', undefined, 12)).toBe('pr:12');
    expect(scopeOf('dev')).toBe('branch:');
    expect(scopeOf('main', 'feature/x')).toBe('main');
    expect(scopeOf('production')).toBe('production');
    expect([isBranchScope('pr:12'), isBranchScope('main'), isBranchScope('production')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
