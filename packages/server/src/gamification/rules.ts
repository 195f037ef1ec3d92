/**
 * The points each recorded thing earns (docs/hub-gamification.md has the table):
 * - a finding fixed within its SLA, by its effective severity (`info` has no SLA, so none);
 * - a desk question answered (once per question, however many answers), or an accepted
 *   answer instead; answering one's own question earns nothing;
 * - a training module completed (its first pass);
 * - a CTF challenge solved (in an event that is not a draft), plus a bonus for first blood.
 */
export const POINTS = {
  fixWithinSla: { critical: 20, high: 10, medium: 5, low: 2 },
  answer: 3,
  acceptedAnswer: 10,
  moduleCompleted: 5,
  ctfSolve: 2,
  ctfFirstBlood: 5,
} as const;

/** What a badge counts (all time). */
export type BadgeMetric =
  | 'fixesWithinSla'
  | 'answers'
  | 'acceptedAnswers'
  | 'modules'
  | 'ctfSolves'
  | 'firstBloods';

/** A badge: earned once the count of `metric` over all time reaches `threshold`. */
export interface BadgeDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly metric: BadgeMetric;
  readonly threshold: number;
}

/** Every badge, in the order they are shown. */
export const BADGES: readonly BadgeDefinition[] = [
  {
    id: 'first-fix',
    name: 'First fix',
    description: 'Fixed a finding assigned to you within its SLA.',
    metric: 'fixesWithinSla',
    threshold: 1,
  },
  {
    id: 'ten-fixes',
    name: 'Fixer',
    description: 'Fixed ten findings assigned to you within their SLA.',
    metric: 'fixesWithinSla',
    threshold: 10,
  },
  {
    id: 'first-answer',
    name: 'Helper',
    description: 'Answered a question on the security desk.',
    metric: 'answers',
    threshold: 1,
  },
  {
    id: 'first-accepted-answer',
    name: 'Trusted answer',
    description: 'One of your desk answers was accepted.',
    metric: 'acceptedAnswers',
    threshold: 1,
  },
  {
    id: 'five-accepted-answers',
    name: 'Desk sage',
    description: 'Five of your desk answers were accepted.',
    metric: 'acceptedAnswers',
    threshold: 5,
  },
  {
    id: 'first-module',
    name: 'Learner',
    description: 'Completed a training module.',
    metric: 'modules',
    threshold: 1,
  },
  {
    id: 'five-modules',
    name: 'Student',
    description: 'Completed five training modules.',
    metric: 'modules',
    threshold: 5,
  },
  {
    id: 'ten-modules',
    name: 'Scholar',
    description: 'Completed ten training modules.',
    metric: 'modules',
    threshold: 10,
  },
  {
    id: 'first-ctf-solve',
    name: 'Flag catcher',
    description: 'Solved a capture-the-flag challenge.',
    metric: 'ctfSolves',
    threshold: 1,
  },
  {
    id: 'first-blood',
    name: 'First blood',
    description: 'Solved a capture-the-flag challenge before anyone else.',
    metric: 'firstBloods',
    threshold: 1,
  },
];
