import { SEVERITIES } from '@rampart/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canReadTeam, isOrgReader, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { computeEscapeRate } from '../metrics/escape-rate.js';
import { computeHalfLife } from '../metrics/half-life.js';
import type { MetricsQuery } from '../metrics/metrics-sql.js';
import { computeMttr } from '../metrics/mttr.js';
import { computeOpenAge } from '../metrics/open-age.js';
import { computePrevented } from '../metrics/prevented.js';
import { computeSla } from '../metrics/sla.js';
import { DAY } from '../metrics/time-units.js';
import { computeTopCwes } from '../metrics/top-cwes.js';
import { computeTrend } from '../metrics/trend.js';
import { docs } from '../openapi/route-docs.js';

/** What the metrics routes need. */
export interface MetricsRoutesOptions {
  readonly database: HubDatabase;
}

/** The longest window a metric may span: ten years of weekly series. */
const MAX_WINDOW_DAYS = 3660;

const time = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const ms = /^\d{1,15}$/.test(value)
      ? Number(value)
      : /^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(value)
        ? Date.parse(value)
        : Number.NaN;
    if (!Number.isSafeInteger(ms) || ms < 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected epoch milliseconds or an ISO 8601 date or time',
      });
      return z.NEVER;
    }
    return ms;
  })
  .describe('epoch milliseconds or an ISO 8601 date or time');

const id = z.string().min(1).max(100);
const count = (max: number) => z.coerce.number().int().min(1).max(max);

const filters = {
  from: time,
  to: time,
  team: id.optional(),
  project: id.optional(),
  severity: z.enum(SEVERITIES).optional(),
  scanner: z.string().min(1).max(100).optional(),
};

function windowChecked<T extends z.ZodType<{ from: number; to: number }>>(schema: T) {
  return schema
    .refine((q) => q.from < q.to, { path: ['to'], message: 'must be after from' })
    .refine((q) => q.to - q.from <= MAX_WINDOW_DAYS * DAY, {
      path: ['from'],
      message: `a window spans at most ${MAX_WINDOW_DAYS} days`,
    });
}

const plainQuery = windowChecked(z.strictObject(filters));
const halfLifeQuery = windowChecked(z.strictObject({ ...filters, points: count(5000).optional() }));
const limitedQuery = windowChecked(z.strictObject({ ...filters, limit: count(1000).optional() }));

/** What every metric's documentation says about its query. */
const COMMON =
  "Over the window [`from`, `to`) (epoch ms or ISO 8601, required), for the caller's scope (the organisation for admin, security and auditors, else their teams), optionally one `team` or `project`, an effective `severity` and a `scanner`.";

/**
 * Resolves who and what a metric counts: the organisation for admin, security and auditors,
 * else the user's own teams; a `team` or `project` the user may not read (or that does not
 * exist) is a 404, so metrics never reveal another team's existence.
 */
async function scopeOf(
  database: HubDatabase,
  principal: UserPrincipal,
  q: { team?: string | undefined; project?: string | undefined },
): Promise<Pick<MetricsQuery, 'teamIds' | 'projectId'>> {
  if (q.team !== undefined) {
    const team = canReadTeam(principal, q.team)
      ? await database.db
          .selectFrom('teams')
          .select('id')
          .where('id', '=', q.team)
          .executeTakeFirst()
      : undefined;
    if (team === undefined) throw notFound('team');
  }
  if (q.project !== undefined) {
    const project = await database.db
      .selectFrom('projects')
      .select('team_id')
      .where('id', '=', q.project)
      .executeTakeFirst();
    if (project === undefined || !canReadTeam(principal, project.team_id))
      throw notFound('project');
  }
  const teamIds =
    q.team !== undefined ? [q.team] : isOrgReader(principal) ? null : [...principal.teams.keys()];
  return { teamIds, projectId: q.project };
}

/**
 * Registers the shared metrics under `/api/v1/metrics/…` (GET, read-only): `mttr`,
 * `half-life`, `escape-rate`, `sla`, `open-age`, `prevented`, `top-cwes` and `trend`. Every
 * one takes the window `from` and `to` (epoch ms or ISO 8601; required: no number depends
 * on the clock) and the filters `team`, `project`, `severity` (effective) and `scanner`.
 * `half-life` also takes `points` (the most curve points, default 500); `sla` and
 * `escape-rate` take `limit` (the most breaches / late disclosures listed, default 100),
 * `top-cwes` too (the most CWEs listed, default 10).
 */
