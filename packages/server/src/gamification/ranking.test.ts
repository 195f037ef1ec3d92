import { describe, expect, it } from 'vitest';
import { competitionRanks } from './ranking.js';

describe('competitionRanks', () => {
  it('gives equal scores one rank and skips the places they take', () => {
    expect(competitionRanks([30, 20, 20, 5])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([7, 7, 7])).toEqual([1, 1, 1]);
    expect(competitionRanks([])).toEqual([]);
  });
});
