import { afterEach, describe, expect, it } from 'vitest';
import { exposedGitCheck } from './exposed-git.js';
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
  return runCheck(exposedGitCheck, siteContext(site, paths));
}

const CONFIG = '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n';

describe('dast/exposed-git', () => {
  it('reports .git/HEAD at the root', async () => {
    const [issue, ...rest] = await scan({
      routes: { '/.git/HEAD': { body: 'ref: refs/heads/main\n' } },
    });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      ruleId: 'dast/exposed-git',
      url: `${site?.origin}/.git/HEAD`,
      confidence: 'high',
      proof: 'ref: refs/heads/main',
    });
  });

  it('reports a detached HEAD (a bare commit id)', async () => {
    const issues = await scan({ routes: { '/.git/HEAD': { body: `${'a1'.repeat(20)}\n` } } });
    expect(issues).toHaveLength(1);
  });

  it('finds .git/config in a first-level directory seen during discovery', async () => {
    const issues = await scan({ routes: { '/vuln/.git/config': { body: CONFIG } } }, [
      '/',
      '/vuln/index.php',
      '/vuln/sub/page.php',
    ]);
    expect(issues.map((i) => i.url)).toEqual([`${site?.origin}/vuln/.git/config`]);
    expect(issues[0]?.proof).toBe('[core]');
  });

  it('does not report a server without a repository', async () => {
    expect(await scan({ routes: {} }, ['/', '/a/b'])).toEqual([]);
  });

  it('does not report an SPA that serves index.html for every path', async () => {
    expect(await scan({ routes: {}, fallback: catchAll }, ['/', '/shop/cart'])).toEqual([]);
  });

  it('does not report a catch-all that answers every path with the same HEAD-like text', async () => {
    const same = () => ({ body: 'ref: refs/heads/main\n' });
    expect(await scan({ routes: {}, fallback: same })).toEqual([]);
  });

  it('does not report a 403 for dotfiles', async () => {
    const deny = { status: 403, body: 'Forbidden' };
    expect(await scan({ routes: { '/.git/HEAD': deny, '/.git/config': deny } })).toEqual([]);
  });
});
