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
import { computeTrend } from '../metrics/trend.js';

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
  });

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
 * `half-life`, `escape-rate`, `sla`, `open-age`, `prevented` and `trend`. Every one takes
 * the window `from` and `to` (epoch ms or ISO 8601; required: no number depends on the
 * clock) and the filters `team`, `project`, `severity` (effective) and `scanner`.
 * `half-life` also takes `points` (the most curve points, default 500); `sla` and
 * `escape-rate` take `limit` (the most breaches / late disclosures listed, default 100).
 */
export function registerMetricsRoutes(app: FastifyInstance, options: MetricsRoutesOptions): void {
  const { database } = options;
  const { db } = database;

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

  app.get('/api/v1/metrics/mttr', async (request) => {
    const { query } = await metricsQuery(request, plainQuery);
    return computeMttr(db, query);
  });

  app.get('/api/v1/metrics/half-life', async (request) => {
    const { query, input } = await metricsQuery(request, halfLifeQuery);
    return computeHalfLife(db, query, { maxPoints: input.points ?? 500 });
  });

  app.get('/api/v1/metrics/escape-rate', async (request) => {
    const { query, input } = await metricsQuery(request, limitedQuery);
    return computeEscapeRate(db, query, { lateDisclosureLimit: input.limit ?? 100 });
  });

  app.get('/api/v1/metrics/sla', async (request) => {
    const { query, input } = await metricsQuery(request, limitedQuery);
    return computeSla(db, query, { breachLimit: input.limit ?? 100 });
  });

  app.get('/api/v1/metrics/open-age', async (request) => {
    const { query } = await metricsQuery(request, plainQuery);
    return computeOpenAge(db, query);
  });

  app.get('/api/v1/metrics/prevented', async (request) => {
    const { query } = await metricsQuery(request, plainQuery);
    return computePrevented(db, query);
  });

  app.get('/api/v1/metrics/trend', async (request) => {
    const { query } = await metricsQuery(request, plainQuery);
    return computeTrend(db, query);
  });
}
