import { RegionSchema } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cweIds,
  listOf,
  maskStringLiterals,
  owaspOf,
  region,
  reportPath,
  snippetOf,
  titleFromId,
  toolRuleId,
} from './draft-fields.js';

describe('draft fields', () => {
  it('normalises report paths to relative, /-separated ones', () => {
    expect(reportPath('./src/app.py')).toBe('src/app.py');
    expect(reportPath('.\\src\\app.py')).toBe('src/app.py');
    expect(reportPath('././a')).toBe('a');
    expect(reportPath('/abs/path.tf')).toBe('/abs/path.tf');
  });

  it('prefixes bare tool rule ids once', () => {
    expect(toolRuleId('bandit', 'B602')).toBe('bandit/B602');
    expect(toolRuleId('bandit', 'bandit/B602')).toBe('bandit/B602');
  });

  it('normalises CWE ids and drops what is not one', () => {
    expect(
      cweIds([79, '79', 'cwe-89', 'CWE-22: Path Traversal', '-1', 0, 'x', null, 'CWE-79']),
    ).toEqual(['CWE-79', 'CWE-89', 'CWE-22']);
  });

  it('takes the OWASP category a tool names, else the one of the first mapped CWE', () => {
    expect(owaspOf(['A01:2017 - Injection', 'A03:2021 - Injection'], ['CWE-79'])).toBe('A03:2021');
    expect(owaspOf([], ['CWE-770', 'CWE-307'])).toBe('A07:2021');
    expect(owaspOf([], ['CWE-770'])).toBeUndefined();
  });

  it('always builds a valid region', () => {
    expect(region(0, 0)).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    expect(region(5, 10, 5, 3)).toEqual({
      startLine: 5,
      startColumn: 10,
      endLine: 5,
      endColumn: 10,
    });
    expect(region(5, 10, 2, 3)).toEqual({
      startLine: 5,
      startColumn: 10,
      endLine: 5,
      endColumn: 10,
    });
    expect(region(5, 10, 7)).toEqual({ startLine: 5, startColumn: 10, endLine: 7, endColumn: 1 });
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.integer(), fc.integer(), (a, b, c, d) => {
        RegionSchema.parse(region(a, b, c, d));
      }),
    );
  });

  it('cuts snippets and drops empty ones', () => {
    expect(snippetOf('a\nb\n\n')).toBe('a\nb');
    expect(snippetOf('  \n')).toBeUndefined();
    expect(snippetOf(null)).toBeUndefined();
    expect(snippetOf('abcdef', 3)).toBe('abc…');
  });

  it('masks string literals of four characters or more', () => {
    expect(maskStringLiterals(`pw = "hunter2-db"; x = 'ab'`)).toBe(`pw = "hun*******"; x = 'ab'`);
  });

  it('makes readable titles with acronyms in capitals', () => {
    expect(titleFromId('python.flask.security.injection.tainted-sql-string')).toBe(
      'Tainted SQL string',
    );
    expect(titleFromId('aws-access-token')).toBe('AWS access token');
    expect(titleFromId('subprocess_popen_with_shell_equals_true')).toBe(
      'Subprocess popen with shell equals true',
    );
    expect(titleFromId('---')).toBe('---');
  });

  it('reads one-or-many values as lists', () => {
    expect(listOf('a')).toEqual(['a']);
    expect(listOf(['a', 'b'])).toEqual(['a', 'b']);
    expect(listOf(null)).toEqual([]);
  });
});
