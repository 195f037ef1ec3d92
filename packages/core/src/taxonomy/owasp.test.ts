import { describe, expect, it } from 'vitest';
import { cweName, owaspCategory, owaspForCwe } from './cwe.js';
import type { OwaspCategoryId } from './owasp.js';
import { OWASP_2021_CWES, OWASP_TOP10_2021 } from './owasp.js';

describe('OWASP_TOP10_2021', () => {
  it('lists the ten 2021 categories in order with their owasp.org pages', () => {
    expect(OWASP_TOP10_2021.map((c) => c.id)).toEqual([
      'A01:2021',
      'A02:2021',
      'A03:2021',
      'A04:2021',
      'A05:2021',
      'A06:2021',
      'A07:2021',
      'A08:2021',
      'A09:2021',
      'A10:2021',
    ]);
    for (const c of OWASP_TOP10_2021) {
      const rank = c.id.slice(0, 3);
      expect(c.url.startsWith(`https://owasp.org/Top10/${rank}_2021-`), c.url).toBe(true);
      expect(c.url.endsWith('/')).toBe(true);
    }
  });

  it('names the categories as OWASP does', () => {
    expect(owaspCategory('A03:2021')).toEqual({
      id: 'A03:2021',
      name: 'Injection',
      url: 'https://owasp.org/Top10/A03_2021-Injection/',
    });
    expect(owaspCategory('A10:2021')?.name).toBe('Server-Side Request Forgery (SSRF)');
    expect(owaspCategory('A10:2021')?.url).toBe(
      'https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/',
    );
  });

  it('cannot be modified', () => {
    expect(Object.isFrozen(OWASP_TOP10_2021)).toBe(true);
    expect(Object.isFrozen(OWASP_TOP10_2021[0])).toBe(true);
    expect(Object.isFrozen(OWASP_2021_CWES)).toBe(true);
    expect(Object.isFrozen(OWASP_2021_CWES['A01:2021'])).toBe(true);
  });
});

describe('OWASP_2021_CWES', () => {
  it.each<[OwaspCategoryId, number]>([
    ['A01:2021', 34],
    ['A02:2021', 29],
    ['A03:2021', 33],
    ['A04:2021', 40],
    ['A05:2021', 20],
    ['A06:2021', 3],
    ['A07:2021', 22],
    ['A08:2021', 10],
    ['A09:2021', 4],
    ['A10:2021', 1],
  ])('maps %s to as many CWEs as its official list (%i)', (id, count) => {
    expect(OWASP_2021_CWES[id]).toHaveLength(count);
  });

  it('maps no CWE to two categories', () => {
    const seen = new Map<number, string>();
    const duplicates: string[] = [];
    for (const [id, cwes] of Object.entries(OWASP_2021_CWES)) {
      for (const n of cwes) {
        const earlier = seen.get(n);
        if (earlier !== undefined) duplicates.push(`CWE-${n} in ${earlier} and ${id}`);
        seen.set(n, id);
      }
    }
    expect(duplicates).toEqual([]);
  });

  it('has a name for every CWE it maps', () => {
    const unnamed = Object.values(OWASP_2021_CWES)
      .flat()
      .filter((n) => cweName(n) === undefined);
    expect(unnamed).toEqual([]);
  });

  it('agrees with owaspForCwe for every mapped CWE', () => {
    for (const [id, cwes] of Object.entries(OWASP_2021_CWES)) {
      for (const n of cwes) expect(owaspForCwe(n)?.id, `CWE-${n}`).toBe(id);
    }
  });
});

describe('owaspForCwe', () => {
  it.each([
    [79, 'A03:2021'],
    [89, 'A03:2021'],
    [22, 'A01:2021'],
    [352, 'A01:2021'],
    [798, 'A07:2021'],
    [327, 'A02:2021'],
    [502, 'A08:2021'],
    [918, 'A10:2021'],
    [1104, 'A06:2021'],
    [778, 'A09:2021'],
    [16, 'A05:2021'],
    [611, 'A05:2021'],
    [209, 'A04:2021'],
    [259, 'A07:2021'],
  ])('maps CWE-%i to %s', (n, id) => {
    expect(owaspForCwe(n)?.id).toBe(id);
    expect(owaspForCwe(`CWE-${n}`)?.id).toBe(id);
    expect(owaspForCwe(`external/cwe/cwe-${n}`)?.id).toBe(id);
  });

  it('is undefined for CWEs outside the 2021 lists and for garbage', () => {
    expect(owaspForCwe(787)).toBeUndefined();
    expect(owaspForCwe('CWE-1333')).toBeUndefined();
    expect(owaspForCwe('nonsense')).toBeUndefined();
  });
});

describe('owaspCategory', () => {
  it.each([
    'A03:2021',
    'A03',
    'a03',
    'A3',
    ' A03:2021 ',
    'A03:2021 - Injection',
    'A03:2021-Injection',
    'A03_2021-Injection',
  ])('finds Injection from %j', (input) => {
    expect(owaspCategory(input)?.id).toBe('A03:2021');
  });

  it('finds A10', () => {
    expect(owaspCategory('A10')?.id).toBe('A10:2021');
  });

  it.each([
    '',
    'A00',
    'A11',
    'A003',
    'A03:2017',
    'A03:2025',
    'A03_2017-Injection',
    'A03x',
    'Injection',
    'CWE-79',
  ])('rejects %j', (input) => {
    expect(owaspCategory(input)).toBeUndefined();
  });
});
