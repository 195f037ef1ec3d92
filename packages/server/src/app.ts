import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { ApiError } from './api-error.js';
import type { HubDatabase } from './db/database.js';
import { createHubMetrics } from './observability/hub-metrics.js';
import {
  registerMetricsEndpoint,
  registerRequestMetrics,
} from './observability/metrics-endpoint.js';
import { collectRoutes, registerOpenApiRoutes } from './openapi/openapi-routes.js';
import { docs } from './openapi/route-docs.js';
import { SECURITY_HEADERS } from './web/security-headers.js';

export { ApiError };

/** What the hub needs to serve. */
export interface HubOptions {
  readonly database: HubDatabase;
  /** pino options, or false for no request log (tests). */
  readonly logger?: boolean | Record<string, unknown>;
  /** The largest request body, in bytes (scan uploads). Default: 64 MiB. */
  readonly bodyLimit?: number;
  /**
   * The bearer token Prometheus scrapes `/metrics` with (at least 32 characters); without
   * one, only admin, security and auditor users may read the metrics.
   */
  readonly metricsToken?: string | undefined;
}

/**
 * Builds the hub's HTTP application (not listening). Errors are JSON `{ error: { code,
 * message } }` with a stable code, never a stack trace; every request has an id in the
 * logs and the `x-request-id` header; headers that carry credentials are never logged.
 * It serves `/healthz`, `/readyz`, Prometheus `/metrics` (request metrics are counted for
 * every route) and the OpenAPI document at `/api/docs`, built from the `config.openapi` of
 * every route registered on it.
 */
export function buildHub(options: HubOptions): FastifyInstance {
  const app = Fastify({
    logger:
      options.logger === false || options.logger === undefined
        ? false
        : {
            ...(typeof options.logger === 'object' ? options.logger : {}),
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-csrf-token"]',
            ],
          },
    bodyLimit: options.bodyLimit ?? 64 * 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // A URL Fastify cannot decode (`GET /%`) or an unsupported media type fails before any
    // hook runs: answer in the hub's error shape, with the security headers all answers get.
    frameworkErrors: (error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void (reply as unknown as FastifyReply)
        .headers(SECURITY_HEADERS)
        .status(status >= 400 && status < 500 ? status : 400)
        .send({ error: { code: 'BAD_REQUEST', message: error.message } });
    },
  });
  // First: the OpenAPI document lists the routes registered from here on.
  const routes = collectRoutes(app);
  const metrics = createHubMetrics(options.database);
  app.decorate('hubMetrics', metrics);
  registerRequestMetrics(app, metrics);
  // Before the authentication hook (createHub adds it), which does not know the metrics token.
  registerMetricsEndpoint(app, { metrics, token: options.metricsToken });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) {
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code, message: error.message } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, body too large, validation).
      const code = (error as { code?: string }).code ?? 'BAD_REQUEST';
      return reply.status(status).send({ error: { code, message: (error as Error).message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL', message: `internal error (request ${request.id})` } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
      },
    }),
  );

  const probe = (summary: string, description: string, responses: Record<number, string>) => ({
    config: docs({ summary, description, tags: ['operations'], access: 'public', responses }),
  });
  app.get(
    '/healthz',
    probe('Liveness', 'Answers while the process serves HTTP (it does not ask the database).', {
      200: '`{ status: "ok" }`',
    }),
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    probe('Readiness', 'Answers 200 when the database answers a query, else 503.', {
      200: '`{ status: "ready", database: "sqlite" | "postgres" }`',
      503: 'DATABASE_UNAVAILABLE',
    }),
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(options.database.db);
        return { status: 'ready', database: options.database.dialect };
      } catch {
        return reply.status(503).send({
          error: { code: 'DATABASE_UNAVAILABLE', message: 'the database does not answer' },
        });
      }
    },
  );
  registerOpenApiRoutes(app, routes);
  return app;
}
