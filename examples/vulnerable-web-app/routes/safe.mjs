// The SAFE half: the fixed twin of every /vuln endpoint, with the same paths and parameter
// names, so a scanner that reports anything here has a false positive.
import { execFile } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import express from 'express';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PRODUCTS, USERS } from '../lib/data.mjs';
import { escapeHtml, firstValue, jsonForScript, page } from '../lib/html.mjs';
import { renderTemplate } from '../lib/template.mjs';
import { indexPage } from './index-page.mjs';

/** The only origins the /safe API answers cross-origin requests from. */
const CORS_ALLOWLIST = new Set(['https://app.example.org']);
/** The only hosts the link preview may fetch. */
const FETCH_ALLOWLIST = new Set(['example.org', 'www.example.org']);
/** A host name or IPv4 address, nothing a shell or ping could read as more. */
const HOST =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * The response headers of the safe half (and of the home page): a strict CSP whose only
 * inline scripts are those carrying the response's nonce, no framing, no sniffing, no
 * referrer, and no framework banner.
 */
export function safeHeaders(_req, res, next) {
  const nonce = randomBytes(16).toString('base64');
  res.locals.nonce = nonce;
  res.set(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  );
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('X-Frame-Options', 'DENY');
  res.set('Referrer-Policy', 'no-referrer');
  next();
}

