import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cweName, cweUrl, normalizeCweId } from './cwe.js';
import { CWE_NAMES, CWE_TOP25_2023, CWE_TOP25_2024 } from './cwe-data.js';

describe('normalizeCweId', () => {
  it.each([
    [79, 'CWE-79'],
    ['79', 'CWE-79'],
    ['CWE-79', 'CWE-79'],
    ['cwe-79', 'CWE-79'],
    ['Cwe_79', 'CWE-79'],
    ['CWE 79', 'CWE-79'],
    ['CWE79', 'CWE-79'],
    ['  CWE-79  ', 'CWE-79'],
    ['CWE-079', 'CWE-79'],
    [
      "CWE-79: Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
      'CWE-79',
    ],
    ['CWE-89: SQL Injection', 'CWE-89'],
    ['external/cwe/cwe-79', 'CWE-79'],
    ['external/cwe/cwe-079', 'CWE-79'],
    ['EXTERNAL/CWE/CWE-1333', 'CWE-1333'],
    ['https://cwe.mitre.org/data/definitions/918.html', 'CWE-918'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizeCweId(input)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['abc'],
    ['CWE-'],
    ['CWE-abc'],
    ['CWE-79abc'],
    ['79a'],
    ['-1'],
    ['0'],
    ['CWE-0'],
    ['1.5'],
    ['A03:2021'],
    ['external/cwe/cwe-'],
    ['external/owasp/a03'],
    ['CVE-2021-44228'],
    ['99999999999999999999'],
    [0],
    [-79],
    [1.5],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
  ])('rejects %j', (input) => {
    expect(normalizeCweId(input)).toBeUndefined();
  });

  it('rejects values that are not strings or numbers when called from untyped code', () => {
    expect(normalizeCweId(null as unknown as string)).toBeUndefined();
    expect(normalizeCweId({} as unknown as string)).toBeUndefined();
  });

  it('turns every positive integer n into CWE-n, idempotently', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1 }), (n) => {
        const id = normalizeCweId(n);
        expect(id).toBe(`CWE-${n}`);
        expect(normalizeCweId(id ?? '')).toBe(id);
        expect(normalizeCweId(String(n))).toBe(id);
        expect(normalizeCweId(`external/cwe/cwe-${n}`)).toBe(id);
      }),
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const id = normalizeCweId(s);
        if (id !== undefined) expect(id).toMatch(/^CWE-[1-9]\d*$/);
      }),
    );
  });
});

describe('cweName', () => {
  it.each([
    [79, "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')"],
    [89, "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')"],
    [22, "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')"],
    [
      78,
      "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
    ],
    [798, 'Use of Hard-coded Credentials'],
    [502, 'Deserialization of Untrusted Data'],
    [918, 'Server-Side Request Forgery (SSRF)'],
  ])('names CWE-%i as MITRE does', (n, name) => {
    expect(cweName(n)).toBe(name);
    expect(cweName(`CWE-${n}`)).toBe(name);
    expect(cweName(`external/cwe/cwe-${n}`)).toBe(name);
  });

  it('is undefined for a malformed id and for a CWE outside the table', () => {
    expect(cweName('not a cwe')).toBeUndefined();
    expect(cweName(0)).toBeUndefined();
    expect(cweName('CWE-999999')).toBeUndefined();
  });

  it('names every CWE of the 2023 and 2024 Top 25', () => {
    for (const id of [...CWE_TOP25_2023, ...CWE_TOP25_2024]) {
      expect(cweName(id), id).toBeTypeOf('string');
    }
  });

  it('names every CWE the Rampart scanners report', () => {
    const reported = [
      // secrets
      798, 259, 321, 312, 522, 532, 200, 540, 615,
      // SCA
      1104, 1395, 937, 1035, 494, 829,
      // IaC, containers, CI
      250, 269, 732, 284, 276, 16, 1188, 311, 319, 326, 327, 693, 668, 912, 1357,
      // web and DAST
      1021, 1004, 614, 942, 346, 525, 548, 209, 497, 538, 359, 598, 113, 116, 117, 601, 918, 352,
      639, 1333, 400, 770, 1321, 915, 943, 90, 643, 91, 611, 776, 502, 94, 95, 1336, 470, 73, 22,
      23, 36, 78, 77, 88, 89, 564, 79, 80, 83, 87, 338, 330, 331, 335, 328, 916, 759, 760, 295, 297,
      347, 345, 353, 384, 613, 521, 307, 640, 287, 306, 862, 863, 425, 434, 1236, 20, 1284, 190,
      125, 787, 416, 476, 119, 120,
    ];
    const unnamed = reported.filter((n) => cweName(n) === undefined);
    expect(unnamed).toEqual([]);
  });

  it('keeps names trimmed and non-empty', () => {
    for (const name of Object.values(CWE_NAMES)) {
      expect(name.length).toBeGreaterThan(0);
      expect(name).toBe(name.trim());
    }
  });
});

describe('cweUrl', () => {
  it('links to the MITRE definition page', () => {
    expect(cweUrl(79)).toBe('https://cwe.mitre.org/data/definitions/79.html');
    expect(cweUrl('CWE-79: Improper Neutralization')).toBe(
      'https://cwe.mitre.org/data/definitions/79.html',
    );
    expect(cweUrl('external/cwe/cwe-1333')).toBe(
      'https://cwe.mitre.org/data/definitions/1333.html',
    );
  });

  it('links to CWEs that are not in the names table too', () => {
    expect(cweUrl(123456)).toBe('https://cwe.mitre.org/data/definitions/123456.html');
  });

  it('throws a RangeError that quotes the bad input', () => {
    expect(() => cweUrl('garbage')).toThrow(RangeError);
    expect(() => cweUrl('garbage')).toThrow(/"garbage"/);
  });
});

describe('CWE Top 25', () => {
  it.each([
    ['2023', CWE_TOP25_2023, 'CWE-787', 'CWE-276'],
    ['2024', CWE_TOP25_2024, 'CWE-79', 'CWE-306'],
  ])('lists the %s edition as 25 distinct canonical ids in rank order', (_, list, first, last) => {
    expect(list).toHaveLength(25);
    expect(new Set(list).size).toBe(25);
    expect(list[0]).toBe(first);
    expect(list[24]).toBe(last);
    for (const id of list) expect(normalizeCweId(id)).toBe(id);
  });

  it('cannot be modified', () => {
    expect(Object.isFrozen(CWE_TOP25_2024)).toBe(true);
    expect(Object.isFrozen(CWE_TOP25_2023)).toBe(true);
    expect(Object.isFrozen(CWE_NAMES)).toBe(true);
  });
});
