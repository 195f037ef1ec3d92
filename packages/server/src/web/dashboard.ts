import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staticFiles } from './static-files.js';

/** Where the dashboard's build is. */
export interface DashboardOptions {
  /**
   * The folder `vite build` wrote (`index.html`, `assets/`), or undefined when the dashboard
   * package is not installed: `/` then says so, like for a folder without `index.html`.
   */
  readonly root: string | undefined;
}

/** Hashed file names never change content: cached for a year, never revalidated. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html names the current assets: revalidated on every load (cheap, with the ETag). */
export const PAGE_CACHE_CONTROL = 'no-cache';

/** Paths the dashboard never answers, whatever the method or Accept header. */
const NOT_PAGES = /^(?:api|metrics|healthz|readyz)(?:\/|$)/;

/**
 * Whether a GET that matches no file is a browser asking for a page of the single-page
 * application (its router then shows the page, or its own "not found"): it accepts HTML,
 * or it accepts anything and the path's last segment has no file extension (a missing
 * `/favicon.ico` or script is a 404, not a page).
 */
function wantsPage(request: FastifyRequest, path: string): boolean {
  const accept = request.headers.accept ?? '';
  if (accept.includes('text/html')) return true;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.') && (accept === '' || accept.includes('*/*'));
}

const NOT_BUILT =
  "The dashboard's files are missing: in the Rampart folder run `npm run build` (or start the hub with `rampart serve --dashboard DIR`, DIR holding the dashboard's index.html), then reload. The API is served meanwhile: /api/docs describes it.";

/** The answer to a page request when there is no dashboard to serve (503, not cached). */
function sendNotBuilt(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.status(503).header('cache-control', 'no-store');
  if (!(request.headers.accept ?? '').includes('text/html')) {
    return reply.send({ error: { code: 'DASHBOARD_NOT_BUILT', message: NOT_BUILT } });
  }
  // Static text only (no request data); no inline style or script, which the CSP forbids.
  return reply
    .type('text/html; charset=utf-8')
    .send(
      [
        '<!doctype html>',
        '<html lang="en">',
        '<head><meta charset="utf-8"><title>Rampart: the dashboard is not built</title></head>',
        '<body>',
        '<h1>The Rampart dashboard is not built</h1>',
        "<p>This hub is running, but the dashboard's files are missing.</p>",
        '<p>In the Rampart folder, run <code>npm run build</code>, then reload this page. ',
        'Or start the hub with <code>rampart serve --dashboard DIR</code>, where DIR holds ',
        "the dashboard's <code>index.html</code>.</p>",
        '<p>The API is served meanwhile: <a href="/api/docs">/api/docs</a> describes it.</p>',
        '</body>',
        '</html>',
        '',
      ].join('\n'),
    );
}

/**
 * Serves the dashboard (a Vite build) from `root`:
 * - `GET /assets/*`: the file, cached for a year (`immutable`: names are content hashes);
 *   a missing asset is the API's JSON 404, never index.html.
 * - any other GET for a file at the root of the build (`/favicon.svg`): the file, `no-cache`.
 * - any other GET for a page (see {@link wantsPage}): index.html, `no-cache`, so deep links
 *   work; or, without a build, 503 with a page (JSON for API clients) that says to build it.
 * - `/api/…`, `/metrics`, `/healthz`, `/readyz` and other methods: the API's own routes
 *   and 404.
 * HEAD answers like GET. Only regular files with a plain name and a known extension are
 * served (no dotfiles, no folder listings, nothing outside `root`: see `fileInside`).
 * Register it after the API's routes or before: Fastify prefers their exact paths anyway.
 */
export function registerDashboard(app: FastifyInstance, options: DashboardOptions): void {
  const files = options.root === undefined ? undefined : staticFiles(options.root);
  const rest = (request: FastifyRequest) => (request.params as { '*': string })['*'];

  app.get('/assets/*', async (request, reply) => {
    const path = `assets/${rest(request)}`;
    if (files !== undefined && (await files.send(request, reply, path, ASSET_CACHE_CONTROL))) {
      return reply;
    }
    return reply.callNotFound();
  });

  app.get('/*', async (request, reply) => {
    const path = rest(request);
    if (NOT_PAGES.test(path)) return reply.callNotFound();
    if (files !== undefined && path !== '') {
      if (await files.send(request, reply, path, PAGE_CACHE_CONTROL)) return reply;
    }
    if (!wantsPage(request, path)) return reply.callNotFound();
    if (files !== undefined && (await files.send(request, reply, 'index.html', PAGE_CACHE_CONTROL)))
      return reply;
    return sendNotBuilt(request, reply);
  });
}
