// The VULNERABLE half. Every handler here is wrong on purpose; routes/safe.mjs has the
// fixed twin of each. Never expose this app beyond 127.0.0.1.
import { exec } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import { XMLParser } from 'fast-xml-parser';
import { FAKE_API_KEY, PRODUCTS, USERS } from '../lib/data.mjs';
import { escapeHtml, firstValue, page } from '../lib/html.mjs';
import { findOne } from '../lib/mongo-match.mjs';
import { renderTemplate } from '../lib/template.mjs';
import { expandExternalEntities } from '../lib/xml-entities.mjs';
import { indexPage } from './index-page.mjs';
import { FAKE_ENV, FAKE_GIT_CONFIG, FAKE_GIT_HEAD } from './leaks.mjs';

/** Creates the router mounted at /vuln. */
export function createVulnRouter({ sql, publicDir, staticDir, pingCommand }) {
  const router = express.Router();

  // Passive issues: no CSP, no X-Content-Type-Options, no X-Frame-Options, no
  // Referrer-Policy, and the framework and its version announced.
  router.use((_req, res, next) => {
    res.set('X-Powered-By', 'Express');
    res.set('Server', 'Express/4.17.1');
    next();
  });

  // CORS that trusts everybody: any Origin (and `null`, sent by sandboxed iframes and
  // file: pages) is echoed back with credentials allowed.
  router.use('/api', (req, res, next) => {
    const origin = req.get('origin');
    if (origin) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Allow-Credentials', 'true');
      res.vary('Origin');
    }
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.set('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? '');
      res.sendStatus(204);
      return;
    }
    next();
  });

  router.get('/', (_req, res) => {
    res.type('html').send(indexPage('vuln'));
  });

  // Reflected XSS, HTML text context: `q` goes into the page unescaped.
  router.get('/search', (req, res) => {
    const q = firstValue(req.query.q);
    const hits = PRODUCTS.filter((p) => p.name.toLowerCase().includes(q.toLowerCase()));
    const list = hits.map((p) => `<li>${escapeHtml(p.name)}</li>`).join('');
    res.type('html').send(page('Search', `<p>Results for: ${q}</p><ul>${list}</ul>`));
  });

  // Reflected XSS, attribute context: `name` goes into value="..." unescaped.
  router.get('/greet', (req, res) => {
    const name = firstValue(req.query.name);
    res
      .type('html')
      .send(
        page(
          'Greeting',
          `<form action="/vuln/greet"><input name="name" value="${name}"><button>Greet</button></form>`,
        ),
      );
  });

  // Reflected XSS, script context: `ref` goes into a single-quoted JS string unescaped.
  router.get('/track', (req, res) => {
    const ref = firstValue(req.query.ref);
    res
      .type('html')
      .send(
        page(
          'Thanks for visiting',
          `<p>Enjoy the shop.</p><script>var ref = '${ref}'; console.log('campaign', ref);</script>`,
        ),
      );
  });

  // SQL injection, error-based: concatenated, and SQLite's error is shown.
  router.get('/product', async (req, res) => {
    const id = firstValue(req.query.id);
    try {
      const rows = await sql.query(`SELECT id, name, price FROM products WHERE id = ${id}`);
      const body = rows
        .map((r) => `<h2>${escapeHtml(r.name)}</h2><p>${escapeHtml(r.price)} EUR</p>`)
        .join('');
      res.type('html').send(page('Product', body || '<p>No such product.</p>'));
    } catch (error) {
      res
        .status(500)
        .type('html')
        .send(
          page('Database error', `<pre>${escapeHtml(`${error.code}: ${error.message}`)}</pre>`),
        );
    }
  });

  // SQL injection, boolean-based blind: concatenated; the page only says found or not,
  // and an error looks like "not found".
  router.get('/user', async (req, res) => {
    const name = firstValue(req.query.name);
    let found = false;
    try {
      const rows = await sql.query(`SELECT id FROM users WHERE username = '${name}'`);
      found = rows.length > 0;
    } catch {
      found = false;
    }
    res
      .type('html')
      .send(page('User lookup', found ? '<p>User found.</p>' : '<p>User not found.</p>'));
  });

  // SQL injection, time-based blind: concatenated; results and errors are both hidden.
  router.get('/stock', async (req, res) => {
    const sku = firstValue(req.query.sku);
    try {
      await sql.query(`SELECT qty FROM stock WHERE sku = '${sku}'`);
    } catch {
      // Hidden on purpose: only the time the query takes can tell.
    }
    res
      .type('html')
      .send(page('Stock alert', "<p>Thanks, we'll e-mail you when it is back in stock.</p>"));
  });

  // SQL injection in a JSON body, error-based.
  router.post('/api/products/search', express.json(), async (req, res) => {
    const name = req.body?.name ?? '';
    try {
      const rows = await sql.query(
        `SELECT id, name, price FROM products WHERE name LIKE '%${name}%'`,
      );
      res.json({ results: rows });
    } catch (error) {
      res.status(500).json({ error: `${error.code}: ${error.message}` });
    }
  });

  // NoSQL operator injection: the body's values, objects included, become the query.
  router.post('/api/login', express.json(), (req, res) => {
    const { username, password } = req.body ?? {};
    let user;
    try {
      user = findOne(USERS, { username, password });
    } catch (error) {
      res.status(400).json({ ok: false, error: `${error.name}: ${error.message}` });
      return;
    }
    if (!user) {
      res.status(401).json({ ok: false, error: 'Invalid username or password' });
      return;
    }
    res.json({ ok: true, user: { username: user.username, role: user.role } });
  });

  router.get('/api/me', (_req, res) => {
    res.json({ username: 'alice', email: 'alice@example.org', role: 'admin' });
  });

  // OS command injection, blind. !!! DANGER !!! `host` is pasted into a shell command:
  // whoever can reach this endpoint runs any command as the user running the app. That is
  // why the app listens on 127.0.0.1 only. The output is never returned: only the time the
  // command takes (`127.0.0.1; sleep 5`) gives it away.
  router.get('/ping', (req, res) => {
    const host = firstValue(req.query.host);
    exec(`${pingCommand} ${host}`, { timeout: 15_000 }, () => {
      res.type('html').send(page('Ping', '<p>Check done.</p>'));
    });
  });

  // Path traversal: path.join keeps `..`, so `../../../../../../etc/passwd` leaves public/.
  router.get('/file', async (req, res) => {
    const name = firstValue(req.query.name);
    try {
      res.type('text').send(await readFile(join(publicDir, name), 'utf8'));
    } catch {
      res.status(404).type('text').send('No such document.');
    }
  });

  // Open redirect: anywhere, `//evil.example` and `https://evil.example` included.
  router.get('/redirect', (req, res) => {
    res.redirect(firstValue(req.query.next, '/'));
  });

  // Server-side template injection: the name becomes part of the template's source.
  router.get('/hello', (req, res) => {
    const name = firstValue(req.query.name);
    try {
      res
        .type('text')
        .send(renderTemplate(`Hello, ${name}! Welcome to {{shop}}.`, { shop: 'Rampart Shop' }));
    } catch (error) {
      res.status(500).type('text').send(`Template error: ${error.name}: ${error.message}`);
    }
  });

  // SSRF: any URL, internal addresses included, is fetched by the server.
  router.get('/fetch', async (req, res) => {
    const url = firstValue(req.query.url);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = await response.text();
      res
        .type('html')
        .send(
          page(
            'Link preview',
            `<p>Status ${response.status}, ${body.length} characters.</p><pre>${escapeHtml(body.slice(0, 200))}</pre>`,
          ),
        );
    } catch (error) {
      res
        .status(502)
        .type('html')
        .send(page('Link preview', `<p>Could not fetch: ${escapeHtml(error.message)}</p>`));
    }
  });

  // XXE: external entities of the document's DTD are loaded (file:// and http://).
  router.post('/xml', express.text({ type: ['application/xml', 'text/xml'] }), async (req, res) => {
    if (typeof req.body !== 'string' || req.body === '') {
      res.status(415).json({ error: 'Send an XML document as application/xml.' });
      return;
    }
    const expanded = await expandExternalEntities(req.body);
    res.json({ imported: new XMLParser().parse(expanded) });
  });

  // A session cookie readable by scripts (no HttpOnly) and sent cross-site (no SameSite).
  router.get('/login-page', (_req, res) => {
    res.cookie('session', 'c2Vzc2lvbi1mb3ItZ3Vlc3QtZGVtbw', { path: '/vuln' });
    res.type('html').send(page('Signed in', '<p>You are signed in as guest.</p>'));
  });

  // An API key in the URL: it ends up in logs, history and Referer headers.
  router.get('/account', (req, res) => {
    if (firstValue(req.query.api_key) !== FAKE_API_KEY) {
      res.status(401).type('html').send(page('Account', '<p>Invalid API key.</p>'));
      return;
    }
    res.type('html').send(page('Account', '<p>Signed in as alice (admin).</p>'));
  });

  // A bug whose stack trace is shown to the visitor (see the error handler below).
  router.get('/crash', (req, _res) => {
    const session = req.session;
    return session.user.id;
  });

  // Directory listing of the public documents.
  router.get('/files/', async (_req, res) => {
    const names = (await readdir(publicDir)).sort();
    const items = names
      .map((n) => `<li><a href="/vuln/files/${encodeURIComponent(n)}">${escapeHtml(n)}</a></li>`)
      .join('\n');
    res
      .type('html')
      .send(
        `<!DOCTYPE html><html><head><title>Index of /vuln/files/</title></head><body><h1>Index of /vuln/files/</h1><ul><li><a href="/vuln/">Parent Directory</a></li>\n${items}</ul></body></html>`,
      );
  });
  router.use('/files', express.static(publicDir, { index: false }));

  // The front-end script with its source map, and an editor's backup copy (app.js.bak).
  router.use('/static', express.static(staticDir, { index: false }));

  // Files that should never be served: the Git metadata and the environment file.
  router.get('/.git/HEAD', (_req, res) => {
    res.type('text').send(FAKE_GIT_HEAD);
  });
  router.get('/.git/config', (_req, res) => {
    res.type('text').send(FAKE_GIT_CONFIG);
  });
  router.get('/.env', (_req, res) => {
    res.type('text').send(FAKE_ENV);
  });

  // Errors as in development: the stack trace goes to the visitor.
  router.use((error, _req, res, _next) => {
    const status = error.status ?? error.statusCode ?? 500;
    if (status < 500) {
      res.status(status).type('text').send(error.message);
      return;
    }
    res
      .status(500)
      .type('html')
      .send(
        `<!DOCTYPE html><html><head><title>Error</title></head><body><pre>${escapeHtml(error.stack)}</pre></body></html>`,
      );
  });

  return router;
}
