import type { QuizQuestion } from '@rampart/training';
import { describe, expect, it } from 'vitest';
import { attemptBodySchema, gradeAttempt, PASS_MARK, publicQuiz } from './quiz.js';

const question = (answer: number, choices = 3): QuizQuestion => ({
  question: `Which one is ${answer}?`,
  choices: Array.from({ length: choices }, (_, i) => `choice ${i}`),
  answer,
  explanation: `Choice ${answer} is the one.`,
});

describe('quiz grading', () => {
  it('passes at exactly the pass mark and not below', () => {
    expect(PASS_MARK).toBe(80);
    const five = [0, 1, 2, 0, 1].map((a) => question(a));
    expect(gradeAttempt(five, [0, 1, 2, 0, 0])).toMatchObject({ score: 80, passed: true });
    const four = [0, 1, 2, 0].map((a) => question(a));
    expect(gradeAttempt(four, [0, 1, 2, 1])).toMatchObject({ score: 75, passed: false });
    // 2 of 3 is 67 %: a fail; 3 of 3 passes.
    const three = [0, 1, 2].map((a) => question(a));
    expect(gradeAttempt(three, [0, 1, 0])).toMatchObject({ score: 67, correct: 2, passed: false });
    expect(gradeAttempt(three, [0, 1, 2])).toMatchObject({ score: 100, total: 3, passed: true });
  });

  it('leaves the answers and explanations out of the public quiz', () => {
    expect(publicQuiz({ quiz: [question(1)] })).toEqual([
      { question: 'Which one is 1?', choices: ['choice 0', 'choice 1', 'choice 2'] },
    ]);
  });

  it('accepts one index per question, within its choices', () => {
    const schema = attemptBodySchema([question(0, 2), question(1, 4)]);
    expect(schema.safeParse({ answers: [1, 3] }).success).toBe(true);
    const tooBig = schema.safeParse({ answers: [2, 0] });
    expect(tooBig.error?.issues[0]).toMatchObject({
      path: ['answers', 0],
      message: 'question 1 has 2 choices: answer with an index from 0 to 1',
    });
    expect(schema.safeParse({ answers: [0] }).success).toBe(false);
  });
});
