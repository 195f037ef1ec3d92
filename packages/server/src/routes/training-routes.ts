import { type Catalog, LANGUAGES, LEVELS, type TrainingModule } from '@rampart/training';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canReadTeam, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { renderMarkdown } from '../desk/markdown.js';
import { docs } from '../openapi/route-docs.js';
import { assignmentsOf } from '../training/assignments.js';
import {
  attemptSummary,
  NOT_STARTED,
  recordAttempt,
  statusByModule,
} from '../training/attempt-store.js';
import { catalogSource } from '../training/catalog-source.js';
import { myTraining, RECENT_ATTEMPTS } from '../training/my-training.js';
import {
  AttemptBodyDocSchema,
  attemptBodySchema,
  gradeAttempt,
  MAX_ATTEMPTS_PER_WINDOW,
  PASS_MARK,
  publicQuiz,
} from '../training/quiz.js';
import { moduleSummary, teamRecommendations } from '../training/recommendations.js';
import { registerTrainingAssignmentRoutes } from './training-assignment-routes.js';

/** What the training routes need. */
export interface TrainingRoutesOptions {
  readonly database: HubDatabase;
  /** The catalog; default: the built-in modules, loaded on first use. */
  readonly training?: Catalog | undefined;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const id = z.string().min(1).max(100);
const moduleParams = z.strictObject({ moduleId: id });
const teamParams = z.strictObject({ teamId: id });
const listQuery = z.strictObject({
  cwe: z
    .string()
    .regex(/^cwe-[1-9][0-9]{0,4}$/i, 'a CWE id such as "CWE-89"')
    .transform((v) => v.toUpperCase())
    .optional(),
  language: z.enum(LANGUAGES).optional(),
  level: z.enum(LEVELS).optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

const STATUS_DOC =
  "`status: { completed, bestScore, completedAt }` is the caller's: `bestScore` the best of their attempts (null before the first), `completedAt` their first pass.";
const RECOMMENDATION_DOC =
  "Findings of the team's projects first seen in the last 90 days, false positives left out, weigh by effective severity (critical 10, high 5, medium 2, low 1, info 0); a CWE's score is the sum of its findings' weights, a module's the sum over the CWEs it teaches. Modules scoring 0 are left out. Ranked by score, then modules whose languages include one of the team's (inferred from its findings' file paths) or `any`, then by id.";

function matches(module: TrainingModule, query: z.output<typeof listQuery>): boolean {
  if (query.cwe !== undefined && !module.cwe.includes(query.cwe)) return false;
  if (query.level !== undefined && module.level !== query.level) return false;
  if (
    query.language !== undefined &&
    !module.languages.some((l) => l === query.language || l === 'any')
  )
    return false;
  if (query.q !== undefined) {
    const needle = query.q.toLowerCase();
    const haystack = [module.id, module.title, module.summary, ...module.frameworks]
      .join('\n')
      .toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

/**
 * Registers the training routes (every signed-in user; CI tokens 403):
 * - `GET /api/v1/training/modules`: the catalog, filtered, with the caller's status.
 * - `GET /api/v1/training/modules/:moduleId`: a module, its body as HTML and its quiz
 *   without the answers.
 * - `POST /api/v1/training/modules/:moduleId/attempts` `{ answers }`: grade a quiz.
 * - `GET /api/v1/teams/:teamId/training/recommendations`: a team's ranked modules (team
 *   readers; others 404).
 * - `GET /api/v1/me/training`: the caller's recommendations, completions, attempts and
 *   assignments.
 * - Rules, assignments and effectiveness: see registerTrainingAssignmentRoutes.
 * Attempts are the learner's own record, not organisation changes: stored, not audit-logged.
 */
export function registerTrainingRoutes(app: FastifyInstance, options: TrainingRoutesOptions): void {
  const now = options.now ?? Date.now;
  const catalog = catalogSource(options.training);
  registerTrainingAssignmentRoutes(app, { database: options.database, catalog, now });

  app.get(
    '/api/v1/training/modules',
    {
      config: docs({
        summary: 'The training catalog',
        description: `The training modules, built-in and the organisation's own (\`rampart serve --training-dir\`), by id. Filters: \`cwe\` (modules teaching it), \`language\` (modules whose languages include it, or \`any\`), \`level\`, \`q\` (text in the id, title, summary or frameworks, any case). ${STATUS_DOC} Every signed-in user.`,
        tags: ['training'],
        access: 'user',
        query: listQuery,
        responses: {
          200: '`{ passMark, modules: [{ id, title, summary, cwe, languages, frameworks, level, minutes, questionCount, source: "built-in"|"organisation", status: { completed, bestScore, completedAt } }] }`',
          400: 'VALIDATION: a bad filter.',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const query = parseInput(listQuery, request.query, 'query');
      const modules = (await catalog()).modules.filter((m) => matches(m, query));
      const status = await statusByModule(options.database, principal.userId);
      return {
        passMark: PASS_MARK,
        modules: modules.map((m) => ({
          ...moduleSummary(m),
          status: status.get(m.id) ?? NOT_STARTED,
        })),
      };
    },
  );

  app.get(
    '/api/v1/training/modules/:moduleId',
    {
      config: docs({
        summary: 'A training module',
        description: `A module: its summary, its text as HTML (\`bodyHtml\`, rendered from markdown with raw HTML escaped), and its quiz as the learner answers it: each question and its choices, without the answer or the explanation (an attempt reveals them). \`attempts\` sums up the caller's attempts (\`remainingThisHour\`: at most ${MAX_ATTEMPTS_PER_WINDOW} per hour). ${STATUS_DOC} Every signed-in user.`,
        tags: ['training'],
        access: 'user',
        params: moduleParams,
        responses: {
          200: '`{ passMark, module: { id, title, summary, cwe, languages, frameworks, level, minutes, questionCount, source, bodyHtml, quiz: [{ question, choices }] }, status, attempts: { count, passed, lastAttemptAt, remainingThisHour } }`',
          403: 'A CI token.',
          404: 'No such module.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { moduleId } = parseInput(moduleParams, request.params, 'params');
      const module = (await catalog()).byId(moduleId);
      if (module === undefined) throw notFound('module');
      const status = await statusByModule(options.database, principal.userId);
      return {
        passMark: PASS_MARK,
        module: {
          ...moduleSummary(module),
          bodyHtml: renderMarkdown(module.body),
          quiz: publicQuiz(module),
        },
        status: status.get(module.id) ?? NOT_STARTED,
        attempts: await attemptSummary(options.database, principal.userId, module.id, now()),
      };
    },
  );

  app.post(
    '/api/v1/training/modules/:moduleId/attempts',
    {
      config: docs({
        summary: "Answer a module's quiz",
        description: `Grades an attempt: \`answers\` holds one choice index (from 0) per question, in order. The score is \`round(100 × correct / total)\`; the attempt passes when at least ${PASS_MARK} % of the answers are right, and the first pass marks the module completed for the caller (a better pass raises the best score). The answer is revealed with the right choice and its explanation per question. At most ${MAX_ATTEMPTS_PER_WINDOW} attempts per person and module in a rolling hour, so a quiz cannot be guessed blindly. Stored in the caller's training record, not audit-logged. Every signed-in user.`,
        tags: ['training'],
        access: 'user',
        params: moduleParams,
        body: AttemptBodyDocSchema,
        responses: {
          200: '`{ attemptId, score, correct, total, passed, passMark, results: [{ correct, answer, explanation }], status }`',
          400: 'VALIDATION: `body.answers…`: not one answer per question, or an index that is not one of the choices.',
          403: 'A CI token.',
          404: 'No such module.',
          429: `TOO_MANY_ATTEMPTS: already ${MAX_ATTEMPTS_PER_WINDOW} attempts at this module in the last hour.`,
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { moduleId } = parseInput(moduleParams, request.params, 'params');
      const module = (await catalog()).byId(moduleId);
      if (module === undefined) throw notFound('module');
      const { answers } = parseInput(attemptBodySchema(module.quiz), request.body, 'body');
      const grade = gradeAttempt(module.quiz, answers);
      const attemptId = await recordAttempt(options.database, {
        userId: principal.userId,
        moduleId: module.id,
        answers,
        grade,
        now: now(),
      });
      const status = await statusByModule(options.database, principal.userId);
      return {
        attemptId,
        score: grade.score,
        correct: grade.correct,
        total: grade.total,
        passed: grade.passed,
        passMark: PASS_MARK,
        results: grade.results,
        status: status.get(module.id) ?? NOT_STARTED,
      };
    },
  );

  app.get(
    '/api/v1/teams/:teamId/training/recommendations',
    {
      config: docs({
        summary: "A team's training recommendations",
        description: `The modules the team's findings call for, ranked. ${RECOMMENDATION_DOC} Each entry gives the module, its score, \`languageMatch\`, the CWEs that caused it with their score and finding counts by severity, and how many of the team's members passed it (\`completedBy\` of \`members\`; disabled accounts left out). The team's readers (its members, admin, security, auditor).`,
        tags: ['training'],
        access: 'team-reader',
        params: teamParams,
        responses: {
          200: '`{ teamId, teamName, since, languages, recommendations: [{ module, score, languageMatch, causes: [{ cwe, score, findings: { critical, high, medium, low, info } }], completedBy, members }] }`',
          403: 'A CI token.',
          404: 'No such team, or the caller may not read it.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { teamId } = parseInput(teamParams, request.params, 'params');
      if (!canReadTeam(principal, teamId)) throw notFound('team');
      const found = await teamRecommendations(options.database, await catalog(), teamId, now());
      if (found === undefined) throw notFound('team');
      return found;
    },
  );

  app.get(
    '/api/v1/me/training',
    {
      config: docs({
        summary: 'My training',
        description: `The caller's training page: the recommendations of each of their teams merged (a module's \`score\` is its highest team score, \`teams\` lists each team's score and causes; ranked like a team's list; completed modules stay, marked \`completed\`), their completed modules (the newest first), their ${RECENT_ATTEMPTS} latest attempts, and their assignments (as \`GET /api/v1/me/training/assignments\`). Every signed-in user (someone in no team gets no recommendations).`,
        tags: ['training'],
        access: 'user',
        responses: {
          200: '`{ passMark, recommendations: [{ module, score, languageMatch, teams: [{ teamId, teamName, score, causes }], completed, bestScore, completedAt }], completions: [{ moduleId, title, completedAt, bestScore }], recentAttempts: [{ id, moduleId, title, score, correct, total, passed, createdAt }], assignments: [{ id, moduleId, title, ruleId, ruleName, teamId, teamName, findingId, assignedAt, dueAt, completedAt, overdue }] }`',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const mine = await myTraining(
        options.database,
        await catalog(),
        { userId: principal.userId, teamIds: [...principal.teams.keys()] },
        now(),
      );
      const assignments = await assignmentsOf(
        options.database,
        await catalog(),
        principal.userId,
        now(),
      );
      return { passMark: PASS_MARK, ...mine, assignments };
    },
  );
}
