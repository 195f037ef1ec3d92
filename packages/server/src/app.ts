import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { HubDatabase } from './db/database.js';

/** What the hub needs to serve. */
export interface HubOptions {
  readonly database: HubDatabase;
  /** pino options, or false for no request log (tests). */
  readonly logger?: boolean | Record<string, unknown>;
  /** The largest request body, in bytes (scan uploads). Default: 64 MiB. */
  readonly bodyLimit?: number;
}

/** An API error: an HTTP status, a stable code scripts can branch on, and a message. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Builds the hub's HTTP application (not listening). Errors are JSON `{ error: { code,
 * message } }` with a stable code, never a stack trace; every request has an id in the
 * logs and the `x-request-id` header; headers that carry credentials are never logged.
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
  });
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

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(options.database.db);
      return { status: 'ready', database: options.database.dialect };
    } catch {
      return reply
        .status(503)
        .send({ error: { code: 'DATABASE_UNAVAILABLE', message: 'the database does not answer' } });
    }
  });
  return app;
}
