import { describe, expect, it } from 'vitest';
import { DEFAULT_PERIOD, parsePeriod } from './period.js';

describe('parsePeriod', () => {
  it('reads the periods the picker offers', () => {
    expect(parsePeriod('30')).toBe(30);
    expect(parsePeriod('365')).toBe(365);
  });

  it('falls back to the default for anything else', () => {
    expect(DEFAULT_PERIOD).toBe(90);
    expect(parsePeriod(null)).toBe(90);
    expect(parsePeriod('31')).toBe(90);
    expect(parsePeriod('3650')).toBe(90);
    expect(parsePeriod('abc')).toBe(90);
  });
});
