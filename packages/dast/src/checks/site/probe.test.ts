import { afterEach, describe, expect, it } from 'vitest';
import { exchange } from '../passive/test-support.js';
import { exposedGitCheck } from './exposed-git.js';
import { Prober, probeDirectories, samePage } from './probe.js';
import { catchAll, runCheck, siteContext, startSite, type TestSite } from './test-support.js';

let site: TestSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('Prober', () => {
  it('sends quietly: probes never reach the passive checks', async () => {
    site = await startSite({ routes: {} });
    const seen: string[] = [];
    const ctx = siteContext(site, ['/'], { onExchange: (e) => seen.push(e.request.url) });
    await runCheck(exposedGitCheck, ctx);
    expect(site.requests.length).toBeGreaterThan(0);
    expect(seen).toEqual([]);
  });

  it('stops without throwing once the budget is spent', async () => {
    site = await startSite({ routes: {} });
    const ctx = siteContext(site, ['/', '/a/x', '/b/x', '/c/x'], { maxRequests: 3 });
    await expect(runCheck(exposedGitCheck, ctx)).resolves.toEqual([]);
    expect(site.requests).toHaveLength(3);
  });

  it('never requests out of scope', async () => {
    site = await startSite({ routes: {} });
    const prober = new Prober(siteContext(site, []));
    expect(await prober.get('http://other.test/.env')).toBeUndefined();
    expect(site.requests).toEqual([]);
  });

  it('takes one baseline per directory and extension', async () => {
    site = await startSite({
      routes: { '/x/a.bak': { body: 'A' }, '/x/b.bak': { body: 'B' } },
      fallback: catchAll,
    });
    const prober = new Prober(siteContext(site, []));
    expect(await prober.found(`${site.origin}/x/a.bak`)).toBeDefined();
    expect(await prober.found(`${site.origin}/x/b.bak`)).toBeDefined();
    expect(await prober.found(`${site.origin}/x/c.bak`)).toBeUndefined();
    const baselines = site.requests.filter((r) => r.includes('rampart-'));
    expect(baselines).toHaveLength(1);
    expect(baselines[0]).toMatch(/^\/x\/rampart-[0-9a-f]{12}\.bak$/);
  });
});

describe('samePage', () => {
  const at = (url: string, body: string, status = 200) =>
    exchange({ url, body, status, contentType: 'text/html' });

  it('matches pages that differ only by the echoed path', () => {
    expect(
      samePage(
        at('http://a.test/x.bak', '<p>/x.bak not found</p>'),
        at('http://a.test/rampart-1', '<p>/rampart-1 not found</p>'),
      ),
    ).toBe(true);
  });

  it('tells different pages apart', () => {
    expect(samePage(at('http://a.test/.env', 'DB=1'), at('http://a.test/r', '<p>home</p>'))).toBe(
      false,
    );
    expect(samePage(at('http://a.test/a', 'same', 200), at('http://a.test/b', 'same', 404))).toBe(
      false,
    );
  });
});

describe('probeDirectories', () => {
  it('lists the root and first-level directories, capped', () => {
    const ctx = {
      origin: 'http://a.test',
      urls: [
        'http://a.test/a/1',
        'http://a.test/b/c/2',
        'http://a.test/top',
        'http://other.test/z/1',
        'http://a.test/a/3',
      ],
    };
    // Only origin and urls are read.
    const dirs = probeDirectories(ctx as unknown as Parameters<typeof probeDirectories>[0], 3);
    expect(dirs).toEqual(['http://a.test/', 'http://a.test/a/', 'http://a.test/b/']);
  });
});
