import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '@rampart/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ensure, isOrgReader, requireUser } from '../auth/authorize.js';
import { docs } from '../openapi/route-docs.js';
import type { HubMetrics } from './hub-metrics.js';

/** Where Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** The shortest metrics token accepted: it guards data, so it must not be guessable. */
export const MIN_METRICS_TOKEN_LENGTH = 32;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Counts every answered request in `rampart_http_requests_total` and
 * `rampart_http_request_duration_seconds`, labelled with the route pattern (never the URL,
 * which would let clients mint label values) or `unmatched`. Scrapes of `/metrics` are not
 * counted. Nothing from the request but its method is read: no header, no token.
 */
export function registerRequestMetrics(app: FastifyInstance, metrics: HubMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === METRICS_PATH) return;
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    const labels = { method, route: route ?? 'unmatched' };
    metrics.httpRequests.inc({ ...labels, status: String(reply.statusCode) });
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}

/**
 * Serves the Prometheus exposition at `GET /metrics` to
 * - a scraper sending `Authorization: Bearer <metrics token>` (the `metricsToken` option,
 *   `RAMPART_METRICS_TOKEN` for `rampart serve`), compared in constant time over SHA-256 of
 *   both sides; the token is good for this route only;
 * - or a signed-in admin, security or auditor user (the numbers span the organisation).
 * Anyone else: 401 without credentials (or with a wrong token), 403 for other users and CI
 * tokens. The token hook runs before the authentication hook (register this first), which
 * would otherwise refuse the metrics token as an unknown API token. A token shorter than
 * {@link MIN_METRICS_TOKEN_LENGTH} is refused when the hub is built.
 */
export function registerMetricsEndpoint(
  app: FastifyInstance,
  options: { readonly metrics: HubMetrics; readonly token?: string | undefined },
): void {
  const { metrics } = options;
  const token = options.token === '' ? undefined : options.token;
  if (token !== undefined && token.length < MIN_METRICS_TOKEN_LENGTH) {
    throw new ConfigError(
      `the metrics token (RAMPART_METRICS_TOKEN) has ${token.length} characters: use at least ${MIN_METRICS_TOKEN_LENGTH}, e.g. \`openssl rand -hex 32\``,
    );
  }
  const expected = token === undefined ? undefined : sha256(token);

  const send = async (reply: FastifyReply) => {
    metrics.ensureProcessMetrics();
    const body = await metrics.registry.metrics();
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(body);
  };

  if (expected !== undefined) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.url !== METRICS_PATH) return;
      const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
      if (!match?.[1] || !timingSafeEqual(sha256(match[1]), expected)) return;
      await send(reply);
      return reply;
    });
  }

  // In a plugin, so that onRoute hooks added after buildHub (tests that list routes) see it.
  app.register(async (scoped) => {
    scoped.get(
      METRICS_PATH,
      {
        config: docs({
          summary: 'Prometheus metrics',
          description:
            'The Prometheus text exposition: HTTP requests and durations by route, scan ingest, job runs, webhook deliveries, open findings by severity, and the process metrics (all prefixed `rampart_`). Scrape it with the metrics token (`Authorization: Bearer <RAMPART_METRICS_TOKEN>`); admin, security and auditor users may read it too.',
          tags: ['operations'],
          access: 'org-reader',
          responses: {
            200: 'Prometheus text format (text/plain; version=0.0.4)',
            403: 'Not an admin, security or auditor user',
          },
        }),
      },
      async (request, reply) => {
        ensure(isOrgReader(requireUser(request.principal)), 'read the hub metrics');
        return send(reply);
      },
    );
  });
}
