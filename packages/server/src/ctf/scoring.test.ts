import { describe, expect, it } from 'vitest';
import {
  type ChallengeScoring,
  challengeValue,
  computeScores,
  firstBloodBonus,
} from './scoring.js';

const dynamic = { scoring: 'dynamic', points: 500, minimum: 100, decay: 10 } as const;
const fixed = { scoring: 'static', points: 100, minimum: null, decay: null } as const;

describe('challenge values', () => {
  it('keeps a static value whatever the solves', () => {
    expect([0, 1, 50].map((n) => challengeValue(fixed, n))).toEqual([100, 100, 100]);
  });

  it('decays a dynamic value quadratically down to its minimum', () => {
    // 500 - 400 * n² / 100
    expect([0, 1, 2, 5, 9, 10, 30].map((n) => challengeValue(dynamic, n))).toEqual([
      500, 496, 484, 400, 176, 100, 100,
    ]);
  });

  it('rounds a dynamic value up', () => {
    // 100 - 50 * 1 / 9 = 94.44…
    expect(challengeValue({ scoring: 'dynamic', points: 100, minimum: 50, decay: 3 }, 1)).toBe(95);
  });

  it('gives 10 % of the initial points, rounded up, for first blood', () => {
    expect(firstBloodBonus(dynamic)).toBe(50);
    expect(firstBloodBonus({ ...fixed, points: 25 })).toBe(3);
  });
});

describe('computeScores', () => {
  const challenges = new Map<string, ChallengeScoring>([
    ['d', dynamic],
    ['s', fixed],
  ]);

  it('scores every solver with the current value, adds first blood, takes hint costs', () => {
    const lines = computeScores(
      challenges,
      [
        { challengeId: 'd', participantKey: 'a', at: 1, firstBlood: true },
        { challengeId: 'd', participantKey: 'b', at: 2, firstBlood: false },
        { challengeId: 's', participantKey: 'b', at: 3, firstBlood: true },
        { challengeId: 'gone', participantKey: 'a', at: 4, firstBlood: false },
      ],
      [{ participantKey: 'b', cost: 30 }],
    );
    expect(lines).toEqual([
      {
        participantKey: 'b',
        score: 484 + 100 + 10 - 30,
        solves: 2,
        firstBloods: 1,
        hintCost: 30,
        lastSolveAt: 3,
      },
      {
        participantKey: 'a',
        score: 484 + 50,
        solves: 1,
        firstBloods: 1,
        hintCost: 0,
        lastSolveAt: 1,
      },
    ]);
  });

  it('ranks equal scores by the earliest last solve', () => {
    const lines = computeScores(
      challenges,
      [
        { challengeId: 's', participantKey: 'late', at: 9, firstBlood: false },
        { challengeId: 's', participantKey: 'early', at: 5, firstBlood: false },
      ],
      [],
    );
    expect(lines.map((l) => l.participantKey)).toEqual(['early', 'late']);
  });
});
