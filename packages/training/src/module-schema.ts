import { z } from 'zod';

/** A module id: lower-case words joined by dashes (`sql-injection`), also its file name. */
export const ModuleIdSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(
    /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
    'lower-case words joined by dashes, e.g. "sql-injection"',
  );

/** A CWE id as findings carry it: `CWE-89`. */
export const CweIdSchema = z.string().regex(/^CWE-[1-9][0-9]{0,4}$/, 'a CWE id such as "CWE-89"');

/** The languages the catalog speaks of (a module lists those its examples are in). */
export const LANGUAGES = [
  'javascript',
  'typescript',
  'python',
  'java',
  'go',
  'csharp',
  'ruby',
  'php',
  'dockerfile',
  'terraform',
  'kubernetes',
  'github-actions',
  'gitlab-ci',
  'any',
] as const;

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

/** One quiz question: choices, the correct one (0-based) and why. */
export const QuizQuestionSchema = z.strictObject({
  question: z.string().min(5).max(500),
  choices: z.array(z.string().min(1).max(300)).min(2).max(6),
  /** The index of the correct choice in `choices`, from 0. */
  answer: z.number().int().min(0),
  /** Shown after answering: why the answer is right (and the others are not). */
  explanation: z.string().min(10).max(1000),
});

/** The front matter of a training module. */
export const ModuleFrontMatterSchema = z
  .strictObject({
    id: ModuleIdSchema,
    title: z.string().min(3).max(120),
    /** One sentence: what the learner will be able to do. */
    summary: z.string().min(10).max(300),
    /** The weaknesses it teaches; findings with these CWEs link it. */
    cwe: z.array(CweIdSchema).min(1).max(10),
    languages: z.array(z.enum(LANGUAGES)).min(1),
    /** Frameworks and libraries its examples use (`express`, `django`, …), lower case. */
    frameworks: z.array(z.string().regex(/^[a-z0-9][a-z0-9.+-]*$/)).default([]),
    level: z.enum(LEVELS),
    /** How long it takes, reading and quiz, in minutes. */
    minutes: z.number().int().min(1).max(240),
    quiz: z.array(QuizQuestionSchema).min(3).max(10),
  })
  .superRefine((module, ctx) => {
    module.quiz.forEach((q, i) => {
      if (q.answer >= q.choices.length)
        ctx.addIssue({
          code: 'custom',
          path: ['quiz', i, 'answer'],
          message: `answer ${q.answer} is not one of the ${q.choices.length} choices (count from 0)`,
        });
      if (new Set(q.choices).size !== q.choices.length)
        ctx.addIssue({ code: 'custom', path: ['quiz', i, 'choices'], message: 'choices repeat' });
    });
    if (new Set(module.cwe).size !== module.cwe.length)
      ctx.addIssue({ code: 'custom', path: ['cwe'], message: 'a CWE is listed twice' });
  });

export type ModuleFrontMatter = z.output<typeof ModuleFrontMatterSchema>;
export type QuizQuestion = z.output<typeof QuizQuestionSchema>;
export type Level = (typeof LEVELS)[number];
export type Language = (typeof LANGUAGES)[number];
