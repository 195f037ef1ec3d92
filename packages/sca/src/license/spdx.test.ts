import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLicense, sameLicenseId, satisfies } from './spdx.js';

describe('parseLicense', () => {
  it('reads SPDX expressions into their ids', () => {
    expect(parseLicense('MIT').ids).toEqual(['MIT']);
    expect(parseLicense('(MIT OR Apache-2.0)').ids).toEqual(['MIT', 'Apache-2.0']);
    expect(parseLicense('GPL-2.0-only WITH Classpath-exception-2.0').tree).toEqual({
      kind: 'license',
      id: 'GPL-2.0-only',
      exception: 'Classpath-exception-2.0',
    });
  });

  it('reads comma and slash lists as alternatives, and keeps non-SPDX names as names', () => {
    expect(parseLicense('MIT, Apache-2.0').tree?.kind).toBe('or');
    expect(parseLicense('MIT/X11').ids).toEqual(['MIT', 'X11']);
    expect(parseLicense('Custom: see LICENSE').tree).toBeUndefined();
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const parsed = parseLicense(s);
        expect(Array.isArray(parsed.ids)).toBe(true);
      }),
    );
  });
});

describe('satisfies', () => {
  const allowed = (list: string[]) => (id: string) => list.some((a) => sameLicenseId(a, id));
  it('needs one side of an OR and both sides of an AND', () => {
    expect(satisfies(parseLicense('MIT OR GPL-3.0-only'), allowed(['MIT']))).toBe(true);
    expect(satisfies(parseLicense('MIT AND GPL-3.0-only'), allowed(['MIT']))).toBe(false);
    expect(satisfies(parseLicense('MIT AND ISC'), allowed(['MIT', 'ISC']))).toBe(true);
  });
  it('treats GPL-2.0+ as GPL-2.0-or-later and -only as the bare id', () => {
    expect(sameLicenseId('GPL-2.0+', 'GPL-2.0-or-later')).toBe(true);
    expect(sameLicenseId('GPL-2.0-only', 'gpl-2.0')).toBe(true);
    expect(sameLicenseId('GPL-2.0-only', 'GPL-2.0-or-later')).toBe(false);
  });
});