export function registerMetricsRoutes(app: FastifyInstance, options: MetricsRoutesOptions): void {
  const { database } = options;
  const { db } = database;

  const metricDocs = (summary: string, description: string, query: z.ZodType) =>
    docs({
      summary,
      description: `${description} ${COMMON}`,
      tags: ['metrics'],
      access: 'team-reader',
      query,
      responses: {
        200: 'The metric',
        404: 'No such team or project, or not readable by the caller',
      },
    });

  async function metricsQuery<T extends z.ZodType<z.infer<typeof plainQuery>>>(
    request: FastifyRequest,
    schema: T,
  ): Promise<{ query: MetricsQuery; input: z.infer<T> }> {
    const principal = requireUser(request.principal);
    const input = parseInput(schema, request.query, 'query');
    const scope = await scopeOf(database, principal, input);
    return {
      input,
      query: {
        ...scope,
        from: input.from,
        to: input.to,
        severity: input.severity,
        scanner: input.scanner,
      },
    };
  }

  app.get(
    '/api/v1/metrics/mttr',
    {
      config: metricDocs(
        'Mean time to remediate',
        'Mean, median and p90 of fix time minus the start of the open interval, for findings fixed in the window; by severity, team and scanner.',
        plainQuery,
      ),
    },
    async (request) => {
      const { query } = await metricsQuery(request, plainQuery);
      return computeMttr(db, query);
    },
  );

  app.get(
    '/api/v1/metrics/half-life',
    {
      config: metricDocs(
        'Remediation half-life',
        'Kaplan–Meier survival of the findings opened in the window, open ones censored; the half-life is the first time survival is ≤ 0.5. `points` bounds the curve (default 500).',
        halfLifeQuery,
      ),
    },
    async (request) => {
      const { query, input } = await metricsQuery(request, halfLifeQuery);
      return computeHalfLife(db, query, { maxPoints: input.points ?? 500 });
    },
  );

  app.get(
    '/api/v1/metrics/escape-rate',
    {
      config: metricDocs(
        'Vulnerability escape rate',
        'Share of unique findings first detected in the window whose first detection stage is production; late disclosures apart (at most `limit` listed, default 100).',
        limitedQuery,
      ),
    },
    async (request) => {
      const { query, input } = await metricsQuery(request, limitedQuery);
      return computeEscapeRate(db, query, { lateDisclosureLimit: input.limit ?? 100 });
    },
  );

  app.get(
    '/api/v1/metrics/sla',
    {
      config: metricDocs(
        'SLA compliance',
        "Share of the open intervals fixed in the window that were fixed within their SLA, and the open findings past their due date at the window's end (at most `limit` listed, default 100).",
        limitedQuery,
      ),
    },
    async (request) => {
      const { query, input } = await metricsQuery(request, limitedQuery);
      return computeSla(db, query, { breachLimit: input.limit ?? 100 });
    },
  );

  app.get(
    '/api/v1/metrics/open-age',
    {
      config: metricDocs(
        'Age of open findings',
        'Open findings at the end of the window by age bucket and severity.',
        plainQuery,
      ),
    },
    async (request) => {
      const { query } = await metricsQuery(request, plainQuery);
      return computeOpenAge(db, query);
    },
  );

  app.get(
    '/api/v1/metrics/prevented',
    {
      config: metricDocs(
        'Prevented findings',
        'Findings first seen at `pr`, never at `main` or `production`, and fixed; those still open as pending.',
        plainQuery,
      ),
    },
    async (request) => {
      const { query } = await metricsQuery(request, plainQuery);
      return computePrevented(db, query);
    },
  );

  app.get(
    '/api/v1/metrics/top-cwes',
    {
      config: metricDocs(
        'Top CWEs',
        'The CWEs of the findings first detected in the window (one per project and fingerprint; false positives at `to` left out), most findings first: for each, how many findings name it and how many of them are still open (unfixed, accepted risks included) at `to`. A finding that names two CWEs counts under both. Also the totals: `findings`, `open`, `withCwe` (naming at least one CWE) and `cweCount` (distinct CWEs; `cwes` lists the first `limit`, default 10).',
        limitedQuery,
      ),
    },
    async (request) => {
      const { query, input } = await metricsQuery(request, limitedQuery);
      return computeTopCwes(db, query, { limit: input.limit ?? 10 });
    },
  );

  app.get(
    '/api/v1/metrics/trend',
    {
      config: metricDocs(
        'Trend',
        "Weekly series: open intervals started and fixed in each week, and open at each week's end.",
        plainQuery,
      ),
    },
    async (request) => {
      const { query } = await metricsQuery(request, plainQuery);
      return computeTrend(db, query);
    },
  );
}
