import type { QuizQuestion, TrainingModule } from '@rampart/training';
import { z } from 'zod';

/** The pass mark, in percent: an attempt passes when at least 80 % of its answers are right. */
export const PASS_MARK = 80;

/** The most attempts one person may submit at one module in {@link ATTEMPT_WINDOW_MS}. */
export const MAX_ATTEMPTS_PER_WINDOW = 10;

/** The rolling window of the attempt limit: one hour. */
export const ATTEMPT_WINDOW_MS = 60 * 60 * 1000;

/** A question as a learner sees it before answering: no answer, no explanation. */
export interface PublicQuestion {
  readonly question: string;
  readonly choices: readonly string[];
}

/** The quiz of a module without its answers and explanations. */
export function publicQuiz(module: Pick<TrainingModule, 'quiz'>): PublicQuestion[] {
  return module.quiz.map((q) => ({ question: q.question, choices: [...q.choices] }));
}

/** The outcome of one question of an attempt, revealed once the attempt is in. */
export interface QuestionResult {
  readonly correct: boolean;
  /** The right choice's index. */
  readonly answer: number;
  readonly explanation: string;
}

/** A graded attempt. */
export interface Grade {
  /** `round(100 × correct / total)`. */
  readonly score: number;
  readonly correct: number;
  readonly total: number;
  /** `100 × correct ≥ PASS_MARK × total` (exact: not the rounded score). */
  readonly passed: boolean;
  readonly results: readonly QuestionResult[];
}

/** Grades the chosen indexes (one per question, already validated) against a quiz. */
export function gradeAttempt(quiz: readonly QuizQuestion[], answers: readonly number[]): Grade {
  const results = quiz.map((q, i) => ({
    correct: answers[i] === q.answer,
    answer: q.answer,
    explanation: q.explanation,
  }));
  const correct = results.filter((r) => r.correct).length;
  const total = quiz.length;
  return {
    score: Math.round((100 * correct) / total),
    correct,
    total,
    passed: 100 * correct >= PASS_MARK * total,
    results,
  };
}

/**
 * The schema of an attempt's body for one module: `{ answers }`, one index per question,
 * each one of that question's choices. An error's path names the bad element
 * (`answers.2`).
 */
export function attemptBodySchema(quiz: readonly QuizQuestion[]) {
  return z.strictObject({
    answers: z
      .array(z.number().int().min(0))
      .length(quiz.length, `answer each of the ${quiz.length} questions, in order`)
      .superRefine((answers, ctx) => {
        answers.forEach((answer, i) => {
          const choices = quiz[i]?.choices.length ?? 0;
          if (answer >= choices)
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: `question ${i + 1} has ${choices} choices: answer with an index from 0 to ${choices - 1}`,
            });
        });
      }),
  });
}

/** The body of an attempt as documented (the per-module limits are checked by {@link attemptBodySchema}). */
export const AttemptBodyDocSchema = z.strictObject({
  answers: z.array(z.number().int().min(0)).min(1).max(10),
});
