import { describe, expect, it } from 'vitest';
import { cvssScore, tryCvssScore } from './cvss.js';
import { severityFromScore } from './severity.js';

describe('cvssScore', () => {
  // Examples from FIRST's CVSS v3.1 specification / examples document and its calculator.
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'medium'], // reflected XSS, CVE-2013-1937 style
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9, 'critical'],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8, 'high'],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9, 'medium'], // CVE-2014-0160 Heartbleed-like
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6, 'low'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0, 'info'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10, 'critical'],
  ])('scores v3 %s as %s', (vector, score, severity) => {
    expect(cvssScore(vector)).toMatchObject({ score, severity });
  });

  // Values from FIRST's CVSS v4.0 calculator (reference implementation).
  it.each([
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3, 'critical'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10, 'critical'],
    ['CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 8.5, 'high'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N', 5.3, 'medium'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0, 'info'],
  ])('scores v4 %s as %s', (vector, score, severity) => {
    expect(cvssScore(vector)).toMatchObject({ score, severity, version: '4.0' });
  });

  it('accepts temporal and environmental metrics after the base ones', () => {
    expect(cvssScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C').score).toBe(9.8);
  });

  it.each([
    ['AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'must start with'],
    ['CVSS:3.1/AV:N/AC:L', 'missing base metric(s) PR, UI, S, C, I, A'],
    ['CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'AV:Q is not one of'],
    ['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'appears twice'],
    ['CVSS:2.0/AV:N', 'must start with'],
    ['', 'must start with'],
  ])('rejects %s', (vector, why) => {
    expect(() => cvssScore(vector)).toThrow(why);
    expect(tryCvssScore(vector)).toBeUndefined();
  });
});

describe('severityFromScore', () => {
  it('follows the qualitative rating scale at its edges', () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityFromScore)).toEqual([
      'info',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
    ]);
    expect(() => severityFromScore(11)).toThrow(RangeError);
  });
});