function samePassword(a, b) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Creates the router mounted at /safe. */
export function createSafeRouter({ db, publicDir, staticDir, pingCommand }) {
  const router = express.Router();
  const productById = db.prepare('SELECT id, name, price FROM products WHERE id = ?');
  const userByName = db.prepare('SELECT id FROM users WHERE username = ?');
  const stockBySku = db.prepare('SELECT qty FROM stock WHERE sku = ?');
  const productsByName = db.prepare(
    "SELECT id, name, price FROM products WHERE name LIKE '%' || ? || '%'",
  );

  router.use(safeHeaders);

  // CORS for a fixed list of origins only; `null` and everything else get no CORS headers.
  router.use('/api', (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && CORS_ALLOWLIST.has(origin)) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      if (origin && CORS_ALLOWLIST.has(origin)) {
        res.set('Access-Control-Allow-Methods', 'GET, POST');
        res.set('Access-Control-Allow-Headers', 'Content-Type');
      }
      res.sendStatus(204);
      return;
    }
    next();
  });

  router.get('/', (_req, res) => {
    res.type('html').send(indexPage('safe', { nonce: res.locals.nonce }));
  });

  router.get('/search', (req, res) => {
    const q = firstValue(req.query.q);
    const hits = PRODUCTS.filter((p) => p.name.toLowerCase().includes(q.toLowerCase()));
    const list = hits.map((p) => `<li>${escapeHtml(p.name)}</li>`).join('');
    res
      .type('html')
      .send(page('Search', `<p>Results for: ${escapeHtml(q)}</p><ul>${list}</ul>`, res.locals));
  });

  router.get('/greet', (req, res) => {
    const name = firstValue(req.query.name);
    res
      .type('html')
      .send(
        page(
          'Greeting',
          `<form action="/safe/greet"><input name="name" value="${escapeHtml(name)}"><button>Greet</button></form>`,
          res.locals,
        ),
      );
  });

  router.get('/track', (req, res) => {
    const ref = firstValue(req.query.ref);
    res
      .type('html')
      .send(
        page(
          'Thanks for visiting',
          `<p>Enjoy the shop.</p><script nonce="${res.locals.nonce}">var ref = ${jsonForScript(ref)}; console.log('campaign', ref);</script>`,
          res.locals,
        ),
      );
  });

  router.get('/product', (req, res) => {
    const rows = productById.all(firstValue(req.query.id));
    const body = rows
      .map((r) => `<h2>${escapeHtml(r.name)}</h2><p>${escapeHtml(r.price)} EUR</p>`)
      .join('');
    res.type('html').send(page('Product', body || '<p>No such product.</p>', res.locals));
  });

  router.get('/user', (req, res) => {
    const found = userByName.all(firstValue(req.query.name)).length > 0;
    res
      .type('html')
      .send(
        page('User lookup', found ? '<p>User found.</p>' : '<p>User not found.</p>', res.locals),
      );
  });

  router.get('/stock', (req, res) => {
    stockBySku.all(firstValue(req.query.sku));
    res
      .type('html')
      .send(
        page(
          'Stock alert',
          "<p>Thanks, we'll e-mail you when it is back in stock.</p>",
          res.locals,
        ),
      );
  });

  router.post('/api/products/search', express.json(), (req, res) => {
    const name = req.body?.name ?? '';
    if (typeof name !== 'string') {
      res.status(400).json({ error: 'name must be a string' });
      return;
    }
    res.json({ results: productsByName.all(name) });
  });

  // Only strings reach the comparison: an object like {"$ne": null} is refused.
  router.post('/api/login', express.json(), (req, res) => {
    const { username, password } = req.body ?? {};
    if (typeof username !== 'string' || typeof password !== 'string') {
      res.status(400).json({ ok: false, error: 'username and password must be strings' });
      return;
    }
    const user = USERS.find((u) => u.username === username);
    if (!user || !samePassword(user.password, password)) {
      res.status(401).json({ ok: false, error: 'Invalid username or password' });
      return;
    }
    res.json({ ok: true, user: { username: user.username, role: user.role } });
  });

  router.get('/api/me', (_req, res) => {
    res.json({ username: 'alice', email: 'alice@example.org', role: 'admin' });
  });

  // A strict host pattern, then execFile: no shell ever reads the value.
  router.get('/ping', (req, res) => {
    const host = firstValue(req.query.host);
    if (!HOST.test(host)) {
      res
        .status(400)
        .type('html')
        .send(page('Ping', '<p>Invalid host.</p>', res.locals));
      return;
    }
    const [command, ...args] = pingCommand.split(' ');
    execFile(command, [...args, host], { timeout: 5_000 }, () => {
      res.type('html').send(page('Ping', '<p>Check done.</p>', res.locals));
    });
  });

  // The resolved path must stay inside public/.
  router.get('/file', async (req, res) => {
    const name = firstValue(req.query.name);
    const target = resolve(publicDir, name);
    if (name.includes('\0') || !target.startsWith(publicDir + sep)) {
      res.status(400).type('text').send('Invalid document name.');
      return;
    }
    try {
      if (!(await stat(target)).isFile()) throw new Error('not a file');
      res.type('text').send(await readFile(target, 'utf8'));
    } catch {
      res.status(404).type('text').send('No such document.');
    }
  });

  // Only a local path: one leading slash, then not a second slash or a backslash.
  router.get('/redirect', (req, res) => {
    const next = firstValue(req.query.next, '/');
    const local =
      /^\/(?![/\\])/.test(next) &&
      !/[\p{Cc}\\]/u.test(next) &&
      new URL(next, 'http://placeholder.invalid').host === 'placeholder.invalid';
    if (!local) {
      res
        .status(400)
        .type('html')
        .send(page('Redirect', '<p>Refusing to leave the site.</p>', res.locals));
      return;
    }
    res.redirect(next);
  });

  // The name is data passed to a fixed template, never template source.
  router.get('/hello', (req, res) => {
    const name = firstValue(req.query.name);
    res
      .type('text')
      .send(
        renderTemplate('Hello, {{name}}! Welcome to {{shop}}.', { name, shop: 'Rampart Shop' }),
      );
  });

  // An allowlist of hosts, https only, checked before any request; redirects refused.
  router.get('/fetch', async (req, res) => {
    let url;
    try {
      url = new URL(firstValue(req.query.url));
    } catch {
      url = undefined;
    }
    if (
      url?.protocol !== 'https:' ||
      url.port !== '' ||
      url.username !== '' ||
      !FETCH_ALLOWLIST.has(url.hostname)
    ) {
      res
        .status(400)
        .type('html')
        .send(page('Link preview', '<p>This URL is not allowed.</p>', res.locals));
      return;
    }
    try {
      const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) });
      const body = await response.text();
      res
        .type('html')
        .send(
          page(
            'Link preview',
            `<p>Status ${response.status}, ${body.length} characters.</p>`,
            res.locals,
          ),
        );
    } catch {
      res
        .status(502)
        .type('html')
        .send(page('Link preview', '<p>Could not fetch.</p>', res.locals));
    }
  });

  // No DTD at all: DOCTYPE (and with it every entity declaration) is refused.
  router.post('/xml', express.text({ type: ['application/xml', 'text/xml'] }), (req, res) => {
    if (typeof req.body !== 'string' || req.body === '') {
      res.status(415).json({ error: 'Send an XML document as application/xml.' });
      return;
    }
    if (/<!DOCTYPE|<!ENTITY/i.test(req.body)) {
      res.status(400).json({ error: 'DOCTYPE is not allowed.' });
      return;
    }
    if (XMLValidator.validate(req.body) !== true) {
      res.status(400).json({ error: 'Invalid XML.' });
      return;
    }
    res.json({ imported: new XMLParser({ processEntities: false }).parse(req.body) });
  });

  // HttpOnly and SameSite=Lax. Secure is left out only because this demo runs over plain
  // http: a browser would never send a Secure cookie back to http://127.0.0.1.
  router.get('/login-page', (_req, res) => {
    res.cookie('session', 'c2Vzc2lvbi1mb3ItZ3Vlc3QtZGVtbw', {
      path: '/safe',
      httpOnly: true,
      sameSite: 'lax',
    });
    res.type('html').send(page('Signed in', '<p>You are signed in as guest.</p>', res.locals));
  });

  // No key in the URL: the session cookie identifies the user.
  router.get('/account', (req, res) => {
    const signedIn = /(?:^|;\s*)session=/.test(req.get('cookie') ?? '');
    res
      .type('html')
      .send(
        page(
          'Account',
          signedIn
            ? '<p>Signed in as guest.</p>'
            : '<p><a href="/safe/login-page">Sign in</a> first.</p>',
          res.locals,
        ),
      );
  });

  router.get('/crash', (req, _res) => {
    const session = req.session;
    return session.user.id;
  });

  // Single files only (no listing: /safe/files/ is a 404).
  router.use('/files', express.static(publicDir, { index: false }));

  // The script without its source map comment; the map and backups are not served.
  router.get('/static/app.js', async (_req, res) => {
    const source = await readFile(resolve(staticDir, 'app.js'), 'utf8');
    res.type('js').send(source.replace(/^\/\/# sourceMappingURL=.*$/m, ''));
  });

  // A generic error page: no message, no stack, nothing about the code.
  router.use((error, _req, res, _next) => {
    const status = error.status ?? error.statusCode ?? 500;
    if (status < 500) {
      res.status(status).type('text').send('Bad request.');
      return;
    }
    res
      .status(500)
      .type('html')
      .send(page('Something went wrong', '<p>Please try again later.</p>', res.locals));
  });

  return router;
}
