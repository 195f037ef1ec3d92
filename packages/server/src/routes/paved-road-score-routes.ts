import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../auth/audit.js';
import { canManageTeam, canReadTeam, ensure, isOrgReader, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { DAY } from '../metrics/time-units.js';
import { docs } from '../openapi/route-docs.js';
import { currentScorecards, projectTrend, templateRefs } from '../paved-road/posture-store.js';
import { EXPOSURES } from '../paved-road/posture-tables.js';
import {
  comparisonReport,
  gapsReport,
  type ScopedProject,
  scoresReport,
  weeklyTrend,
} from '../paved-road/score-rollups.js';

/** What the scorecard routes need. */
export interface PavedRoadScoreRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const id = z.string().min(1).max(100);
const projectParams = z.strictObject({ projectId: id });
const scorecardQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(3660).optional(),
});
const exposureBody = z.strictObject({ exposure: z.enum(EXPOSURES) });
const teamQuery = z.strictObject({ teamId: id.optional() });
const comparisonQuery = z.strictObject({
  threshold: z.coerce.number().int().min(0).max(100).optional(),
  days: z.coerce.number().int().min(1).max(3660).optional(),
  teamId: id.optional(),
});

const SCORECARD_SHAPE =
  "`{ projectId, score (0–100, null: not measured), passed, failed, notApplicable, measuredAt, scanId, exposure, checks: [{ id, title, source: 'posture'|'paved-road', status: 'pass'|'fail'|'not-applicable', summary, fix: { text, templates, docs } | null }], trend: [{ day: 'YYYY-MM-DD', score }] }`";

const SCOPE =
  "The caller's scope: the organisation for admin, security and auditors, else their teams' projects; `teamId` narrows it to one team (404 when the caller may not read it).";

/**
 * Registers the paved-road scorecards (docs/hub-paved-road-scores.md):
 * - `GET /api/v1/projects/:projectId/paved-road[?days=90]`: a project's scorecard (its
 *   latest posture snapshot scored with the hub's evidence of now) and its trend.
 * - `PUT /api/v1/projects/:projectId/exposure` `{ exposure }`: admin, security or the
 *   team's champion; audit-logged; answers the scorecard.
 * - `GET /api/v1/paved-road/scores[?teamId=]`, `/gaps[?teamId=]`,
 *   `/comparison[?threshold=80&days=180&teamId=]`: roll-ups, the biggest gaps with their
 *   fixes, and on-road against off-road projects, over the projects the caller may read.
 */
