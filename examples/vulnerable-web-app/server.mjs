// Rampart Shop: a DELIBERATELY VULNERABLE web app for Rampart's DAST scanner and its
// end-to-end tests. Every endpoint exists twice: /vuln/... is broken on purpose and
// /safe/... is its fixed twin (VULNERABILITIES.md lists them all). It runs arbitrary shell
// commands and template code for whoever can reach it, so it only ever listens on a
// loopback address. Never deploy it.
//
//   node examples/vulnerable-web-app/server.mjs [port]
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';
import { openSeededDatabase } from './lib/db.mjs';
import { SqlWorkerClient } from './lib/sql-client.mjs';
import { homePage } from './routes/index-page.mjs';
import { createSafeRouter, safeHeaders } from './routes/safe.mjs';
import { createVulnRouter } from './routes/vuln.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

// `ping` is missing from many containers; `getent hosts` (a name lookup) then stands in, so
// that the command succeeds and `&&`-chained payloads run as well as `;`/`|`/`$()` ones.
function pingCommand() {
  const onPath = (name) =>
    (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
  if (onPath('ping')) return 'ping -c 1 -W 1';
  if (onPath('getent')) return 'getent hosts';
  return 'echo';
}

function createApp({ db, sql }) {
  const app = express();
  // Off for the whole app; the /vuln half sets its own banner headers.
  app.disable('x-powered-by');
  app.set('etag', false);
  const dirs = {
    publicDir: join(here, 'public'),
    staticDir: join(here, 'static'),
    pingCommand: pingCommand(),
  };
  const openapi = readFileSync(join(here, 'openapi.json'), 'utf8');

  // The home page and the OpenAPI document get the safe headers, so that nothing outside
  // /vuln/ has findings.
  app.get('/', safeHeaders, (_req, res) => {
    res.type('html').send(homePage(res.locals));
  });
  app.get('/openapi.json', safeHeaders, (_req, res) => {
    res.type('json').send(openapi);
  });
  app.use('/vuln', createVulnRouter({ sql, ...dirs }));
  app.use('/safe', createSafeRouter({ db, ...dirs }));
  return app;
}

/**
 * Starts the app on a loopback address and resolves once it listens.
 * @example const app = await startVulnerableApp(); await fetch(`${app.url}vuln/`); await app.close();
 */
export async function startVulnerableApp({ port = 0, host = '127.0.0.1' } = {}) {
  if (!LOOPBACK.has(host)) {
    throw new Error(`The vulnerable app only listens on a loopback address, not ${host}.`);
  }
  const db = openSeededDatabase();
  const sql = new SqlWorkerClient();
  sql.start();
  const app = createApp({ db, sql });
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, (error) => (error ? reject(error) : resolve(s)));
  });
  const address = server.address();
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostPart}:${address.port}/`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
      await sql.close();
      db.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? 3131);
  const app = await startVulnerableApp({ port });
  console.log(`Rampart Shop (deliberately vulnerable) is listening on ${app.url}`);
  console.log('Do not expose it: /vuln/ runs shell commands for anyone who asks.');
  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
