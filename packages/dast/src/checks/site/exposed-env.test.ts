import { afterEach, describe, expect, it } from 'vitest';
import { evidenceOf } from '../../evidence.js';
import { dotenvKeys, exposedEnvCheck } from './exposed-env.js';
import {
  catchAll,
  runCheck,
  type SiteSpec,
  siteContext,
  startSite,
  type TestSite,
} from './test-support.js';

let site: TestSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function scan(spec: SiteSpec, paths: string[] = ['/']) {
  site = await startSite(spec);
  return runCheck(exposedEnvCheck, siteContext(site, paths));
}

/** A made-up .env file, its secrets joined at run time so the repository's own scan stays clean. */
const ENV = [
  '# app\nNODE_ENV=production\nDB_HOST=db.internal\nDB_PASSWORD',
  'hunter2\nexport STRIPE_KEY',
  '"sk_live_abc"\n',
].join('=');

describe('dast/exposed-env', () => {
  it('reports a served .env, showing key names only', async () => {
    const [issue, ...rest] = await scan({ routes: { '/.env': { body: ENV } } });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      ruleId: 'dast/exposed-env',
      url: `${site?.origin}/.env`,
      confidence: 'high',
    });
    expect(issue?.message).toContain('NODE_ENV, DB_HOST, DB_PASSWORD, STRIPE_KEY');
    const evidence = issue?.exchange && evidenceOf(issue.exchange, issue.proof);
    const everything = JSON.stringify({ issue: { ...issue, exchange: undefined }, evidence });
    for (const secret of ['hunter2', 'db.internal', 'sk_live_abc', 'production']) {
      expect(everything).not.toContain(secret);
    }
    expect(evidence?.response).toContain('DB_PASSWORD=[redacted]');
  });

  it('probes first-level directories', async () => {
    const issues = await scan({ routes: { '/api/.env': { body: ENV } } }, ['/', '/api/users']);
    expect(issues.map((i) => i.url)).toEqual([`${site?.origin}/api/.env`]);
  });

  it.each([
    ['an SPA catch-all', { routes: {}, fallback: catchAll }],
    ['a plain 404', { routes: {} }],
    [
      'an HTML page at /.env',
      {
        routes: { '/.env': { headers: { 'content-type': 'text/html' }, body: '<html>A=1</html>' } },
      },
    ],
    [
      'prose at /.env',
      {
        routes: {
          '/.env': { body: 'Environment settings are documented elsewhere.\nSee the wiki.' },
        },
      },
    ],
    [
      'a catch-all answering the same KEY=VALUE text everywhere',
      { routes: {}, fallback: () => ({ body: 'STATUS=OK\nMODE=live\n' }) },
    ],
  ] satisfies [string, SiteSpec][])('does not report %s', async (_name, spec) => {
    expect(await scan(spec)).toEqual([]);
  });

  it('recognises dotenv text', () => {
    expect(dotenvKeys('A=1\nB_C=2')).toEqual(['A', 'B_C']);
    expect(dotenvKeys('<!doctype html>')).toBeUndefined();
    expect(dotenvKeys('foo=1\nbar=2')).toBeUndefined();
  });
});
