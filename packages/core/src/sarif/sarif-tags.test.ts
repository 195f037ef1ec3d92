import { describe, expect, it } from 'vitest';
import { cweFromTag, owaspFromTag } from './sarif-tags.js';

describe('cweFromTag', () => {
  const cases: readonly [string, string | undefined][] = [
    ['external/cwe/cwe-79', 'CWE-79'],
    ['external/cwe/cwe-089', 'CWE-89'],
    ['EXTERNAL/CWE/CWE-1321', 'CWE-1321'],
    ['CWE-79', 'CWE-79'],
    ['cwe-79', 'CWE-79'],
    [
      "CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
      'CWE-89',
    ],
    ['CWE:798', 'CWE-798'],
    ['CWE 22', 'CWE-22'],
    ['CWE-0', undefined],
    ['CWE-', undefined],
    ['external/cwe/cwe-79x', undefined],
    ['security', undefined],
    ['OWASP-A03:2021 - Injection', undefined],
  ];
  for (const [tag, expected] of cases) {
    it(`reads ${JSON.stringify(tag)} as ${expected ?? 'no CWE'}`, () => {
      expect(cweFromTag(tag)).toBe(expected);
    });
  }
});

describe('owaspFromTag', () => {
  it('reads OWASP Top 10 2021 categories and ignores other editions', () => {
    expect(owaspFromTag('OWASP-A03:2021 - Injection')).toBe('A03:2021');
    expect(owaspFromTag('owasp-top10 A10:2021')).toBe('A10:2021');
    expect(owaspFromTag('OWASP-A01:2017 - Injection')).toBeUndefined();
    expect(owaspFromTag('A11:2021')).toBeUndefined();
  });
});
