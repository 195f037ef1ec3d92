import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { buildOpenApiDocument, type RegisteredRoute } from './openapi-document.js';
import { docs, type RouteDocs } from './route-docs.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's documentation for the OpenAPI document (see `docs()`). */
    openapi?: RouteDocs;
  }
}

/** Where the OpenAPI document is served (also at `/api/docs/openapi.json`). */
export const OPENAPI_PATH = '/api/docs';

/**
 * Starts recording every route the application registers, with its documentation: call it
 * before any route is added (an `onRoute` hook sees only the routes that come after it).
 * The returned list fills as routes are registered.
 */
export function collectRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, docs: route.config?.openapi });
    }
  });
  return routes;
}

/** The hub's version, from its package.json (next to `src/` and `dist/` alike). */
function packageVersion(): string {
  const raw = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(raw) as { version: string }).version;
}

/**
 * Serves the OpenAPI 3.1 document at `GET /api/docs` and `GET /api/docs/openapi.json`,
 * without authentication. The document is built once, on the first request (every route is
 * registered by then), and answered with an ETag and `Cache-Control`, so clients revalidate
 * cheaply (304).
 */
export function registerOpenApiRoutes(
  app: FastifyInstance,
  routes: readonly RegisteredRoute[],
): void {
  let built: { body: string; etag: string } | undefined;
  const document = () => {
    if (built === undefined) {
      const body = JSON.stringify(buildOpenApiDocument(routes, { version: packageVersion() }));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      built = { body, etag };
    }
    return built;
  };
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const { body, etag } = document();
    reply.header('cache-control', 'public, max-age=300').header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  };
  const config = (summary: string) => ({
    ...docs({
      summary,
      description:
        'The OpenAPI 3.1 document of this API, generated from the schemas the routes validate their input with.',
      tags: ['operations'],
      access: 'public',
      responses: { 200: 'The OpenAPI document (JSON)', 304: 'Not modified (If-None-Match)' },
    }),
    allowPendingPasswordChange: true,
  });
  // In a plugin, so that onRoute hooks added after buildHub (tests that list routes) see them.
  app.register(async (scoped) => {
    scoped.get(OPENAPI_PATH, { config: config('The OpenAPI document') }, serve);
    scoped.get(
      `${OPENAPI_PATH}/openapi.json`,
      { config: config('The OpenAPI document (as a file name tools expect)') },
      serve,
    );
  });
}