export function registerPavedRoadScoreRoutes(
  app: FastifyInstance,
  options: PavedRoadScoreRoutesOptions,
): void {
  const now = options.now ?? Date.now;
  const { db } = options.database;

  async function readableProject(principal: UserPrincipal, projectId: string) {
    const project = await db
      .selectFrom('projects')
      .select(['id', 'team_id', 'exposure'])
      .where('id', '=', projectId)
      .executeTakeFirst();
    if (project === undefined || !canReadTeam(principal, project.team_id))
      throw notFound('project');
    return project;
  }

  /** The projects the caller may read (optionally of one team), with their team names. */
  async function scopedProjects(
    principal: UserPrincipal,
    teamId: string | undefined,
  ): Promise<ScopedProject[]> {
    if (teamId !== undefined) {
      const team = canReadTeam(principal, teamId)
        ? await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()
        : undefined;
      if (team === undefined) throw notFound('team');
    }
    const teams =
      teamId !== undefined
        ? [teamId]
        : isOrgReader(principal)
          ? undefined
          : [...principal.teams.keys()];
    if (teams?.length === 0) return [];
    let query = db
      .selectFrom('projects as p')
      .innerJoin('teams as t', 't.id', 'p.team_id')
      .select(['p.id', 'p.name', 'p.team_id', 't.name as team_name'])
      .orderBy('p.name');
    if (teams !== undefined) query = query.where('p.team_id', 'in', teams);
    return (await query.execute()).map((r) => ({
      projectId: r.id,
      name: r.name,
      teamId: r.team_id,
      teamName: r.team_name,
    }));
  }

  async function scorecard(projectId: string, exposure: string, days: number) {
    const at = now();
    const card = (await currentScorecards(db, [projectId], at)).get(projectId);
    const trend = await projectTrend(db, projectId, at - days * DAY);
    if (card === undefined)
      return {
        projectId,
        score: null,
        passed: 0,
        failed: 0,
        notApplicable: 0,
        measuredAt: null,
        scanId: null,
        exposure,
        checks: [],
        trend,
      };
    return {
      projectId,
      score: card.score,
      passed: card.passed,
      failed: card.failed,
      notApplicable: card.notApplicable,
      measuredAt: new Date(card.measuredAt).toISOString(),
      scanId: card.scanId,
      exposure,
      checks: card.checks.map((c) => ({
        id: c.id,
        title: c.title,
        source: c.source,
        status: c.status,
        summary: c.summary,
        fix: c.fix,
      })),
      trend,
    };
  }

  app.get(
    '/api/v1/projects/:projectId/paved-road',
    {
      config: docs({
        summary: "A project's paved-road scorecard",
        description:
          "The hub's posture checks and the scan's paved-road checks, from the project's latest full scan that reported its posture, with what the hub knows now (recent pr/main scans, a stored threat model, the exposure, the catalog); each failing check with its fix. score = round(100 × passed ÷ applicable); null when no scan has reported a posture. `trend`: the score stored with the last snapshot of each day over the last `days` days (default 90).",
        tags: ['paved-road'],
        access: 'team-reader',
        params: projectParams,
        query: scorecardQuery,
        responses: {
          200: SCORECARD_SHAPE,
          404: 'No such project, or not readable by the caller.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { projectId } = parseInput(projectParams, request.params, 'params');
      const { days } = parseInput(scorecardQuery, request.query, 'query');
      const project = await readableProject(principal, projectId);
      return scorecard(project.id, project.exposure, days ?? 90);
    },
  );

  app.put(
    '/api/v1/projects/:projectId/exposure',
    {
      config: docs({
        summary: "Set a project's exposure",
        description:
          "Whether the project's service is reachable from the internet: `internet`, `internal` or `unknown` (the default). The threat-model check applies to internet-facing projects (or when the threat model marks an element internet-facing). Admin, security or the team's champion. Audit-logged (`project.exposure`).",
        tags: ['paved-road'],
        access: 'team-writer',
        params: projectParams,
        body: exposureBody,
        responses: {
          200: `The scorecard with the new exposure: ${SCORECARD_SHAPE}`,
          400: 'VALIDATION: not one of internet, internal, unknown.',
          403: 'FORBIDDEN: a reader who is not admin, security or the champion of the team.',
          404: 'No such project, or not readable by the caller.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { projectId } = parseInput(projectParams, request.params, 'params');
      const project = await readableProject(principal, projectId);
      ensure(canManageTeam(principal, project.team_id), "change the project's exposure");
      const { exposure } = parseInput(exposureBody, request.body, 'body');
      if (exposure !== project.exposure) {
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('projects').set({ exposure }).where('id', '=', projectId).execute();
          await recordAudit(trx, now(), {
            actorId: principal.userId,
            action: 'project.exposure',
            targetType: 'project',
            targetId: projectId,
            data: { from: project.exposure, to: exposure },
          });
        });
      }
      return scorecard(projectId, exposure, 90);
    },
  );

  app.get(
    '/api/v1/paved-road/scores',
    {
      config: docs({
        summary: 'Paved-road scores: organisation, teams, projects',
        description: `Every project's current score; a team's score is the rounded mean of its measured projects' scores, the organisation's the rounded mean of all measured projects (null when none is measured); per check, how many measured projects it applies to, pass and fail. \`organisation.trend\`: for each of the last 12 ISO weeks, the mean of the projects' latest stored score at the week's end. ${SCOPE}`,
        tags: ['paved-road'],
        access: 'team-reader',
        query: teamQuery,
        responses: {
          200: '`{ organisation: { score, measured, projects, trend: [{ week, score, measured }] }, teams: [{ teamId, name, score, measured, projects }], projects: [{ projectId, name, teamId, teamName, score, measuredAt, passed, failed }], checks: [{ id, title, applicable, passing, failing }] }`',
          404: 'No such team, or not readable by the caller.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { teamId } = parseInput(teamQuery, request.query, 'query');
      const projects = await scopedProjects(principal, teamId);
      const at = now();
      const ids = projects.map((p) => p.projectId);
      const report = scoresReport(projects, await currentScorecards(db, ids, at));
      return {
        ...report,
        organisation: { ...report.organisation, trend: await weeklyTrend(db, ids, at) },
      };
    },
  );

  app.get(
    '/api/v1/paved-road/gaps',
    {
      config: docs({
        summary: 'The biggest paved-road gaps',
        description: `Each check that measured projects fail, most failing projects first: the projects, the fix (text, the catalog templates that provide it, the docs link) and the distinct remediations of the paved-road violations (the approved image, the replacement library) with how many projects need each. ${SCOPE}`,
        tags: ['paved-road'],
        access: 'team-reader',
        query: teamQuery,
        responses: {
          200: '`{ gaps: [{ check, title, failing, projects: [{ projectId, name, teamName }], fix: { text, templates, docs }, remedies: [{ text, projects }] }] }`',
          404: 'No such team, or not readable by the caller.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { teamId } = parseInput(teamQuery, request.query, 'query');
      const projects = await scopedProjects(principal, teamId);
      const cards = await currentScorecards(
        db,
        projects.map((p) => p.projectId),
        now(),
      );
      return { gaps: gapsReport(projects, cards, await templateRefs(db)) };
    },
  );

  app.get(
    '/api/v1/paved-road/comparison',
    {
      config: docs({
        summary: 'Does the road pay off? On-road against off-road projects',
        description: `Projects whose current score is at least \`threshold\` (default 80) against the measured others, over the last \`days\` days (default 180): findings first detected in the window and per thousand lines of code (the lines of each project's latest snapshot; projects whose snapshot reports 0 lines are left out of that rate and counted in \`noLinesOfCode\`), findings fixed and MTTR in days (mean, median), the escape rate (first detected at production ÷ first detected). Each group has its sample sizes and \`lowSample\` (fewer than 5 projects or 10 fixes). Correlation, not causation. ${SCOPE}`,
        tags: ['paved-road'],
        access: 'team-reader',
        query: comparisonQuery,
        responses: {
          200: '`{ threshold, from, to, onRoad: Group, offRoad: Group, unmeasured: { projects }, lowSample }` with Group = `{ projects, linesOfCode, findings, findingsPerKloc, noLinesOfCode, fixed, mttrDays: { mean, median } | null, escape: { production, pipeline, rate }, lowSample }`',
          404: 'No such team, or not readable by the caller.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const q = parseInput(comparisonQuery, request.query, 'query');
      const projects = await scopedProjects(principal, q.teamId);
      const at = now();
      const cards = await currentScorecards(
        db,
        projects.map((p) => p.projectId),
        at,
      );
      return comparisonReport(db, projects, cards, {
        threshold: q.threshold ?? 80,
        days: q.days ?? 180,
        now: at,
      });
    },
  );
}
