import { afterEach, describe, expect, it } from 'vitest';
import { backupFileCheck } from './backup-file.js';
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

async function scan(spec: SiteSpec, paths: string[]) {
  site = await startSite(spec);
  return runCheck(backupFileCheck, siteContext(site, paths));
}

const PAGES = ['/', '/about.html', '/login.php?next=/', '/img/logo.png', '/docs/'];

describe('dast/backup-file', () => {
  it('reports a PHP backup with source code as high', async () => {
    const issues = await scan(
      { routes: { '/login.php.bak': { body: '<?php $db = new PDO($dsn, "root", "pw"); ?>' } } },
      PAGES,
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      ruleId: 'dast/backup-file',
      url: `${site?.origin}/login.php.bak`,
      confidence: 'high',
      severity: 'high',
      proof: '<?php',
    });
  });

  it('reports an editor leftover of a static page with medium confidence', async () => {
    const issues = await scan({ routes: { '/about.html~': { body: 'About us (draft)' } } }, PAGES);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ url: `${site?.origin}/about.html~`, confidence: 'medium' });
    expect(issues[0]?.severity).toBeUndefined();
  });

  it.each([
    ['a plain 404', { routes: {} }],
    ['an SPA catch-all', { routes: {}, fallback: catchAll }],
    [
      'a soft 404 that echoes the path',
      {
        routes: {},
        fallback: (req) => ({ body: `Sorry, ${req.url} was not found on this server.` }),
      },
    ],
  ] satisfies [string, SiteSpec][])('does not report %s', async (_name, spec) => {
    expect(await scan(spec, PAGES)).toEqual([]);
  });

  it('skips images and sends at most 30 probes (plus baselines)', async () => {
    const paths = Array.from({ length: 40 }, (_, i) => `/d${i % 3}/page${i}.php`);
    await scan({ routes: {} }, [...paths, '/img/logo.png']);
    const probes = site?.requests.filter((r) => !r.includes('rampart-')) ?? [];
    expect(probes).toHaveLength(30);
    expect(probes.some((p) => p.includes('logo.png'))).toBe(false);
  });
});
